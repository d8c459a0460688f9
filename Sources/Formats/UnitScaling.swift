/// Splits a unit with an SI prefix into its base unit and the factor to it (`nA` → `A`, 1e-9;
/// `mV` → `V`, 1e-3; `Å` → `m`, 1e-10), so that readers store SI values. Nil for a unit
/// QPIKit does not recognise (readers keep such a unit and its values as they are).
func siBaseUnit(_ unit: String) -> (unit: String, factor: Double)? {
    let symbol = normalisedUnit(unit)
    if symbol == "Å" { return ("m", 1e-10) }
    let bases: Set<String> = ["m", "A", "V", "s", "Hz", "S", "N", "W", "K", "T"]
    if bases.contains(symbol) { return (symbol, 1) }
    let prefixes: [Character: Double] = ["f": 1e-15, "p": 1e-12, "n": 1e-9, "u": 1e-6, "µ": 1e-6, "μ": 1e-6,
                                         "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9]
    guard let first = symbol.first, let factor = prefixes[first] else { return nil }
    let base = String(symbol.dropFirst())
    return bases.contains(base) ? (base, factor) : nil
}
