import Formats

/// A topograph from a file of its own, for grids recorded without one (`--topograph`).
public enum Topograph {
    /// The height channel (`Z`) of the file at `path`, else its first channel.
    public static func read(path: String) throws -> Image2D {
        let file = try DataFormat.read(path: path)
        guard let z = file.heightChannel else {
            throw FormatError(.invalidRequest, path: path, "no channel to use as topograph")
        }
        return file.image(of: z)
    }
}
