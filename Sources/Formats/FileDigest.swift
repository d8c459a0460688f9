import Crypto

/// SHA-256 fingerprints of files, through swift-crypto, for the provenance of inputs and models.
public enum FileDigest {
    /// The SHA-256 of the file at `path` as 64 lowercase hexadecimal digits, read in 1 MiB blocks.
    public static func sha256(ofFile path: String) throws -> String {
        let file = try InputFile(path: path)
        var hash = SHA256()
        var offset = 0
        while offset < file.size {
            let count = min(1 << 20, file.size - offset)
            hash.update(data: try file.bytes(at: offset, count: count))
            offset += count
        }
        return hash.finalize().map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
    }
}
