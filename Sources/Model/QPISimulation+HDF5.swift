import Foundation
import Formats
import QPICore

extension QPISimulation {
    /// The complete configuration as JSON (sorted keys), as stored with every output.
    public var parametersJSON: String { (try? JSONCoding.encode(parameters)) ?? "{}" }

    /// Writes the simulator's fixed HDF5 layout:
    /// `/entry/data` (NXdata: `qpi` float32 [nE, M, M], `energy` meV, `qx`, `qy` in |b|),
    /// `/entry/lattice_ldos` float64 [nE, N, N] (`[e, i, j]` ↔ R = i a1 + j a2), `/entry/dos`,
    /// `/entry/parameters` (attribute `json` with the resolved configuration, `software_version`)
    /// and the provenance step under `/entry/process`.
    public func writeHDF5(to path: String, provenance: ProcessStep) throws {
        let n = parameters.meshSize, m = parameters.frame.pixels, count = parameters.energiesMeV.count
        let axis = parameters.frame.axis
        try HDF5Document.write(to: path) { file in
            try file.group("entry", attributes: ["NX_class": .string("NXentry"), "qpikit_version": .string(QPIKitVersion.current)])
            try file.group("entry/data", attributes: [
                "NX_class": .string("NXdata"), "signal": .string("qpi"), "axes": .strings(["energy", "qy", "qx"]),
            ])
            try file.dataset("entry/data/qpi", maps.maps.flatMap { $0 }, dims: [count, m, m], attributes: [
                "units": .string("1/meV"),
                "long_name": .string("|δρ(q, ω)| (q = 0 replaced by the mean of its six mesh neighbours)"),
            ])
            try file.dataset("entry/data/energy", parameters.energiesMeV, dims: [count], attributes: ["units": .string("meV")])
            for name in ["qx", "qy"] {
                try file.dataset("entry/data/\(name)", axis, dims: [m], attributes: [
                    "units": .string("|b|"), "long_name": .string("\(name) in units of |b| = 4π/(√3 a); b2 along +qy"),
                ])
            }
            try file.dataset("entry/lattice_ldos", latticeLDOS.values, dims: [count, n, n], attributes: [
                "units": .string("1/meV"),
                "long_name": .string("δρ(R, ω) per site, both spins; [e, i, j] ↔ R = i a1 + j a2, impurity at R = 0"),
            ])
            try file.dataset("entry/dos", dos, dims: [count], attributes: [
                "units": .string("1/meV"), "long_name": .string("N(ω) = −(1/π) Im Tr_e g0(ω), per site, both spins"),
            ])
            try file.group("entry/parameters", attributes: [
                "json": .string(parametersJSON), "software_version": .string(QPIKitVersion.current),
            ])
            try file.provenance([provenance])
        }
    }
}
