import Foundation
import Testing
@testable import Preprocess
import QPICore

/// The common q-frame: axes, and rendering of lattice-mesh maps against analytic plane waves.
@Suite struct QFrameTests {
    @Test func axisIsCentredWithAPixelAtZero() {
        let frame = QFrame(halfWidth: 1.2, pixels: 101)
        #expect(frame.axis.first == -1.2 && abs(frame.axis.last! - 1.2) < 1e-12)
        #expect(abs(frame.axis[50]) < 1e-15)
        #expect(abs(frame.step - 0.024) < 1e-15)
    }

    /// cos(q·R) on the mesh (exactly cos(2π(mi + nj)/N)) must render to cos(|b| Q·R) at the
    /// frame's Cartesian Q, which checks the orientation (b2 along +qy) and the scale (|b|).
    @Test(arguments: [(1, 0), (0, 1), (2, -1), (1, 1)])
    func planeWavesRenderToTheirCartesianValues(site: (Int, Int)) {
        let n = 256
        let (i, j) = site
        let mesh = (0..<(n * n)).map { cos(2 * Double.pi * Double(($0 / n) * i + ($0 % n) * j) / Double(n)) }
        let frame = QFrame(halfWidth: 1.3, pixels: 41)
        let rendered = frame.render(mesh: mesh, size: n)
        let bragg = 4 * Double.pi / 3.0.squareRoot()
        let r = (x: Double(i) + Double(j) / 2, y: Double(j) * 3.0.squareRoot() / 2)
        for (row, qy) in frame.axis.enumerated() {
            for (column, qx) in frame.axis.enumerated() {
                let expected = cos(bragg * (qx * r.x + qy * r.y))
                #expect(abs(Double(rendered[row * frame.pixels + column]) - expected) < 2e-3)
            }
        }
    }

    @Test func braggPeaksSitOnTheHexagonOfRadiusOne() {
        // A map that is 1 only at the mesh origin (q ≡ 0 modulo the reciprocal lattice) lights up
        // at q = 0 and at the six Bragg vectors, one of them on +qy.
        let n = 64
        var mesh = [Double](repeating: 0, count: n * n)
        mesh[0] = 1
        let frame = QFrame(halfWidth: 1, pixels: 201)   // step 0.01
        let rendered = frame.render(mesh: mesh, size: n)
        func value(_ qx: Double, _ qy: Double) -> Float {
            rendered[Int(((qy + 1) / frame.step).rounded()) * frame.pixels + Int(((qx + 1) / frame.step).rounded())]
        }
        #expect(value(0, 0) > 0.99)
        #expect(value(0, 1) > 0.99 && value(0, -1) > 0.99)
        #expect(value(0.5, 0.5) < 0.01)
    }
}
