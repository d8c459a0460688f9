/// Converts `count` big-endian IEEE float32 values starting at `source` into native floats.
@inline(__always)
func decodeBigEndianFloats(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
    for i in 0..<count {
        let bits = source.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
        target[i] = Float(bitPattern: UInt32(bigEndian: bits))
    }
}
