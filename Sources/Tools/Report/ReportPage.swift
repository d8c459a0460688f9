import Analysis
import Foundation
import Formats
import Model

/// `index.html`: one self-contained page (figures beside it, no network access) with the
/// prediction, the gap, every figure with its caption, and the provenance.
enum ReportPage {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func html(_ run: AnalysisRun, figures: [ReportWriter.Figure]) -> String {
        let s = run.summary
        let probabilities = run.model.metadata.classes.map { label in
            String(format: "<tr><td>%@</td><td>%.1f %%</td></tr>", escape(label), 100 * (s.prediction.probabilities[label] ?? 0))
        }.joined()
        let parameters = s.prediction.parameters.sorted { $0.key < $1.key }.map { name, estimate in
            "<tr><td>\(escape(name))</td><td>\(escape(estimate.text))</td></tr>"
        }.joined()
        let refinement = s.refinement.map { r in
            "<table><tr><th>refined parameter</th><th>value ± 1σ</th><th>from</th></tr>"
                + r.parameters.sorted { $0.key < $1.key }.map { name, p in
                    "<tr><td>\(escape(name))</td><td>" + String(format: "%.4g", p.value)
                        + (p.uncertainty.map { String(format: " ± %.2g", $0) } ?? " (unbounded)") + "</td><td>\(p.source)</td></tr>"
                }.joined()
                + "</table><p>Refinement of \(escape(r.channel))\(r.combination.map { " (" + escape($0) + ")" } ?? ""): "
                + String(format: "χ²/dof = %.2f, %@, %d model evaluations on a %d × %d k-mesh.</p>", r.chi2PerDof,
                         r.converged ? "converged" : "NOT converged", r.evaluations, r.meshSize, r.meshSize)
                + (r.spectrum.impurityShare.map { "<p>" + escape($0.text.prefix(1).uppercased() + $0.text.dropFirst()) + ".</p>" } ?? "")
                + (r.impurity.map { i in
                    String(format: "<p>Impurity fit: %d of %d impurities' own sites, %.0f %% of their spectra's difference from the clean DOS explained.%@</p>",
                           i.sitesUsed, i.sitesFound, 100 * i.explainedFraction, i.note.map { " " + escape($0) + "." } ?? "")
                } ?? "")
        } ?? ""
        let images = figures.filter { $0.file.hasSuffix(".png") }.map { figure in
            "<figure><img src=\"\(figure.file)\" alt=\"\(escape(figure.caption))\"><figcaption>\(escape(figure.caption))</figcaption></figure>"
        }.joined(separator: "\n")
        let gap = s.gap.deltaMeV.map { String(format: "%.3f meV", $0) } ?? "unknown"
        let warnings = s.screening.warnings.map { "<p class=\"warning\">Warning: \(escape($0))</p>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>QPIKit report: \(escape(URL(fileURLWithPath: s.input.path).lastPathComponent))</title>
            <style>
            body { font-family: "DejaVu Sans", sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; } td, th { border: 1px solid #bbb; padding: 3px 10px; text-align: left; }
            figure { margin: 1.5em 0; } img { max-width: 100%; border: 1px solid #ddd; } figcaption { font-size: 0.92em; color: #444; }
            .prediction { font-size: 1.4em; }
            .warning { background: #fff3cd; border-left: 4px solid #d9822b; padding: 0.4em 0.8em; }
            </style></head><body>
            <h1>QPI analysis of \(escape(s.input.path))</h1>
            <p>Format: \(escape(s.input.format)); SHA-256 <code>\(s.input.sha256)</code>.</p>
            <p class="prediction">Pairing channel: <b>\(escape(s.prediction.channel))</b></p>
            \(warnings)
            <table><tr><th>class</th><th>probability</th></tr>\(probabilities)</table>
            <table><tr><th>parameter</th><th>estimate</th></tr>\(parameters)</table>
            \(refinement)
            <p>Gap Δ = \(gap) (\(escape(s.gap.method))). Model \(escape(s.model.name)), SHA-256 <code>\(s.model.sha256)</code>;
            \(escape(s.software.name)) \(escape(s.software.version)). Everything on this page is in <a href="summary.json">summary.json</a>;
            the publication figure is <a href="figure.pdf">figure.pdf</a>.</p>
            \(images)
            <p id="status"></p>
            <script>
            // Marks the page for automated checks (and warns a reader) when a figure failed to load.
            window.addEventListener("error", e => { document.body.dataset.errors = (document.body.dataset.errors || "") + " " + e.message; });
            window.addEventListener("load", () => {
              const missing = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute("src"));
              document.body.dataset.missingFigures = missing.join(" ");
              document.body.dataset.loaded = "yes";
              if (missing.length) document.getElementById("status").textContent = "Missing figures: " + missing.join(", ");
            });
            </script>
            </body></html>
            """
    }
}
