/// The scale and metadata stored in a `tEXt` chunk (keyword `qpikit`) of every 16-bit PNG that
/// QPIKit writes: `value = offset + scale × code`, with `nanCode` marking NaN samples.
struct PNGLayer: Codable {
    var layer: Int
    var offset: Double
    var scale: Double
    var nanCode: Int
    var metadata: EmbeddedMetadata

    static let keyword = "qpikit"
    static let nanCode = 65535

    /// Quantises `values` to 16-bit codes 0…65534 spanning their finite range.
    static func quantise(_ values: ArraySlice<Float>) -> (codes: [UInt16], offset: Double, scale: Double) {
        let finite = values.filter(\.isFinite)
        let low = Double(finite.min() ?? 0), high = Double(finite.max() ?? 0)
        let scale = high > low ? (high - low) / 65534 : 0
        let codes = values.map { v -> UInt16 in
            guard v.isFinite else { return UInt16(nanCode) }
            return scale > 0 ? UInt16(min(65534, max(0, ((Double(v) - low) / scale).rounded()))) : 0
        }
        return (codes, low, scale)
    }

    /// The sample value of `code`.
    func value(_ code: UInt16) -> Float {
        Int(code) == nanCode ? .nan : Float(offset + scale * Double(code))
    }
}
