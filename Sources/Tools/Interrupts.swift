import Dispatch
import Formats
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM remove every temporary output before the process exits, so an interrupted
/// command never leaves a partial file behind.
enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for (number, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                Logs.printError("interrupted: partial outputs removed")
                // _exit, not exit: atexit handlers (HDF5 closing its files) would race with the
                // worker threads still computing and can crash the process.
                _exit(code)
            }
            source.resume()
            sources.append(source)
        }
    }
}
