import Foundation
import Formats
import QPICore

extension PreprocessingResult {
    /// The options as JSON.
    public var optionsJSON: String { (try? JSONCoding.encode(options)) ?? "{}" }

    /// Writes the corrected grid in QPIKit's layout plus `/entry/qmaps` (NXdata, axes
    /// `energy_over_gap`, `qy`, `qx`; `qmaps` symmetrised with the group named in `symmetry`,
    /// `qmaps_raw` before, `counts` per pixel), `/entry/layer_maps` (every recorded energy in the
    /// frame) and `/entry/diagnostics` (Bragg peaks, lattice, drift phases and field, sharpness,
    /// spectrum, gap, mask).
    public func writeHDF5(to path: String) throws {
        let m = options.frame.pixels
        try HDF5Document.write(to: path) { file in
            try file.write(corrected)
            try maps.writePreprocessed(symmetrised: symmetrised, counts: counts,
                                       attributes: ["channel": .string(channel), "options_json": .string(optionsJSON)], into: file)
            try file.group("entry/layer_maps", attributes: ["NX_class": .string("NXdata"), "signal": .string("maps"),
                                                            "axes": .strings(["energy", "qy", "qx"])])
            try file.dataset("entry/layer_maps/maps", layerMaps.flatMap { $0 }, dims: [layerMaps.count, m, m])
            try file.dataset("entry/layer_maps/energy", energies, dims: [energies.count], attributes: ["units": .string("meV")])
            try file.dataset("entry/layer_maps/qx", options.frame.axis, dims: [m], attributes: QMapStack.frameAxisAttributes)
            try file.dataset("entry/layer_maps/qy", options.frame.axis, dims: [m], attributes: QMapStack.frameAxisAttributes)
            try writeDiagnostics(file)
        }
    }

    private func writeDiagnostics(_ file: HDF5Document) throws {
        let d = "entry/diagnostics"
        let (rows, columns) = (topograph.rows, topograph.columns)
        try lattice.writeDiagnostics(into: file, group: d)
        try file.dataset("\(d)/average_spectrum", averageSpectrum, dims: [averageSpectrum.count])
        try file.dataset("\(d)/clean_spectrum", cleanSpectrum.spectrum, dims: [cleanSpectrum.spectrum.count],
                         attributes: ["long_name": .string("averaged over the half of the field farthest from impurities")])
        try file.dataset("\(d)/clean_spectrum_excluded", cleanSpectrum.excluded.map { $0 ? 1.0 : 0.0 }, dims: [rows, columns])
        let sites = cleanSpectrum.impurities.pixels
        if !sites.isEmpty {
            try file.dataset("\(d)/impurity_sites", sites.flatMap { $0.map(Double.init) }, dims: [sites.count, 2],
                             attributes: ["long_name": .string("impurity sites found (row, column), strongest first")])
        }
        try file.dataset("\(d)/energy", energies, dims: [energies.count], attributes: ["units": .string("meV")])
        try file.group("\(d)/gap", attributes: ["delta_meV": .number(gap.delta), "method": .string(gap.method.rawValue)])
        if !gap.peaks.isEmpty { try file.dataset("\(d)/gap/coherence_peaks", gap.peaks, dims: [gap.peaks.count], attributes: ["units": .string("meV")]) }
        if let dynes = gap.dynes {
            try file.dataset("\(d)/gap/dynes_fit", dynes, dims: [dynes.count],
                             attributes: ["long_name": .string("Δ (meV), Γ (meV), scale, background")])
        }
        if let defectMask {
            try file.dataset("\(d)/defect_mask", defectMask.map { $0 ? 1.0 : 0.0 }, dims: [rows, columns])
        }
    }
}
