import Foundation

/// File-name patterns that the shell did not expand (quoted), expanded with glob(3).
enum Glob {
    /// The files `pattern` matches, sorted; a pattern without wildcards is returned as it is.
    static func expand(_ pattern: String) -> [String] {
        guard pattern.contains(where: { "*?[".contains($0) }) else { return [pattern] }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0 ..< Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
