/// One differentiable stage of a network. `forward` caches what `backward` needs; `backward`
/// takes ∂L/∂output, adds ∂L/∂parameters to the parameters' gradients and returns ∂L/∂input.
public protocol Layer: AnyObject {
    var parameters: [Parameter] { get }
    func forward(_ input: Tensor, training: Bool) -> Tensor
    func backward(_ outputGradient: Tensor) -> Tensor
}

/// The declarative description of one layer, stored in model files so a network can be rebuilt.
public enum LayerSpec: Codable, Sendable, Equatable {
    /// k×k convolution, stride 1, zero padding k/2, with bias.
    case convolution(outputs: Int, kernel: Int)
    /// Group normalisation over groups of channels within each sample (Wu & He 2018), with a
    /// per-channel scale and shift.
    case groupNorm(groups: Int)
    case relu
    /// 2×2 max pooling, stride 2.
    case maxPool
    /// 2×2 average pooling, stride 2.
    case averagePool
    /// Image `[C, B, H, W]` → features `[B, C·H·W]`.
    case flatten
    /// Fully connected layer with bias.
    case dense(outputs: Int)
}
