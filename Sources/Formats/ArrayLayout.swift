/// Reorders a row-major array of shape `dims` so that axis `order[0]` becomes the slowest and
/// `order[last]` the fastest (a general transpose for rank 2 and 3).
func permuted<T>(_ values: [T], dims: [Int], order: [Int]) -> [T] {
    precondition(dims.count == order.count && Set(order) == Set(0..<dims.count))
    if order == Array(0..<dims.count) { return values }
    var strides = [Int](repeating: 1, count: dims.count)
    for i in stride(from: dims.count - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * dims[i + 1] }
    let newDims = order.map { dims[$0] }
    let newStrides = order.map { strides[$0] }
    var out: [T] = []
    out.reserveCapacity(values.count)
    var index = [Int](repeating: 0, count: dims.count)
    for _ in 0..<values.count {
        var source = 0
        for k in 0..<dims.count { source += index[k] * newStrides[k] }
        out.append(values[source])
        var k = dims.count - 1
        while k >= 0 {
            index[k] += 1
            if index[k] < newDims[k] { break }
            index[k] = 0
            k -= 1
        }
    }
    return out
}

/// Converts length values in `unit` to metres; nil when `unit` is not a length unit QPIKit knows.
func metres(_ values: [Double], unit: String) -> [Double]? {
    let factors: [String: Double] = ["m": 1, "mm": 1e-3, "um": 1e-6, "µm": 1e-6, "μm": 1e-6,
                                     "nm": 1e-9, "pm": 1e-12, "Å": 1e-10, "angstrom": 1e-10]
    guard let factor = factors[normalisedUnit(unit)] ?? factors[unit.lowercased()] else { return nil }
    return values.map { $0 * factor }
}

/// The rows of a `height × width` plane in reverse order (top-first ↔ bottom-first).
func flippedRows<C: RandomAccessCollection>(_ values: C, width: Int, height: Int) -> [C.Element] where C.Index == Int {
    var out: [C.Element] = []
    out.reserveCapacity(width * height)
    for r in 0..<height {
        let start = values.startIndex + (height - 1 - r) * width
        out.append(contentsOf: values[start ..< start + width])
    }
    return out
}

/// Unit symbols for the spelled-out names some writers use (pint, NeXus: `meter`, `ampere`, …).
func normalisedUnit(_ unit: String) -> String {
    let names = ["meter": "m", "metre": "m", "nanometer": "nm", "nanometre": "nm", "picometer": "pm",
                 "micrometer": "um", "angstrom": "Å", "ampere": "A", "volt": "V", "second": "s",
                 "hertz": "Hz", "kelvin": "K", "degree": "deg", "siemens": "S"]
    let trimmed = unit.trimming(" ")
    return names[trimmed.lowercased()] ?? trimmed
}

/// Throws unless every dimension of `dims` is at least 1 and the array holds at most `limitBytes`
/// of 4-byte samples, so that a damaged header can neither make a reader allocate more than the
/// file could hold (axes included) nor declare an empty axis.
func requireStorable(_ dims: [Int], limitBytes: Int, path: String, what: String) throws {
    var count = 1
    for dim in dims {
        guard dim >= 1 else { throw FormatError(.corrupt, path: path, "\(what) has an empty dimension (shape \(dims))") }
        let (product, overflow) = count.multipliedReportingOverflow(by: dim)
        guard !overflow, product <= limitBytes / 4 else {
            throw FormatError(.corrupt, path: path, "\(what) declares shape \(dims), more than the file can hold")
        }
        count = product
    }
}
