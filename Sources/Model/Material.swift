import Foundation
import Formats

/// A single-band triangular-lattice material (docs/physics.md §2), read from JSON. Energies in meV.
public struct Material: Sendable, Equatable, Codable {
    /// A human-readable name.
    public var name: String
    /// Lattice constant a, in Å.
    public var latticeConstantAngstrom: Double
    /// Hopping t_s per neighbour shell (first: |δ| = a, second: √3 a, third: 2a), in meV.
    public var hoppingsMeV: [Double]
    /// Chemical potential μ, in meV.
    public var chemicalPotentialMeV: Double
    /// Ising spin–orbit coupling λI (spin-splitting half-width at K), in meV.
    public var isingMeV: Double
    /// Lattice Rashba coupling αR, in meV (0 for a free-standing layer).
    public var rashbaMeV: Double

    public init(name: String, latticeConstantAngstrom: Double, hoppingsMeV: [Double], chemicalPotentialMeV: Double,
                isingMeV: Double, rashbaMeV: Double) {
        self.name = name
        self.latticeConstantAngstrom = latticeConstantAngstrom
        self.hoppingsMeV = hoppingsMeV
        self.chemicalPotentialMeV = chemicalPotentialMeV
        self.isingMeV = isingMeV
        self.rashbaMeV = rashbaMeV
    }

    /// Reads a material file.
    public static func load(path: String) throws -> Material {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(.io, path: path, "cannot read the material file")
        }
        let material: Material
        do { material = try JSONDecoder().decode(Material.self, from: data) } catch {
            throw FormatError(.corrupt, path: path, "material file is not valid: \(error)")
        }
        guard material.latticeConstantAngstrom > 0, (1...3).contains(material.hoppingsMeV.count),
              ([material.chemicalPotentialMeV, material.isingMeV, material.rashbaMeV] + material.hoppingsMeV).allSatisfy(\.isFinite) else {
            throw FormatError(.corrupt, path: path, "material needs a positive lattice constant, 1 to 3 hoppings and finite energies")
        }
        return material
    }

    /// The NbSe2-like defaults shipped with QPIKit (`Resources/NbSe2.json`).
    public static func nbse2() throws -> Material {
        guard let url = Bundle.module.url(forResource: "NbSe2", withExtension: "json") else {
            throw FormatError(.io, path: "NbSe2.json", "the bundled material file is missing from the installation")
        }
        return try load(path: url.path)
    }
}
