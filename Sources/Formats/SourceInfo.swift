/// Where a data set came from: the vendor format, the file, and the header verbatim.
public struct SourceInfo: Sendable, Equatable, Codable {
    /// Human-readable format name, for example `Nanonis 3ds`.
    public var format: String
    /// The source file's name (last path component).
    public var fileName: String
    /// The source header exactly as read (decoded as UTF-8, or Latin-1 where it is not valid UTF-8).
    public var header: String

    public init(format: String, fileName: String, header: String = "") {
        self.format = format
        self.fileName = fileName
        self.header = header
    }
}
