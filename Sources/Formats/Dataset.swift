/// The data model every reader produces and every writer consumes: a spectral grid
/// (sweep × y × x) or, without a sweep axis, a scan image (y × x).
///
/// Orientation is fixed: row index increases with y and row 0 is the bottom line of the scan
/// frame; column index increases with x. Backward planes are mirrored so that pixel (r, c) of a
/// forward and a backward channel is the same place. The scan angle is recorded in `metadata`.
public struct Dataset: Sendable, Equatable {
    /// The sweep axis (bias in V, or another swept quantity with its own name and unit);
    /// nil for a 2-D image.
    public var sweep: Axis?
    /// Column coordinates in the scan frame, in m.
    public var x: Axis
    /// Row coordinates in the scan frame, in m (increasing with the row index).
    public var y: Axis
    /// The recorded channels, each `layers × rows × columns`.
    public var channels: [Channel]
    /// Per-pixel parameters (grids only).
    public var parameters: [PixelParameter]
    /// Source, scan angle, missing pixels, assumptions and provenance.
    public var metadata: Metadata

    public init(sweep: Axis?, x: Axis, y: Axis, channels: [Channel],
                parameters: [PixelParameter] = [], metadata: Metadata) {
        self.sweep = sweep
        self.x = x
        self.y = y
        self.channels = channels
        self.parameters = parameters
        self.metadata = metadata
    }

    /// True for a spectral grid, false for a 2-D image.
    public var isGrid: Bool { sweep != nil }
    /// Number of layers: the sweep points of a grid, 1 for an image.
    public var layerCount: Int { sweep?.count ?? 1 }
    /// Pixels per layer.
    public var pixelCount: Int { x.count * y.count }

    /// The first channel whose name, dataset name or long name matches `query` (case-insensitive),
    /// preferring forward channels.
    public func channel(named query: String) -> Channel? {
        let q = query.lowercased()
        let matches = channels.filter {
            $0.name.lowercased() == q || $0.datasetName.lowercased() == q
                || $0.longName.lowercased() == q || Channel.sanitized($0.name).lowercased() == q
        }
        return matches.first { $0.direction == .forward } ?? matches.first
    }

    /// The channel to take as the topograph of an image: the (forward) height channel `Z`, else
    /// the first channel; nil without channels.
    public var heightChannel: Channel? { channel(named: "Z") ?? channels.first }
}
