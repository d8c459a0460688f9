import Foundation
import Formats
import QPICore

extension Refinement.Parameter {
    /// `name = value ± σ (source)`.
    public func text(name: String) -> String {
        String(format: "%-18@ %10.4g ± %@  (%@)", name as NSString, value,
               uncertainty.map { String(format: "%.2g", $0) } ?? "unbounded", source)
    }
}

extension Refinement.ImpurityShare {
    /// One sentence for the `qpi fit` table and the report.
    public var text: String {
        String(format: "impurities' share: c · δN with δN one impurity's DOS change at V0 = %.0f meV and c = %.2g per site (an effective density, of either sign: the spectrum away from the impurities holds part of their δN; docs/refinement.md §2)",
               v0MeV, densityPerSite)
    }
}

extension Refinement {
    /// Writes the refinement to `path` (HDF5, atomically): `/entry/refinement` with the summary as
    /// JSON, the measured and fitted spectra and the χ profile, and the provenance of the maps it
    /// was fitted to plus the `fit` step.
    public func writeHDF5(to path: String, input: String, provenance: [ProcessStep]) throws {
        let json = try JSONCoding.encode(self)
        let step = ProcessStep(step: "fit", parameters: ["input": .string(input), "refinement": .string(json)])
        try HDF5Document.write(to: path) { file in
            let g = "entry/refinement"
            try file.group("entry", attributes: ["NX_class": .string("NXentry")])
            try file.group(g, attributes: ["NX_class": .string("NXcollection"), "summary_json": .string(json),
                                          "channel": .string(channel), "chi2_per_dof": .number(chi2PerDof)])
            let n = spectrum.energiesMeV.count
            try file.dataset("\(g)/energy", spectrum.energiesMeV, dims: [n], attributes: ["units": .string("meV")])
            try file.dataset("\(g)/spectrum_measured", spectrum.measured, dims: [n],
                             attributes: ["uncertainty": .number(spectrum.uncertainty)])
            try file.dataset("\(g)/spectrum_fitted", spectrum.fitted, dims: [n])
            if let chiProfile {
                try file.dataset("\(g)/chi_profile", chiProfile.flatMap { $0 }, dims: [chiProfile.count, 2],
                                 attributes: ["long_name": .string("χ (rad), χ² of the best Δ0 and η/Δ0")])
            }
            try file.provenance(provenance + [step])
        }
    }
}
