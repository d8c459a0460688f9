import Foundation
import ArgumentParser
import Formats

/// What a user can tell QPIKit about files that do not carry it (TIFF, PNG, generic HDF5).
struct InputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Energies of the layers in meV (the bias in mV): START:STOP:COUNT or a list V1,V2,…",
                               valueName: "MEV"))
    var energies: String?

    @Option(name: .customLong("pixel-size"), help: ArgumentHelp("Pixel size with its unit, e.g. 0.1nm, 1Å, 2e-10m.",
                                                                 valueName: "LENGTH"))
    var pixelSize: String?

    @Option(help: "Unit of the samples, e.g. nS, A, m.")
    var units: String?

    func validate() throws {
        if let energies, NumberList.parse(energies) == nil {
            throw ValidationError("--energies must be START:STOP:COUNT or a comma-separated list, in meV, got '\(energies)'")
        }
        if let pixelSize, LengthValue.parse(pixelSize) == nil {
            throw ValidationError("--pixel-size must be a positive length with a unit (nm, Å, pm, um, m), got '\(pixelSize)'")
        }
    }

    /// The options for the readers, energies converted from meV (a bias in mV) to V.
    var readOptions: ReadOptions {
        ReadOptions(sweepValues: energies.flatMap(NumberList.parse)?.map { $0 * 1e-3 },
                    sweepUnit: "V", pixelSize: pixelSize.flatMap(LengthValue.parse), units: units)
    }
}

/// Lists of numbers as users type them: `START:STOP:COUNT` (inclusive, COUNT ≥ 1) or `V1,V2,…`.
/// The one list parser of every option (energies in meV, ω/Δ ratios).
enum NumberList {
    /// The values, or nil when the text is neither form or any entry is not a number.
    static func parse(_ text: String) -> [Double]? {
        let parts = text.split(separator: ":")
        if parts.count == 3 {
            guard let start = Double(parts[0]), let stop = Double(parts[1]), let count = Int(parts[2]), count >= 1 else { return nil }
            let step = count > 1 ? (stop - start) / Double(count - 1) : 0
            return (0..<count).map { start + Double($0) * step }
        }
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        return values.compactMap { $0 }
    }
}

/// Lengths with units as users type them.
enum LengthValue {
    static let units: [(String, Double)] = [("nm", 1e-9), ("pm", 1e-12), ("um", 1e-6), ("µm", 1e-6),
                                            ("Å", 1e-10), ("A", 1e-10), ("m", 1)]

    /// The length in metres, or nil when the text is not a positive number with a known unit.
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (unit, factor) in units where trimmed.hasSuffix(unit) {
            guard let value = Double(trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
            return value * factor
        }
        return nil
    }
}
