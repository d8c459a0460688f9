import QPICore

/// The HDF5 layout of map stacks in preprocessed files, written and read only here: the NXdata
/// group `/entry/qmaps` with axes `energy_over_gap`, `qy`, `qx` (units of |b|), holding `qmaps`
/// (symmetrised with the group named in its `symmetry` attribute, or as measured when `none`),
/// `qmaps_raw` (never symmetrised), `counts` (symmetry images averaged per pixel), and the gap as
/// attributes `delta_meV` and `gap_method`.
extension QMapStack {
    /// The group every preprocessed file keeps its maps in.
    public static let preprocessedGroup = "entry/qmaps"

    /// Attributes of the frame's q axes.
    public static let frameAxisAttributes: [String: HDF5Document.Attribute] = [
        "units": .string("|b|"), "long_name": .string("in units of |b| = 4π/(√3 a); a Bragg vector on +qy"),
    ]

    /// Writes `/entry/qmaps`: this (unsymmetrised) stack as `qmaps_raw`, `symmetrised` as `qmaps`
    /// with its per-pixel `counts`, and `attributes` added to the group's own.
    public func writePreprocessed(symmetrised: QMapStack, counts: [[Float]], attributes: [String: HDF5Document.Attribute],
                                  into file: HDF5Document) throws {
        precondition(symmetry == .none, "the raw stack of a preprocessed file is unsymmetrised")
        let group = Self.preprocessedGroup, m = frame.pixels, count = maps.count, axis = frame.axis
        var groupAttributes: [String: HDF5Document.Attribute] = [
            "NX_class": .string("NXdata"), "signal": .string("qmaps"), "axes": .strings(["energy_over_gap", "qy", "qx"]),
            "symmetry": .string(symmetrised.symmetry.rawValue),
        ]
        if let gap {
            groupAttributes["delta_meV"] = .number(gap.delta)
            groupAttributes["gap_method"] = .string(gap.method.rawValue)
        }
        try file.group(group, attributes: groupAttributes.merging(attributes) { own, _ in own })
        let longName = symmetrised.symmetry == .none ? "|FFT| in the common frame (not symmetrised)"
            : "|FFT| in the common frame, symmetrised with \(symmetrised.symmetry.rawValue)"
        try file.dataset("\(group)/qmaps", symmetrised.maps.flatMap { $0 }, dims: [count, m, m], attributes: ["long_name": .string(longName)])
        try file.dataset("\(group)/qmaps_raw", maps.flatMap { $0 }, dims: [count, m, m])
        try file.dataset("\(group)/counts", counts.flatMap { $0 }, dims: [count, m, m],
                         attributes: ["long_name": .string("symmetry images averaged per pixel")])
        try file.dataset("\(group)/energy_over_gap", ratios, dims: [count])
        try file.dataset("\(group)/qx", axis, dims: [m], attributes: Self.frameAxisAttributes)
        try file.dataset("\(group)/qy", axis, dims: [m], attributes: Self.frameAxisAttributes)
    }

    /// The unsymmetrised stack of a file written by `qpi preprocess` (`qmaps_raw`, whatever
    /// symmetrisation the file's `qmaps` had), with its gap and the file's provenance; nil for any
    /// other file.
    public static func readPreprocessed(path: String) throws -> QMapStack? {
        guard path.hasSuffix(".h5") || path.hasSuffix(".hdf5") || path.hasSuffix(".nxs"),
              let file = try? HDF5Arrays(path: path), file.hasDataset("\(preprocessedGroup)/qmaps_raw") else { return nil }
        let group = preprocessedGroup
        let shape = try file.shape("\(group)/qmaps_raw")
        guard shape.count == 3, shape[1] == shape[2], shape[1] > 1 else {
            throw FormatError(.corrupt, path: path, "/\(group)/qmaps_raw has shape \(shape), not [maps, pixels, pixels]")
        }
        let values = try file.floats("\(group)/qmaps_raw")
        let ratios = try file.doubles("\(group)/energy_over_gap")
        let axis = try file.doubles("\(group)/qx")
        guard ratios.count == shape[0], axis.count == shape[1], let halfWidth = axis.last, halfWidth > 0 else {
            throw FormatError(.corrupt, path: path, "/\(group) axes do not match the maps")
        }
        var gap: GapEstimate?
        if let delta = try file.numberAttribute("delta_meV", of: group) {
            let method = try file.stringAttribute("gap_method", of: group)?.first.flatMap(GapEstimate.Method.init(rawValue:)) ?? .given
            gap = GapEstimate(delta: delta, method: method)
        }
        let m = shape[1] * shape[2]
        return QMapStack(maps: (0..<shape[0]).map { Array(values[$0 * m ..< ($0 + 1) * m]) },
                         frame: QFrame(halfWidth: halfWidth, pixels: shape[1]), ratios: ratios, gap: gap,
                         provenance: try QPIKitHDF5.readProvenance(file.file))
    }
}
