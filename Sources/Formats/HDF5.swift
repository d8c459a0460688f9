import CHDF5

// Every raw HDF5 call of QPIKit lives in this file. The rest of the module sees `H5Node`,
// Swift arrays and `FormatError`; no C types leave this file.

/// An open HDF5 object (file, group or dataset), closed when released.
final class H5Node {
    let id: hid_t
    let path: String
    private let closer: (hid_t) -> herr_t

    private init(id: hid_t, path: String, closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.path = path
        self.closer = closer
    }

    deinit { _ = closer(id) }

    private static let setUp: Void = { qpi_h5_silence_errors() }()

    /// The id of QPIKit's read-only file driver, registered once.
    private static let readerDriver: hid_t = { _ = setUp; return qpi_h5fd_reader_register() }()

    /// Creates (truncating) the file at `path`.
    static func create(path: String) throws -> H5Node {
        _ = setUp
        let id = H5Fcreate(path, qpi_h5f_acc_trunc(), qpi_h5p_default(), qpi_h5p_default())
        guard id >= 0 else { throw FormatError(.io, path: path, "cannot create HDF5 file") }
        return H5Node(id: id, path: path, closer: H5Fclose)
    }

    /// Opens the file at `path` read-only.
    static func open(path: String) throws -> H5Node {
        _ = setUp
        guard H5Fis_hdf5(path) > 0 else {
            throw FormatError(.unrecognised, path: path, "not an HDF5 file (no HDF5 signature)")
        }
        // QPIKit's read-only driver (HDF5 shim): no metadata accumulator, and reads past the end
        // of the file fail instead of being zero-filled — see docs/fuzzing.md for the damaged
        // files that crashed libhdf5 or made it take gigabytes through its sec2 driver.
        let access = H5Pcreate(qpi_h5p_file_access())
        guard access >= 0, Self.readerDriver >= 0, H5Pset_driver(access, Self.readerDriver, nil) >= 0 else {
            if access >= 0 { _ = H5Pclose(access) }
            throw FormatError(.io, path: path, "HDF5 library cannot set up its file driver")
        }
        defer { _ = H5Pclose(access) }
        let id = H5Fopen(path, qpi_h5f_acc_rdonly(), access)
        guard id >= 0 else { throw FormatError(.corrupt, path: path, "HDF5 library cannot open the file") }
        return H5Node(id: id, path: path, closer: H5Fclose)
    }

    /// The number of HDF5 objects open in this process (zero between reads; the fuzz target
    /// checks it after every input).
    static var openObjects: Int { qpi_h5_open_objects() }

    private func fail(_ kind: FormatError.Kind, _ what: String) -> FormatError {
        FormatError(kind, path: path, what)
    }

    private func fail(_ what: String) -> FormatError { fail(.corrupt, what) }

    // MARK: Structure

    /// Creates the child group `name`.
    func createGroup(_ name: String) throws -> H5Node {
        let id = H5Gcreate2(self.id, name, qpi_h5p_default(), qpi_h5p_default(), qpi_h5p_default())
        guard id >= 0 else { throw fail(.io, "cannot create group '\(name)'") }
        return H5Node(id: id, path: path, closer: H5Gclose)
    }

    /// True when a link `name` (relative or absolute path) exists below this node.
    func exists(_ name: String) -> Bool {
        var prefix = ""
        for part in name.split(separator: "/") {
            prefix += (prefix.isEmpty && !name.hasPrefix("/") ? "" : "/") + part
            guard H5Lexists(id, prefix, qpi_h5p_default()) > 0 else { return false }
        }
        return true
    }

    /// Whether the object at `name` is a group, a dataset, or something else / missing.
    enum Kind { case group, dataset, other }

    func kind(of name: String) -> Kind {
        guard exists(name) else { return .other }
        var info = H5O_info_t()
        guard H5Oget_info_by_name2(id, name, &info, UInt32(H5O_INFO_BASIC), qpi_h5p_default()) >= 0 else { return .other }
        switch info.type {
        case H5O_TYPE_GROUP: return .group
        case H5O_TYPE_DATASET: return .dataset
        default: return .other
        }
    }

