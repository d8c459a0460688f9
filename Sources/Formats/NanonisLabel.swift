/// A Nanonis channel label such as `Current [bwd] (A)` or `Current (A) [filt]`, split into
/// name, unit and direction. Bracketed tags other than `[bwd]` stay part of the name.
struct NanonisLabel {
    var name: String
    var unit: String
    var direction: ScanDirection
    var label: String

    init(_ label: String) {
        self.label = label
        var rest = label
        var tags: [String] = []
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            tags.append(String(rest[open...close]))
            rest.removeSubrange(open...close)
        }
        var (name, unit) = splitNameAndUnit(rest.split(separator: " ").joined(separator: " "))
        direction = tags.contains("[bwd]") ? .backward : .forward
        for tag in tags where tag != "[bwd]" { name += " " + tag }
        self.name = name
        self.unit = unit
    }
}
