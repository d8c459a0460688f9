/// QPI maps in the common q-frame at energies in units of the gap: the one form in which maps move
/// between QPIKit's modules (preprocessing, simulator, classifier, analysis, figures).
///
/// Each map is `frame.pixels²` values, row-major, rows along qy from −halfWidth, columns along qx.
/// The stack says what its energy unit is (`gap`, with how it was obtained), whether it was
/// symmetrised, and which steps made it, so a consumer can refuse a stack that is not what it
/// expects instead of silently using it.
public struct QMapStack: Sendable, Equatable {
    /// The maps, `[layer][pixel]`.
    public var maps: [[Float]]
    /// The frame every map is sampled in.
    public var frame: QFrame
    /// ω/Δ of each map.
    public var ratios: [Double]
    /// The symmetrisation applied to the maps (`.none` for maps as measured or simulated).
    public var symmetry: SymmetryGroup
    /// The gap Δ that is the energy unit, and how it was obtained (nil when unknown).
    public var gap: GapEstimate?
    /// The steps that made the maps, oldest first.
    public var provenance: [ProcessStep]

    public init(maps: [[Float]], frame: QFrame, ratios: [Double], symmetry: SymmetryGroup = .none,
                gap: GapEstimate? = nil, provenance: [ProcessStep] = []) {
        precondition(maps.count == ratios.count, "QMapStack: \(maps.count) maps for \(ratios.count) ratios")
        precondition(maps.allSatisfy { $0.count == frame.pixels * frame.pixels }, "QMapStack: maps must be frame.pixels² values")
        self.maps = maps
        self.frame = frame
        self.ratios = ratios
        self.symmetry = symmetry
        self.gap = gap
        self.provenance = provenance
    }

    /// The layer energies in meV (ratio × Δ), when the gap is known.
    public var energiesMeV: [Double]? { gap.map { gap in ratios.map { $0 * gap.delta } } }

    /// The stack with the same maps transformed one by one (frame, energies and record kept).
    public func mapping(_ transform: ([Float]) -> [Float]) -> QMapStack {
        var out = self
        out.maps = maps.map(transform)
        return out
    }

    /// The maps at `wanted` ω/Δ (each matched to within 1e-6) in `frame`, unsymmetrised: what a
    /// consumer trained on such maps may use. Throws naming the first thing that does not match.
    public func selecting(ratios wanted: [Double], frame wantedFrame: QFrame) throws -> QMapStack {
        guard frame.pixels == wantedFrame.pixels, abs(frame.halfWidth - wantedFrame.halfWidth) < 1e-6 else {
            throw MapStackError("maps are in a \(frame.pixels)-pixel frame of half width \(frame.halfWidth) |b|; \(wantedFrame.pixels) pixels, \(wantedFrame.halfWidth) |b| are needed")
        }
        guard symmetry == .none else {
            throw MapStackError("the maps are symmetrised with \(symmetry.rawValue); unsymmetrised maps are needed")
        }
        let indices = try wanted.map { ratio in
            guard let index = ratios.firstIndex(where: { abs($0 - ratio) < 1e-6 }) else {
                throw MapStackError("no map at ω/Δ = \(ratio) (the stack has \(ratios); \(wanted) are needed)")
            }
            return index
        }
        var out = self
        out.maps = indices.map { maps[$0] }
        out.ratios = indices.map { ratios[$0] }
        return out
    }
}

/// Why a map stack cannot serve a request (QPICore's error type).
public struct MapStackError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
