import Foundation
import Testing
import TestSupport

/// From a synthetic lab grid to the report: `qpi synth` for every class (drift, shear, several
/// impurities, noise, orbital form factor, 192 × 192 pixels over 48 lattice constants, k-mesh 96,
/// a sweep of 41 energies as a lab grid has), then
/// `qpi analyze` with the gap estimated from the spectrum; the report must name the class that
/// was put in for at least 90 % of the cases.
@Suite struct EndToEndTests {
    /// A lab-like bias sweep: 41 energies from −2Δ to 2Δ.
    static let energies = stride(from: -20, through: 20, by: 1).map { String(format: "%.1f", Double($0) / 10) }.joined(separator: ",")

    /// (synth arguments, expected class) for every class, two seeds each.
    static let cases: [([String], String)] = [
        (["--pairing", "A1p", "--mix", "0.2"], "A1'"),
        (["--pairing", "A2p", "--mix", "0.4"], "A2'"),
        (["--pairing", "Ep", "--mix", "0.3", "--nematic", "0.5"], "E'"),
        (["--pairing", "Ep", "--mix", "0.3", "--chiral", "1"], "E'"),
        (["--pairing", "A1pp"], "A1''+A2''+E''"),
        (["--pairing", "A2pp"], "A1''+A2''+E''"),
        (["--pairing", "Epp", "--nematic", "0.3"], "A1''+A2''+E''"),
        (["--pairing", "Epp", "--chiral", "1"], "E''(non-unitary)"),
        (["--pairing", "Epp", "--chiral=-1"], "E''(non-unitary)"),
        (["--pairing", "A1p", "--mix", "0.6"], "A1'"),
    ]

    @Test func reportNamesTheChannelThatWasPutIn() throws {
        let folder = TestSupport.scratch()
        var right = 0
        var log: [String] = []
        for (index, (arguments, expected)) in Self.cases.enumerated() {
            let grid = folder.appendingPathComponent("grid\(index).h5").path
            let synth = TestSupport.qpi(["synth"] + arguments + ["--pixels", "192", "--lattice-pixels", "4", "--gap", "1.3", "--snr", "8", "--ratios=" + Self.energies,
                                                                  "--impurities", "4", "--seed", "\(index + 1)", "--out", grid])
            #expect(synth.status == 0, "\(synth.output)")
            let report = folder.appendingPathComponent("report\(index)").path
            let (status, output) = TestSupport.qpi(["analyze", grid, "--out", report])
            #expect(status == 0, "\(output)")
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report + "/summary.json"))) as! [String: Any]
            let predicted = (summary["prediction"] as! [String: Any])["channel"] as! String
            if predicted == expected { right += 1 }
            log.append("\(arguments.joined(separator: " ")) → \(predicted) (expected \(expected))")
        }
        print(log.joined(separator: "\n"))
        #expect(Double(right) >= 0.9 * Double(Self.cases.count), "\(right) of \(Self.cases.count) right:\n\(log.joined(separator: "\n"))")
    }
}
