/// The direction in which a channel was recorded: along the sweep or scan line (`forward`)
/// or back (`backward`).
public enum ScanDirection: String, Sendable, Codable, CaseIterable {
    case forward
    case backward

    /// The suffix used in dataset names: `fwd` or `bwd`.
    public var suffix: String { self == .forward ? "fwd" : "bwd" }
}
