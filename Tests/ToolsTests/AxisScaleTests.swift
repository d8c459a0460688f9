import Testing
@testable import Tools

/// Axis labels of the report's figures stay readable at any magnitude of the data.
@Suite struct AxisScaleTests {
    /// A spectrum in amperes of order 1e-12 (the independent grids): the unit gets its prefix and
    /// the ticks their digits, instead of every tick reading "0".
    @Test func picoampereDataGetAPrefix() {
        let axis = AxisScale.quantity(low: 1.2e-13, high: 5.9e-12, name: "⟨dI/dV⟩", unit: "A")
        #expect(axis.label == "⟨dI/dV⟩ (pA)")
        let labels = axis.ticks.map(axis.tickLabel)
        #expect(labels == ["2", "4"])   // a step of 2 pA over 0.12…5.9 pA
    }

    @Test func otherUnitsGetAPowerOfTen() {
        let axis = AxisScale.quantity(low: -3e-5, high: 4e-5, name: "⟨dI/dV⟩", unit: "a.u.")
        #expect(axis.label == "⟨dI/dV⟩ (×10⁻⁶ a.u.)")
        #expect(axis.ticks.map(axis.tickLabel) == ["−20", "0", "20", "40"])
    }

    @Test func ordinaryMagnitudesAreUntouched() {
        let axis = AxisScale.quantity(low: 0, high: 2.5, name: "⟨dI/dV⟩", unit: "nS")
        #expect(axis.label == "⟨dI/dV⟩ (nS)" && axis.factor == 1)
        #expect(axis.ticks.map(axis.tickLabel) == ["0", "0.5", "1", "1.5", "2", "2.5"])
    }
}
