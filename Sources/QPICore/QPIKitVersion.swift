/// The software version recorded in every output's provenance.
public enum QPIKitVersion {
    /// Semantic version of this build of QPIKit.
    public static let current = "0.1.0"
}
