import Foundation
import Testing
import TestSupport

/// Every command's `--help` reads as paragraphs: the argument parser wraps text to the terminal's
/// width itself, so a hard line break inside a paragraph of the source leaves a stub line.
@Suite struct HelpTextTests {
    static let commands = [[], ["info"], ["convert"], ["simulate"], ["preprocess"], ["synth"], ["dataset", "generate"],
                           ["dataset", "merge"], ["train"], ["evaluate"], ["classify"], ["analyze"]]

    /// Lines of the overview and discussion (before USAGE) that end although the next line's
    /// first word would have fitted on them. Without a terminal the parser wraps at 80 columns,
    /// counted in UTF-8 bytes, a little before the last column: 2 columns of slack are allowed.
    static func stubs(in help: String, width: Int = 78) -> [String] {
        let text = help.components(separatedBy: "USAGE:")[0].components(separatedBy: "\n")
        return zip(text, text.dropFirst()).compactMap { line, next in
            guard !line.isEmpty, !next.isEmpty, !line.hasPrefix(" "), !next.hasPrefix(" "), !line.hasSuffix(":") else { return nil }
            let word = next.split(separator: " ").first.map(String.init) ?? ""
            return line.utf8.count + 1 + word.utf8.count <= width ? line : nil
        }
    }

    @Test(arguments: commands) func helpReadsAsParagraphs(_ command: [String]) throws {
        let (status, output) = TestSupport.qpi(["help"] + command)
        #expect(status == 0, "\(output)")
        #expect(output.contains("USAGE:"))
        #expect(Self.stubs(in: output).isEmpty, "qpi \(command.joined(separator: " ")) --help breaks lines early: \(Self.stubs(in: output))")
    }

    /// The check itself catches the fault it is for.
    @Test func stubsAreFound() {
        let broken = "OVERVIEW: Make a grid.\n\nThe maps are placed on\na\nrotated lattice.\n\nUSAGE: qpi synth"
        #expect(Self.stubs(in: broken) == ["The maps are placed on", "a"])
    }
}
