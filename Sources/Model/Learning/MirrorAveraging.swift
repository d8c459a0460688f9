/// Test-time symmetry averaging: the network's outputs averaged over the input and its images
/// under the three symmetries of the q-frame's pixel grid that belong to C6v (the mirrors
/// qx → −qx and qy → −qy, and the rotation by π). Every class is closed under C6v, so the class
/// logits, χ, cos 2φ and the chirality indicator are averaged as they are; sin 2φ of the E′
/// nematic angle changes sign under either mirror (φ → π − φ or −φ) and is averaged with that
/// sign. Four forward passes per input; on the shipped model's fresh test set this lifts
/// accuracy by about 0.5 % and halves the nematic-angle error (docs/model-card.md).
public enum MirrorAveraging {
    /// The averaged outputs `[batch, outputs]` of `network` for `inputs` `[batch, energies, m, m]`;
    /// `classes` is the number of class logits before the regression outputs.
    public static func outputs(of network: Network, for inputs: Tensor, classes: Int) -> Tensor {
        var total = network.forward(inputs)
        let width = total.shape[1], sine = classes + RegressionTarget.allCases.firstIndex(of: .nematicSin)!
        for (flipRows, flipColumns) in [(false, true), (true, false), (true, true)] {
            let outputs = network.forward(mirrored(inputs, flipRows: flipRows, flipColumns: flipColumns))
            let sign: Float = flipRows != flipColumns ? -1 : 1
            for s in 0 ..< outputs.shape[0] {
                for j in 0..<width { total.data[s * width + j] += (j == sine ? sign : 1) * outputs.data[s * width + j] }
            }
        }
        for i in total.data.indices { total.data[i] /= 4 }
        return total
    }

    /// `inputs` `[batch, energies, m, m]` with the rows and/or columns of every map reversed
    /// (the frame is centred on q = 0, so this mirrors q).
    static func mirrored(_ inputs: Tensor, flipRows: Bool, flipColumns: Bool) -> Tensor {
        let m = inputs.shape[3], plane = m * m
        var out = inputs
        for start in stride(from: 0, to: inputs.data.count, by: plane) {
            for row in 0..<m {
                let source = start + (flipRows ? m - 1 - row : row) * m
                for column in 0..<m {
                    out.data[start + row * m + column] = inputs.data[source + (flipColumns ? m - 1 - column : column)]
                }
            }
        }
        return out
    }
}
