import Foundation
import Preprocess
import Testing
@testable import Model
import QPICore

/// The mirror-averaged outputs are exactly invariant under the frame's mirrors (the average runs
/// over a group), with sin 2φ changing sign under either mirror; and the mirrors are the ones
/// of the q-frame (a map's pixel at q goes to −qx or −qy).
@Suite struct MirrorAveragingTests {
    static let classes = 5
    let network = try! Network(spec: NetworkSpec(inputShape: [2, 9, 9], layers: [
        .convolution(outputs: 4, kernel: 3), .relu, .maxPool, .flatten,
        .dense(outputs: classes + RegressionTarget.allCases.count),
    ]), seed: 5)

    static func input(seed: UInt64) -> Tensor {
        var random = SeededRandom(seed: seed)
        return Tensor(shape: [3, 2, 9, 9], data: (0 ..< 3 * 2 * 81).map { _ in Float(random.gaussian()) })
    }

    @Test(arguments: [(false, true), (true, false), (true, true)])
    func averagedOutputsAreInvariant(flipRows: Bool, flipColumns: Bool) {
        let x = Self.input(seed: 3)
        let original = MirrorAveraging.outputs(of: network, for: x, classes: Self.classes)
        let image = MirrorAveraging.outputs(of: network,
                                            for: MirrorAveraging.mirrored(x, flipRows: flipRows, flipColumns: flipColumns),
                                            classes: Self.classes)
        let width = original.shape[1], sine = Self.classes + 2
        for s in 0..<3 {
            for j in 0..<width {
                let expected = (j == sine && flipRows != flipColumns ? -1 : 1) * original.data[s * width + j]
                #expect(abs(image.data[s * width + j] - expected) < 1e-5, "output \(j) of example \(s)")
            }
        }
        // Without averaging the network itself is not invariant, so the check above can fail.
        let plain = network.forward(x), mirroredPlain = network.forward(
            MirrorAveraging.mirrored(x, flipRows: flipRows, flipColumns: flipColumns))
        #expect(zip(plain.data, mirroredPlain.data).contains { abs($0 - $1) > 1e-3 })
    }

    @Test func mirrorsActOnTheFrameAxes() {
        let frame = QFrame(halfWidth: 1, pixels: 9)
        let axis = frame.axis
        // A map equal to qx + 10 qy at each pixel: mirroring columns negates qx, rows negates qy.
        let map = (0..<81).map { Float(axis[$0 % 9] + 10 * axis[$0 / 9]) }
        let x = Tensor(shape: [1, 1, 9, 9], data: map)
        let columns = MirrorAveraging.mirrored(x, flipRows: false, flipColumns: true).data
        let rows = MirrorAveraging.mirrored(x, flipRows: true, flipColumns: false).data
        for i in 0..<81 {
            #expect(abs(Double(columns[i]) - (-axis[i % 9] + 10 * axis[i / 9])) < 1e-5)
            #expect(abs(Double(rows[i]) - (axis[i % 9] - 10 * axis[i / 9])) < 1e-5)
        }
    }
}