    /// Opens the group at `name`.
    func group(_ name: String) throws -> H5Node {
        guard kind(of: name) == .group else { throw fail(.invalidRequest, "no group '\(name)'") }
        let id = H5Gopen2(self.id, name, qpi_h5p_default())
        guard id >= 0 else { throw fail("cannot open group '\(name)'") }
        return H5Node(id: id, path: path, closer: H5Gclose)
    }

    /// Opens the dataset at `name`.
    func dataset(_ name: String) throws -> H5Node {
        guard kind(of: name) == .dataset else { throw fail(.invalidRequest, "no dataset '\(name)'") }
        let id = H5Dopen2(self.id, name, qpi_h5p_default())
        guard id >= 0 else { throw fail("cannot open dataset '\(name)'") }
        return H5Node(id: id, path: path, closer: H5Dclose)
    }

    /// Names of the links directly below this group, in name order. Iterates the links
    /// (`H5Literate`) rather than counting them first: on a damaged symbol-table B-tree libhdf5's
    /// count (`H5Gget_info`) dereferences a failed allocation, while the iteration fails cleanly.
    func children() throws -> [String] {
        final class Names { var values: [String] = [] }
        let names = Names()
        var index: hsize_t = 0
        let status = withExtendedLifetime(names) {
            H5Literate(id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                guard let name, let context else { return -1 }
                Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().values.append(String(cString: name))
                return 0
            }, Unmanaged.passUnretained(names).toOpaque())
        }
        guard status >= 0 else { throw fail("cannot list the links of group '\(objectName)' (damaged group structure)") }
        return names.values
    }

    /// This object's path inside the file ("/" for the root group).
    private var objectName: String {
        let length = H5Iget_name(id, nil, 0)
        guard length > 0 else { return "?" }
        var buffer = [CChar](repeating: 0, count: length + 1)
        _ = H5Iget_name(id, &buffer, buffer.count)
        return String(cString: buffer)
    }

    // MARK: Datasets

    /// Writes `values` as a new dataset `name` of shape `dims`, stored as float32 or float64.
    func write<T: H5Scalar>(_ name: String, _ values: [T], dims: [Int]) throws -> H5Node {
        precondition(dims.reduce(1, *) == values.count, "dims do not match the value count")
        let shape = dims.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(shape.count), shape, nil)
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, name, T.h5type, space, qpi_h5p_default(), qpi_h5p_default(), qpi_h5p_default())
        guard dataset >= 0 else { throw fail(.io, "cannot create dataset '\(name)'") }
        let node = H5Node(id: dataset, path: path, closer: H5Dclose)
        let status = values.withUnsafeBytes {
            H5Dwrite(dataset, T.h5type, qpi_h5s_all(), qpi_h5s_all(), qpi_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw fail(.io, "cannot write dataset '\(name)' (disk full?)") }
        return node
    }

    /// Creates dataset `name` of shape `dims` (chunked by first-axis rows) without writing values;
    /// fill it with `writeRows`.
    func create<T: H5Scalar>(_ name: String, of type: T.Type, dims: [Int]) throws -> H5Node {
        let shape = dims.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(shape.count), shape, nil)
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, name, T.h5type, space, qpi_h5p_default(), qpi_h5p_default(), qpi_h5p_default())
        guard dataset >= 0 else { throw fail(.io, "cannot create dataset '\(name)'") }
        return H5Node(id: dataset, path: path, closer: H5Dclose)
    }

    /// Selects rows `start ..< start + rows` along the first axis of this dataset's file space
    /// and passes the file and memory spaces to `body`.
    private func withRows<R>(start: Int, rows: Int, _ body: (hid_t, hid_t) throws -> R) throws -> R {
        let dims = try shape()
        guard let first = dims.first, start >= 0, rows >= 0, start + rows <= first else {
            throw fail(.invalidRequest, "rows \(start)..<\(start + rows) outside the dataset's \(dims.first ?? 0) rows")
        }
        let fileSpace = H5Dget_space(id)
        defer { H5Sclose(fileSpace) }
        let offset = [hsize_t(start)] + dims.dropFirst().map { _ in 0 }
        let count = [hsize_t(rows)] + dims.dropFirst().map { hsize_t($0) }
        guard H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, offset, nil, count, nil) >= 0 else { throw fail("cannot select rows") }
        let memorySpace = H5Screate_simple(Int32(count.count), count, nil)
        defer { H5Sclose(memorySpace) }
        return try body(fileSpace, memorySpace)
    }

    /// Writes `values` into rows starting at `start` along the first axis.
    func writeRows<T: H5Scalar>(_ values: [T], start: Int) throws {
        let rowSize = try shape().dropFirst().reduce(1, *)
        precondition(rowSize > 0 && values.count % rowSize == 0, "values are not whole rows")
        try withRows(start: start, rows: values.count / rowSize) { fileSpace, memorySpace in
            let status = values.withUnsafeBytes {
                H5Dwrite(id, T.h5type, memorySpace, fileSpace, qpi_h5p_default(), $0.baseAddress)
            }
            guard status >= 0 else { throw fail(.io, "cannot write rows (disk full?)") }
        }
    }

    /// Refuses a dataset whose stored type is not an integer or float of at most 16 bytes: a
    /// damaged type message can declare a float of gigabytes per element, for which libhdf5
    /// would allocate its conversion buffer before failing.
    private func checkNumericType() throws {
        let fileType = H5Dget_type(id)
        defer { H5Tclose(fileType) }
        let classOfType = H5Tget_class(fileType)
        guard classOfType == H5T_FLOAT || classOfType == H5T_INTEGER else {
            throw fail(.unsupported, "dataset is not numeric")
        }
        let elementSize = H5Tget_size(fileType)
        guard elementSize > 0, elementSize <= 16 else { throw fail("dataset elements of \(elementSize) bytes are not numbers QPIKit reads") }
        try checkStorage(elementSize: elementSize)
    }

    /// Refuses a compact or contiguous dataset that stores fewer bytes than its dataspace needs at
    /// `elementSize` bytes per element: libhdf5 1.10.8 copies the missing data of a damaged
    /// compact dataset from address 0. (A contiguous dataset that was never written stores
    /// nothing and reads as its fill value; chunked storage may be compressed.)
    private func checkStorage(elementSize: Int) throws {
        let space = H5Dget_space(id)
        guard space >= 0 else { throw fail("cannot read a dataspace") }
        defer { H5Sclose(space) }
        let points = H5Sget_simple_extent_npoints(space)
        guard points >= 0 else { throw fail("cannot read a dataspace") }
        let (needed, overflow) = UInt64(points).multipliedReportingOverflow(by: UInt64(elementSize))
        let list = H5Dget_create_plist(id)
        guard list >= 0 else { throw fail("cannot read the dataset's storage layout") }
        defer { H5Pclose(list) }
        let layout = H5Pget_layout(list), stored = H5Dget_storage_size(id)
        let short = overflow || stored < needed
        if (layout == H5D_COMPACT && short) || (layout == H5D_CONTIGUOUS && stored > 0 && short) {
            throw fail("dataset '\(objectName)' stores \(stored) of the \(needed) bytes its shape needs")
        }
    }

    /// Reads `rows` rows starting at `start` along the first axis, converted to `T`.
    func readRows<T: H5Scalar>(as type: T.Type, start: Int, rows: Int) throws -> [T] {
        try checkNumericType()
        let rowSize = try shape().dropFirst().reduce(1, *)
        return try withRows(start: start, rows: rows) { fileSpace, memorySpace in
            var values = [T](repeating: .zero, count: rows * rowSize)
            let status = values.withUnsafeMutableBytes {
                H5Dread(id, T.h5type, memorySpace, fileSpace, qpi_h5p_default(), $0.baseAddress)
            }
            guard status >= 0 else { throw fail("cannot read rows \(start)..<\(start + rows)") }
            return values
        }
    }

    /// Writes a scalar UTF-8 string dataset `name`.
    @discardableResult
    func writeString(_ name: String, _ value: String) throws -> H5Node {
        let type = try Self.stringType(length: value.utf8.count + 1)
        defer { H5Tclose(type) }
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, name, type, space, qpi_h5p_default(), qpi_h5p_default(), qpi_h5p_default())
        guard dataset >= 0 else { throw fail(.io, "cannot create dataset '\(name)'") }
        let node = H5Node(id: dataset, path: path, closer: H5Dclose)
        let status = value.withCString { H5Dwrite(dataset, type, qpi_h5s_all(), qpi_h5s_all(), qpi_h5p_default(), $0) }
        guard status >= 0 else { throw fail(.io, "cannot write dataset '\(name)'") }
        return node
    }

    /// The shape of this dataset.
    func shape() throws -> [Int] {
        let space = H5Dget_space(id)
        guard space >= 0 else { throw fail("cannot read a dataspace") }
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 32 else { throw fail("dataset rank \(rank) is invalid") }
        var dims = [hsize_t](repeating: 0, count: Int(rank)), maximum = dims
        H5Sget_simple_extent_dims(space, &dims, &maximum)
        // A damaged dataspace can declare current dimensions beyond its maxima (H5S_UNLIMITED is
        // all ones); libhdf5 1.10 then reads for seconds and gigabytes before it fails.
        guard zip(dims, maximum).allSatisfy({ $0 <= $1 }) else {
            throw fail("dataset dimensions \(dims) exceed their declared maxima \(maximum)")
        }
        return try dims.map { dim in
            guard let size = Int(exactly: dim) else { throw fail("dataset dimension \(dim) is too large") }
            return size
        }
    }

    /// Reads this numeric dataset converted to `T`, refusing sizes the file cannot justify.
    func read<T: H5Scalar>(as type: T.Type, limitBytes: Int) throws -> [T] {
        try checkNumericType()
        let dims = try shape()
        var count = 1, bytes = MemoryLayout<T>.size
        for dim in dims {
            let (values, valuesOverflow) = count.multipliedReportingOverflow(by: dim)
            let (size, sizeOverflow) = bytes.multipliedReportingOverflow(by: dim)
            guard !valuesOverflow, !sizeOverflow, size <= limitBytes else {
                throw fail("dataset declares shape \(dims), more than the file can hold")
            }
            (count, bytes) = (values, size)
        }
        var values = [T](repeating: .zero, count: count)
        let status = values.withUnsafeMutableBytes {
            H5Dread(id, T.h5type, qpi_h5s_all(), qpi_h5s_all(), qpi_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw fail("cannot read dataset values") }
        return values
    }

    /// Reads this dataset as a string (scalar fixed- or variable-length).
    func readString() throws -> String {
        let type = H5Dget_type(id)
        defer { H5Tclose(type) }
        guard H5Tget_class(type) == H5T_STRING else { throw fail(.unsupported, "dataset is not a string") }
        if H5Tis_variable_str(type) > 0 {
            var pointer: UnsafeMutablePointer<CChar>?
            guard H5Dread(id, type, qpi_h5s_all(), qpi_h5s_all(), qpi_h5p_default(), &pointer) >= 0 else {
                throw fail("cannot read a string dataset")
            }
            defer { H5free_memory(pointer) }
            return pointer.map { String(cString: $0) } ?? ""
        }
        let size = H5Tget_size(type)
        guard size < 1 << 30 else { throw fail("string dataset too large") }
        try checkStorage(elementSize: size)
        var buffer = [UInt8](repeating: 0, count: size + 1)
        guard H5Dread(id, type, qpi_h5s_all(), qpi_h5s_all(), qpi_h5p_default(), &buffer) >= 0 else {
            throw fail("cannot read a string dataset")
        }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    // MARK: Attributes

    /// Sets string attribute `name` (one string, or an array of strings).
    func setAttribute(_ name: String, _ values: [String], scalar: Bool = false) throws {
        let length = (values.map { $0.utf8.count }.max() ?? 0) + 1
        let type = try Self.stringType(length: length)
        defer { H5Tclose(type) }
        let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, [hsize_t(values.count)], nil)
        defer { H5Sclose(space) }
        let attribute = H5Acreate2(id, name, type, space, qpi_h5p_default(), qpi_h5p_default())
        guard attribute >= 0 else { throw fail(.io, "cannot create attribute '\(name)'") }
        defer { H5Aclose(attribute) }
        var buffer = [UInt8](repeating: 0, count: length * values.count)
        for (i, value) in values.enumerated() {
            for (j, byte) in value.utf8.enumerated() { buffer[i * length + j] = byte }
        }
        guard H5Awrite(attribute, type, buffer) >= 0 else { throw fail(.io, "cannot write attribute '\(name)'") }
    }

    /// Sets a scalar string attribute.
    func setAttribute(_ name: String, _ value: String) throws {
        try setAttribute(name, [value], scalar: true)
    }

    /// Sets a scalar float64 attribute.
    func setAttribute(_ name: String, _ value: Double) throws {
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let attribute = H5Acreate2(id, name, qpi_native_double(), space, qpi_h5p_default(), qpi_h5p_default())
        guard attribute >= 0 else { throw fail(.io, "cannot create attribute '\(name)'") }
        defer { H5Aclose(attribute) }
        var v = value
        guard H5Awrite(attribute, qpi_native_double(), &v) >= 0 else { throw fail(.io, "cannot write attribute '\(name)'") }
    }

    /// Opens attribute `name` and passes it, its type, its type class and its element count to
    /// `body`; nil when the attribute is absent, unreadable or implausibly large.
    private func withAttribute<T>(_ name: String, _ body: (hid_t, hid_t, H5T_class_t, Int) -> T?) -> T? {
        guard H5Aexists(id, name) > 0 else { return nil }
        let attribute = H5Aopen(id, name, qpi_h5p_default())
        guard attribute >= 0 else { return nil }
        defer { H5Aclose(attribute) }
        let type = H5Aget_type(attribute)
        defer { H5Tclose(type) }
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        let count = Int(H5Sget_simple_extent_npoints(space))
        guard count >= 0, count < 1 << 20 else { return nil }
        return body(attribute, type, H5Tget_class(type), count)
    }

    /// The string attribute `name` as a list (a scalar gives one element); nil when absent or not text.
    func stringAttribute(_ name: String) -> [String]? {
        withAttribute(name) { attribute, type, typeClass, count -> [String]? in
            guard typeClass == H5T_STRING else { return nil }
            if H5Tis_variable_str(type) > 0 {
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                guard H5Aread(attribute, type, &pointers) >= 0 else { return nil }
                defer { pointers.forEach { H5free_memory($0) } }
                return pointers.map { $0.map { String(cString: $0) } ?? "" }
            }
            let size = H5Tget_size(type)
            guard size > 0, size * count < 1 << 28 else { return nil }
            var buffer = [UInt8](repeating: 0, count: size * count)
            guard H5Aread(attribute, type, &buffer) >= 0 else { return nil }
            return (0..<count).map { i in
                String(decoding: buffer[i * size ..< (i + 1) * size].prefix { $0 != 0 }, as: UTF8.self)
                    .trimming(" ")
            }
        }
    }

    /// The numeric attribute `name` as float64 (first element); nil when absent or not numeric.
    func doubleAttribute(_ name: String) -> Double? {
        withAttribute(name) { attribute, _, typeClass, count -> Double? in
            guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER, count >= 1 else { return nil }
            var values = [Double](repeating: 0, count: count)
            guard H5Aread(attribute, qpi_native_double(), &values) >= 0 else { return nil }
            return values[0]
        }
    }

    private static func stringType(length: Int) throws -> hid_t {
        let type = H5Tcopy(qpi_c_s1())
        H5Tset_size(type, max(length, 1))
        H5Tset_strpad(type, H5T_STR_NULLTERM)
        H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }
}

/// Element types that HDF5 stores natively.
protocol H5Scalar: Numeric { static var h5type: hid_t { get } }
extension Float: H5Scalar { static var h5type: hid_t { qpi_native_float() } }
extension Double: H5Scalar { static var h5type: hid_t { qpi_native_double() } }
extension Int64: H5Scalar { static var h5type: hid_t { qpi_native_int64() } }
