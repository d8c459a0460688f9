import Foundation
import Testing
import TestSupport
import Formats

/// File fingerprints against the FIPS 180-4 examples and the system's sha256sum.
@Suite struct SHA256Tests {
    static func digest(_ text: String) throws -> String {
        let path = TestSupport.scratch().appendingPathComponent("message").path
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return try FileDigest.sha256(ofFile: path)
    }

    @Test func standardVectors() throws {
        #expect(try Self.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try Self.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try Self.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// A file of several 1 MiB blocks, against coreutils' sha256sum.
    @Test func matchesSha256sum() throws {
        let path = TestSupport.scratch().appendingPathComponent("blob").path
        let bytes = (0 ..< 3_000_001).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let (status, output) = try #require(TestSupport.run("sha256sum", [path]), "sha256sum (coreutils) is missing")
        #expect(status == 0)
        #expect(try FileDigest.sha256(ofFile: path) == String(output.prefix(64)))
    }
}
