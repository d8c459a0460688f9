import QPICore

/// Everything about a data set besides its samples and axes.
public struct Metadata: Sendable, Equatable, Codable {
    /// The original source.
    public var source: SourceInfo
    /// Scan-frame rotation in degrees, as recorded (never resampled away).
    public var scanAngleDegrees: Double
    /// Pixels that the source declared but did not contain (an aborted grid); they hold NaN.
    public var missingPixels: Int
    /// What a reader had to assume because the file did not say (units, energies, pixel size).
    public var assumptions: [String]
    /// Processing history, oldest first.
    public var provenance: [ProcessStep]

    public init(source: SourceInfo, scanAngleDegrees: Double = 0, missingPixels: Int = 0,
                assumptions: [String] = [], provenance: [ProcessStep] = []) {
        self.source = source
        self.scanAngleDegrees = scanAngleDegrees
        self.missingPixels = missingPixels
        self.assumptions = assumptions
        self.provenance = provenance
    }
}
