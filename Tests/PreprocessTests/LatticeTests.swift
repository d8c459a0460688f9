import Foundation
import Testing
@testable import Preprocess

/// Bragg peaks and Lawler–Fujita drift correction on synthetic images with known answers.
@Suite struct LatticeTests {
    /// Distance in Fourier pixels (k = q N / 2π) from `peak` to the nearest of ±`truth`.
    static func distance(_ peak: BraggPeak, _ truth: [SIMD2<Double>], size n: Int) -> Double {
        let k = peak.vector * Double(n) / (2 * Double.pi)
        return truth.flatMap { [$0, -$0] }.map { t -> Double in
            let d = k - t * Double(n) / (2 * Double.pi)
            return (d * d).sum().squareRoot()
        }.min()!
    }

    @Test(arguments: [(7.3, 0.21), (9.1, 1.0), (6.2, -0.4)])
    func braggPeaksWithinTwoHundredthsOfAPixel(lattice: (Double, Double)) throws {
        let n = 256
        let bragg = SyntheticLattice.hexagonal(a: lattice.0, angle: lattice.1)
        let image = SyntheticLattice.image(size: n, bragg: bragg, noise: 1.0, seed: 7)
        let found = try BraggPeakFinder.find(in: image, lattice: .hexagonal)
        #expect(found.count == 3)
        for peak in found {
            let error = Self.distance(peak, bragg, size: n)
            #expect(error < 0.02, "peak \(peak) is \(error) px from the nearest true Bragg vector")
        }
    }

