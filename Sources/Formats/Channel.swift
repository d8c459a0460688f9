/// One recorded quantity of a grid or image: Float32 samples, stored layer-major
/// (`[layer][row][column]`; a 2-D image has one layer).
public struct Channel: Sendable, Equatable {
    /// The vendor's name without its unit and direction, for example `LI Demod 1 X`.
    public var name: String
    /// The unit of the samples (`A`, `m`, `V`, …).
    public var unit: String
    /// Forward or backward sweep/scan.
    public var direction: ScanDirection
    /// The vendor's full label, for example `LI Demod 1 X [bwd] (A)`.
    public var longName: String
    /// Samples, `layers × rows × columns`, row 0 at the bottom of the scan frame.
    public var data: [Float]

    public init(name: String, unit: String, direction: ScanDirection = .forward,
                longName: String? = nil, data: [Float]) {
        self.name = name
        self.unit = unit
        self.direction = direction
        self.longName = longName ?? (unit.isEmpty ? name : "\(name) (\(unit))")
        self.data = data
    }

    /// The dataset name used in QPIKit's HDF5 layout: the name with every run of characters
    /// outside `[A-Za-z0-9]` replaced by `_`, then `_fwd` or `_bwd`.
    public var datasetName: String { "\(Channel.sanitized(name))_\(direction.suffix)" }

    /// `name` with every run of characters outside `[A-Za-z0-9]` replaced by one `_`
    /// (leading and trailing runs dropped).
    public static func sanitized(_ name: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for scalar in name.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingUnderscore && !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingUnderscore = true
            }
        }
        return out.isEmpty ? "channel" : out
    }
}
