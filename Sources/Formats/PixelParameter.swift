/// A value recorded once per pixel of a grid (tip position, set-point, sweep limits, …).
public struct PixelParameter: Sendable, Equatable {
    /// The vendor's name without its unit, for example `Z offset`.
    public var name: String
    /// The unit, for example `m`.
    public var unit: String
    /// One value per pixel, `rows × columns`, oriented like the channels.
    public var values: [Float]

    public init(name: String, unit: String, values: [Float]) {
        self.name = name
        self.unit = unit
        self.values = values
    }
}
