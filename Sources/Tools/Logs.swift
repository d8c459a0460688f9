import Foundation
import Logging

/// Logging to standard error through swift-log, plus plain `qpi: …` messages for the user.
enum Logs {
    static func bootstrap() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["QPI_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .notice
            return handler
        }
    }

    /// The tool's logger.
    static let logger = Logger(label: "qpi")

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("qpi: error: \(message)\n".utf8))
    }

    static func printNote(_ message: String) {
        FileHandle.standardError.write(Data("qpi: note: \(message)\n".utf8))
    }

    static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("qpi: warning: \(message)\n".utf8))
    }
}
