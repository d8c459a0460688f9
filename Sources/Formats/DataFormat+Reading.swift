extension DataFormat {
    /// Reads the file at `path` (for HDF5, optionally `FILE.h5:/path/to/dataset`), detecting its format.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws -> Dataset {
        switch try detect(path: path) {
        case .nanonis3DS: return try Nanonis3DSReader.read(path: path)
        case .nanonisSXM: return try NanonisSXMReader.read(path: path)
        case .nanonisDAT: return try NanonisDATReader.read(path: path)
        case .createc: return try CreatecReader.read(path: path)
        case .tiff: return try TIFFReader.read(path: path, options: options)
        case .png: return try PNGReader.read(path: path, options: options)
        case .gwyddion: return try GwyddionReader.read(path: path)
        case .wsxm: return try WSxMReader.read(path: path)
        case .igor: return try IgorReader.read(path: path)
        case .createcVERT: return try CreatecVERTReader.read(path: path)
        case .gwyddionASCII: return try GwyddionASCIIReader.read(path: path)
        case .omicronMATRIX: return try OmicronMATRIXReader.read(path: path)
        case .rhkSM4: return try RHKSM4Reader.read(path: path)
        case .hdf5:
            let (file, dataset) = HDF5Reader.splitAddress(path)
            return try HDF5Reader.read(path: file, dataset: dataset, options: options)
        }
    }
}
