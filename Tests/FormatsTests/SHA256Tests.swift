import Foundation
import Testing
import TestSupport
import Formats

/// SHA-256 against the FIPS 180-4 examples and the system's sha256sum.
@Suite struct SHA256Tests {
    static func digest(_ text: String) -> String {
        var hash = SHA256()
        hash.update(Array(text.utf8))
        return hash.hexDigest()
    }

    @Test func standardVectors() {
        #expect(Self.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func matchesSha256sum() throws {
        let path = TestSupport.scratch().appendingPathComponent("blob").path
        let bytes = (0 ..< 3_000_001).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        guard let (status, output) = TestSupport.run("sha256sum", [path]), status == 0 else { return }
        #expect(try SHA256.hexDigest(ofFile: path) == String(output.prefix(64)))
    }
}
