import Foundation
import Formats
import Testing
import TestSupport

/// `qpi analyze` and `qpi classify` as a user runs them: the report is complete, its figures are
/// non-blank and referenced, the page loads in headless Chromium, and summary.json follows the
/// schema in docs/.
@Suite struct AnalyzeCommandTests {
    static let schema = TestSupport.root.appendingPathComponent("docs/summary.schema.json").path

    /// Validates `json` (a file) against the schema with Python's jsonschema; nil when it is valid.
    static func schemaProblem(_ json: String) -> String? {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.validate(json.load(open(sys.argv[2])), schema, cls=jsonschema.Draft202012Validator)
            print("valid")
            """
        guard let (_, output) = TestSupport.run(TestSupport.python, ["-c", script, schema, json]) else { return "python3 is missing" }
        return output.contains("valid") && !output.contains("Error") ? nil : output
    }

    @Test func reportIsCompleteAndValid() throws {
        let folder = TestSupport.scratch()
        let grid = folder.appendingPathComponent("grid.h5").path
        #expect(TestSupport.qpi(["synth", "--pairing", "Ep", "--nematic", "0.4", "--pixels", "160", "--mesh", "48", "--out", grid]).status == 0)
        let report = folder.appendingPathComponent("report").path
        let (status, output) = TestSupport.qpi(["analyze", grid, "--out", report, "--json"])
        #expect(status == 0, "\(output)")
        let html = try String(contentsOfFile: report + "/index.html", encoding: .utf8)
        let figures = ["topograph.png", "spectrum.png", "qpi_maps.png", "comparison.png", "probabilities.png", "steps.png"]
        for figure in figures {
            #expect(html.contains("src=\"\(figure)\""), "\(figure) not on the page")
            let image = try DataFormat.read(path: report + "/" + figure)
            let values = image.channels[0].data
            let mean = values.reduce(0, +) / Float(values.count)
            #expect(values.contains { abs($0 - mean) > 0.05 * max(abs(mean), 1e-6) }, "\(figure) is blank")
        }
        let pdf = try Data(contentsOf: URL(fileURLWithPath: report + "/figure.pdf"))
        #expect(pdf.starts(with: Array("%PDF".utf8)) && pdf.count > 10_000 && html.contains("href=\"figure.pdf\""))
        #expect(Self.schemaProblem(report + "/summary.json") == nil)
        // --json: standard output is exactly the summary document.
        let again = folder.appendingPathComponent("again").path
        let stdout = TestSupport.run("/bin/sh", ["-c", "'\(TestSupport.qpi)' analyze '\(grid)' --out '\(again)' --json 2>/dev/null"])
        let printed = try JSONSerialization.jsonObject(with: Data((stdout?.output ?? "").utf8)) as? NSDictionary
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: again + "/summary.json"))) as? NSDictionary
        #expect(printed != nil && printed == written)
        try FileManager.default.removeItem(atPath: again)
        #expect(Set(TestSupport.contents(URL(fileURLWithPath: report))) == Set(figures + ["figure.pdf", "index.html", "summary.json"]))
        #expect(TestSupport.contents(folder).allSatisfy { !$0.hasPrefix(".") })

        // Headless Chromium: the page loads, its script runs, every image decodes.
        guard let (_, dom) = TestSupport.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                                                           "--dump-dom", "file://" + report + "/index.html"]) else {
            Issue.record("chromium is not installed (make test installs it)")
            return
        }
        #expect(dom.contains("data-loaded=\"yes\""), "the page did not finish loading")
        #expect(dom.contains("data-missing-figures=\"\""), "figures failed to load")
        #expect(!dom.contains("data-errors"), "script errors")
    }

    @Test func schemaRejectsWhatItShould() throws {
        let folder = TestSupport.scratch()
        let path = folder.appendingPathComponent("bad.json").path
        try Data(#"{"input": {"path": "x", "format": "y", "sha256": "zz"}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(Self.schemaProblem(path) != nil)
    }

    @Test func classifyPrintsTheSummaryObject() throws {
        let folder = TestSupport.scratch()
        let grid = folder.appendingPathComponent("grid.h5").path
        #expect(TestSupport.qpi(["synth", "--pairing", "A1p", "--pixels", "128", "--mesh", "48", "--out", grid]).status == 0)
        let pre = folder.appendingPathComponent("pre.h5").path
        #expect(TestSupport.qpi(["preprocess", grid, "--out", pre]).status == 0)
        for input in [grid, pre] {
            let (status, output) = TestSupport.qpi(["classify", input, "--json"])
            #expect(status == 0, "\(output)")
            let json = folder.appendingPathComponent("summary.json")
            try Data(output.utf8).write(to: json)
            #expect(Self.schemaProblem(json.path) == nil)
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
            let prediction = object["prediction"] as! [String: Any]
            let probabilities = prediction["probabilities"] as! [String: Double]
            #expect(Set(probabilities.keys) == ["A1'", "A2'", "E'", "A1''+A2''+E''", "E''(non-unitary)"])
            #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-9)
        }
        let (status, table) = TestSupport.qpi(["classify", pre])
        #expect(status == 0 && table.contains("pairing channel:"))
        #expect(TestSupport.qpi(["classify", folder.appendingPathComponent("missing.h5").path]).status == 1)
    }
}
