import Analysis
import Foundation
import Formats
import Model
import QPICore

/// Writes the report folder of an analysis: `summary.json`, the PNG figures, `figure.pdf` and
/// `index.html`. Everything goes into a temporary folder beside the destination that is renamed
/// into place only when complete (and removed on failure or interrupt).
enum ReportWriter {
    /// One figure of the report: its file and its caption.
    struct Figure {
        var file: String
        var caption: String
    }

    static func write(_ run: AnalysisRun, to folder: String) throws -> [Figure] {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let temporary = parent + "/.\(url.lastPathComponent).partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        // Registered before it exists: an interrupt between creating and registering would leave it.
        TemporaryFiles.shared.register(temporary)
        defer { TemporaryFiles.shared.remove(temporary) }
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        let figures = try ReportFigures(run: run, folder: temporary).writeAll()
        let json = try JSONCoding.encode(run.summary)
        try Data(json.utf8).write(to: URL(fileURLWithPath: temporary + "/summary.json"))
        try Data(ReportPage.html(run, figures: figures).utf8).write(to: URL(fileURLWithPath: temporary + "/index.html"))
        if FileManager.default.fileExists(atPath: url.path) {
            let old = parent + "/.\(url.lastPathComponent).old-\(getpid())"
            try FileManager.default.moveItem(atPath: url.path, toPath: old)
            try? FileManager.default.removeItem(atPath: old)
        }
        guard rename(temporary, url.path) == 0 else {
            throw FigureError(path: url.path, "cannot move the finished report into place: \(String(cString: strerror(errno)))")
        }
        return figures
    }
}
