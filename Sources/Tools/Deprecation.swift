/// Old option spellings that still work for one release, with a warning on standard error.
enum Deprecation {
    /// Warns that `old` is deprecated in favour of `new`.
    static func warn(_ old: String, use new: String) {
        Logs.printWarning("\(old) is deprecated and will be removed in the next release; use \(new)")
    }
}
