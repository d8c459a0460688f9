import Foundation
import Testing
import Formats
@testable import Preprocess
import QPICore
import TestSupport

/// Single images: the lattice of a synthetic drifting image, and of two real atomic images with
/// their known lattices (FeSe, square; monolayer NbS2, hexagonal with a 3 × 3 charge-density wave).
@Suite struct ImagePreprocessorTests {
    static func image(_ plane: Plane, pixel: Double) -> Dataset {
        let x = Axis.pixelCentres(name: "x", center: 0, width: Double(plane.columns) * pixel, count: plane.columns)
        return Dataset(sweep: nil, x: x, y: Axis.pixelCentres(name: "y", center: 0, width: Double(plane.rows) * pixel, count: plane.rows),
                       channels: [Channel(name: "Z", unit: "m", data: plane.values.map(Float.init)),
                                  Channel(name: "Current", unit: "A", data: plane.values.map { Float(1e-10 * $0) })],
                       metadata: Metadata(source: SourceInfo(format: "test", fileName: "synthetic")))
    }

    /// A hexagonal lattice of 7.3 px (0.73 nm at 0.1 nm per pixel) with a smooth drift: the
    /// lattice constant comes back, the drift correction sharpens every Bragg peak, and every
    /// channel is corrected alike.
    @Test func syntheticDriftingLattice() throws {
        let bragg = SyntheticLattice.hexagonal(a: 7.3, angle: 0.21)
        let plane = SyntheticLattice.image(size: 192, bragg: bragg, noise: 0.3) { x, y in
            SIMD2(3 * sin(2 * Double.pi * y / 192), 2.5 * cos(2 * Double.pi * x / 192))
        }
        let result = try ImagePreprocessor.run(Self.image(plane, pixel: 1e-10))
        #expect(abs(result.lattice.latticeConstant - 7.3e-10) < 0.02 * 7.3e-10)   // measured on the drifting image
        #expect(abs(result.lattice.latticeAngle - 60) < 2)   // measured on the drifting image
        for (before, after) in zip(result.lattice.sharpnessBefore, result.lattice.sharpnessAfter) { #expect(after > 1.5 * before) }
        let (z, current) = (result.corrected.channels[0].data, result.corrected.channels[1].data)
        #expect(zip(z, current).allSatisfy { abs(Double($1) - 1e-10 * Double($0)) <= 1e-15 + 1e-6 * abs(1e-10 * Double($0)) })
        #expect(result.corrected.metadata.provenance.map(\.step) == ["bragg-peaks", "drift-correction"])
    }

    @Test func gridsAreNotImages() throws {
        var grid = Self.image(Plane(rows: 32, columns: 32), pixel: 1e-10)
        grid.sweep = Axis(name: "Bias", unit: "V", values: [0])
        #expect(throws: PreprocessError.self) { try ImagePreprocessor.run(grid) }
    }

    /// FeSe: the Se lattice, 0.377 nm square, in the file's own scale.
    @Test(.enabled(if: TestSupport.isCI || TestSupport.sharedAvailable(["images"]))) func feseSquareLattice() throws {
        var options = PreprocessingOptions()
        options.lattice = .square
        let result = try ImagePreprocessor.run(try DataFormat.read(path: TestSupport.sharedData.appendingPathComponent("images/fese_topograph.sxm").path),
                                               options: options)
        print("FeSe: a = \(result.lattice.latticeConstant * 1e9) nm, angle \(result.lattice.latticeAngle)°")
        #expect(abs(result.lattice.latticeConstant - 0.377e-9) < 0.015 * 0.377e-9)
        #expect(abs(result.lattice.latticeAngle - 90) < 3)
    }

    /// Monolayer NbS2: the atomic lattice (about 0.31 nm), not the 3 × 3 charge-density wave.
    @Test(.enabled(if: TestSupport.isCI || TestSupport.sharedAvailable(["images"]))) func nbs2AtomicNotCDW() throws {
        let result = try ImagePreprocessor.run(try DataFormat.read(path: TestSupport.sharedData.appendingPathComponent("images/nbs2_monolayer_gwyddion_ascii.txt").path))
        print("NbS2: a = \(result.lattice.latticeConstant * 1e9) nm, angle \(result.lattice.latticeAngle)°")
        #expect(abs(result.lattice.latticeConstant - 0.31e-9) < 0.04 * 0.31e-9)
        #expect(abs(result.lattice.latticeAngle - 60) < 3)
        // Its charge-density wave is reported apart from the atomic peaks: 3 × 3.
        print("NbS2 superstructure: \(result.superstructure.peaks.map { String(format: "(%.3f, %.3f) n=%d %.2f", $0.h, $0.k, $0.period, $0.relativeAmplitude) })")
        #expect(result.superstructure.period == 3)
    }

    /// A hexagonal lattice with a 3 × 3 modulation (cosines at b/3 along the three directions,
    /// 0.3 of the atomic amplitude) and without: the superstructure is found at (h, k) = multiples
    /// of 1/3 only when it is there.
    @Test func superstructureIsToldApartFromTheLattice() throws {
        let bragg = SyntheticLattice.hexagonal(a: 6.3, angle: 0.35)
        let plain = SyntheticLattice.image(size: 192, bragg: bragg, noise: 0.3)
        let none = try ImagePreprocessor.run(Self.image(plain, pixel: 0.5e-10))
        #expect(none.superstructure.peaks.isEmpty, "\(none.superstructure.peaks)")
        let charge = SyntheticLattice.image(size: 192, bragg: bragg.map { $0 / 3 }, noise: 0)
        let modulated = Plane(rows: 192, columns: 192, values: zip(plain.values, charge.values).map { $0 + 0.3 * $1 })
        let found = try ImagePreprocessor.run(Self.image(modulated, pixel: 0.5e-10)).superstructure
        #expect(found.period == 3)
        #expect(found.peaks.count >= 3 && found.peaks.allSatisfy { $0.period == 3 })
        for peak in found.peaks {
            #expect(abs(3 * peak.h - (3 * peak.h).rounded()) < 0.15 && abs(3 * peak.k - (3 * peak.k).rounded()) < 0.15)
            #expect(peak.relativeAmplitude > 0.15 && peak.relativeAmplitude < 0.6, "\(peak)")
        }
    }

    /// `qpi preprocess IMAGE` writes the corrected image and the diagnostics a grid gets.
    @Test func preprocessCommandOnAnImage() throws {
        let folder = TestSupport.scratch()
        let input = folder.appendingPathComponent("image.h5").path
        let bragg = SyntheticLattice.hexagonal(a: 6.1, angle: -0.4)
        try HDF5Writer.write(Self.image(SyntheticLattice.image(size: 128, bragg: bragg, noise: 0.2), pixel: 0.5e-10), to: input)
        let out = folder.appendingPathComponent("pre.h5").path
        let (status, output) = TestSupport.qpi(["preprocess", input, "--out", out])
        try #require(status == 0, "\(output)")
        let file = try HDF5Arrays(path: out)
        let constant = try #require(try file.numberAttribute("lattice_constant_m", of: "entry/diagnostics"))
        #expect(abs(constant - 6.1 * 0.5e-10) < 0.01 * 6.1 * 0.5e-10)
        #expect(try file.doubles("entry/diagnostics/sharpness_before").count == 3)
        #expect(try file.doubles("entry/diagnostics/sharpness_after").count == 3)
        #expect(try file.shape("entry/diagnostics/fourier_magnitude") == [128, 128])
        #expect(try file.numberAttribute("superstructure_period", of: "entry/diagnostics") == 0)
        #expect(try file.shape("entry/diagnostics/superstructure_peaks") == [0, 2])
        #expect(TestSupport.contents(folder).contains("pre_fft.png"))
    }
}