    @Test func squareLatticePeaks() throws {
        let n = 200
        let length = 2 * Double.pi / 6.7
        let bragg = [SIMD2(cos(0.3), sin(0.3)) * length, SIMD2(-sin(0.3), cos(0.3)) * length]
        let found = try BraggPeakFinder.find(in: SyntheticLattice.image(size: n, bragg: bragg, noise: 0.5), lattice: .square)
        #expect(found.count == 2)
        for peak in found { #expect(Self.distance(peak, bragg, size: n) < 0.01) }
    }

    @Test func noLatticeIsAClearError() {
        let flat = Plane(rows: 64, columns: 64, repeating: 1)
        #expect(throws: PreprocessError.self) { try BraggPeakFinder.find(in: flat, lattice: .hexagonal) }
    }

    /// A near-hexagonal lattice whose Bragg vectors sit on whole Fourier pixels of a 256² image,
    /// warped by a smooth field of amplitude up to half a lattice constant.
    static let n = 256
    static let commensurate = [SIMD2(32.0, 0), SIMD2(16, 28), SIMD2(-16, 28)].map { $0 * 2 * Double.pi / Double(n) }
    static let latticeConstant = 2 * Double.pi / (3.0.squareRoot() / 2 * (commensurate[0] * commensurate[0]).sum().squareRoot())

    /// Periodic over the image (no net strain, which would move the lattice to another
    /// commensurate one), with amplitude up to half a lattice constant.
    static func trueField(_ x: Double, _ y: Double) -> SIMD2<Double> {
        let a = latticeConstant, w = 2 * Double.pi / Double(n)
        return SIMD2(0.5 * a * sin(w * y + 0.4) + 0.15 * a * cos(2 * w * x),
                     0.4 * a * cos(w * x - 0.2) + 0.2 * a * sin(w * (x + y)))
    }

    /// Fraction of the power within 2 Fourier pixels of a Bragg pixel that sits on it, in the
    /// central 128 × 128 pixels (away from the borders, where the correction lacks data; the
    /// lattice is still commensurate there).
    static func sharpness(_ full: Plane, at q: SIMD2<Double>) -> Double {
        let offset = (full.rows - 128) / 2
        let plane = Plane(rows: 128, columns: 128, values: (0 ..< 128 * 128).map { full[offset + $0 / 128, offset + $0 % 128] })
        let magnitude = Fourier.magnitude(plane.subtractingMean())
        let k = q * Double(plane.columns) / (2 * Double.pi)
        let (kx, ky) = (Int(k.x.rounded()), Int(k.y.rounded()))
        var total = 0.0
        for dy in -2...2 { for dx in -2...2 {
            let v = magnitude[(ky + dy + plane.rows) % plane.rows, (kx + dx + plane.columns) % plane.columns]
            total += v * v
        } }
        let centre = magnitude[(ky + plane.rows) % plane.rows, (kx + plane.columns) % plane.columns]
        return centre * centre / total
    }

    @Test func lawlerFujitaRecoversTheDisplacementField() throws {
        let image = SyntheticLattice.image(size: Self.n, bragg: Self.commensurate, noise: 0.3, displacement: Self.trueField)
        let peaks = try BraggPeakFinder.find(in: image, lattice: .hexagonal)
        let result = LawlerFujita.measure(topograph: image, peaks: peaks, filterLength: Self.latticeConstant)
        for q in result.commensurate { #expect(Self.distance(q, Self.commensurate, size: Self.n) < 1e-9) }
        // Compare away from the border (three filter lengths), up to a constant shift.
        let border = Int(6 * Self.latticeConstant)
        var dx: [Double] = [], dy: [Double] = []
        for r in border ..< Self.n - border { for c in border ..< Self.n - border {
            let truth = Self.trueField(Double(c), Double(r))
            dx.append(result.field.ux[r, c] - truth.x)
            dy.append(result.field.uy[r, c] - truth.y)
        } }
        let (mx, my) = (dx.reduce(0, +) / Double(dx.count), dy.reduce(0, +) / Double(dy.count))
        let rms = (zip(dx, dy).map { ($0 - mx) * ($0 - mx) + ($1 - my) * ($1 - my) }.reduce(0, +) / Double(dx.count)).squareRoot()
        print("Lawler–Fujita: RMS error \(rms / Self.latticeConstant) a (constant shift \(mx), \(my) px)")
        #expect(rms < 0.03 * Self.latticeConstant)

        let corrected = result.field.apply(to: image)
        let before = Self.commensurate.map { Self.sharpness(image, at: $0) }
        let after = Self.commensurate.map { Self.sharpness(corrected, at: $0) }
        print("Bragg peak sharpness \(before) → \(after)")
        #expect(before.reduce(0, +) / 3 < 0.5)
        for value in after { #expect(value > 0.98) }
    }

    @Test func layersAreCorrectedLikeTheTopograph() throws {
        let image = SyntheticLattice.image(size: 64, bragg: [SIMD2(8.0, 0), SIMD2(4, 7), SIMD2(-4, 7)].map { $0 * 2 * Double.pi / 64 },
                                           displacement: { x, y in SIMD2(sin(y / 20), cos(x / 15)) })
        let field = DisplacementField(ux: Plane(rows: 64, columns: 64, values: (0..<4096).map { sin(Double($0 / 64) / 20) }),
                                      uy: Plane(rows: 64, columns: 64, values: (0..<4096).map { cos(Double($0 % 64) / 15) }))
        let single = field.apply(to: image)
        var layers = (image.values + image.values.map { 2 * $0 }).map(Float.init)
        field.apply(toLayers: &layers, rows: 64, columns: 64)
        for i in 0..<4096 {
            #expect(abs(Double(layers[i]) - single.values[i]) < 1e-5)
            #expect(abs(Double(layers[4096 + i]) - 2 * single.values[i]) < 2e-5)
        }
        // A uniform shift by whole pixels moves every sample exactly (away from the clamped edge).
        let shift = DisplacementField(ux: Plane(rows: 64, columns: 64, repeating: 2), uy: Plane(rows: 64, columns: 64, repeating: -1))
        let moved = shift.apply(to: image)
        for r in 2..<60 { for c in 4..<60 { #expect(abs(moved[r, c] - image[r + 1, c - 2]) < 1e-5) } }
    }
}
