/// Golden-section search for the minimum of a one-dimensional function on a bracket.
enum GoldenSection {
    /// The point of `range` where `f` is least, to `tolerance`, and the value there: the bracket
    /// shrinks by the golden ratio each step, `f` evaluated once per step.
    static func minimum(of f: (Double) throws -> Double, in range: ClosedRange<Double>, tolerance: Double) rethrows -> (x: Double, value: Double) {
        let ratio = (5.0.squareRoot() - 1) / 2
        var (low, high) = (range.lowerBound, range.upperBound)
        var (c, d) = (high - ratio * (high - low), low + ratio * (high - low))
        var (fc, fd) = (try f(c), try f(d))
        while high - low > tolerance {
            if fc < fd { (high, d, fd) = (d, c, fc); c = high - ratio * (high - low); fc = try f(c) }
            else { (low, c, fc) = (c, d, fd); d = low + ratio * (high - low); fd = try f(d) }
        }
        return fc < fd ? (c, fc) : (d, fd)
    }
}
