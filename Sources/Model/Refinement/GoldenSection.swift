/// Golden-section search for the minimum of a one-dimensional function on a bracket.
enum GoldenSection {
    /// The point of `range` where `f` is least, to `tolerance`, and the value there: the bracket
    /// shrinks by the golden ratio each step, `f` evaluated once per step.
    static func minimum(of f: (Double) throws -> Double, in range: ClosedRange<Double>, tolerance: Double) rethrows -> (x: Double, value: Double) {
        let found = try minimum(in: range, tolerance: tolerance, from: 0.0, evaluate: { x, _ in try f(x) }, value: { $0 })
        return (found.x, found.trial)
    }

    /// The same search where each evaluation makes a trial worth keeping (a fit at x):
    /// `evaluate(x, neighbour)` makes it from the interior trial kept beside x (the first two from
    /// `start`), `value` is its cost. Returns the better of the last two trials and its x.
    static func minimum<Trial>(in range: ClosedRange<Double>, tolerance: Double, from start: Trial,
                               evaluate: (Double, Trial) throws -> Trial, value: (Trial) -> Double) rethrows -> (x: Double, trial: Trial) {
        let ratio = (5.0.squareRoot() - 1) / 2
        var (low, high) = (range.lowerBound, range.upperBound)
        var (c, d) = (high - ratio * (high - low), low + ratio * (high - low))
        var (fc, fd) = (try evaluate(c, start), try evaluate(d, start))
        while high - low > tolerance {
            if value(fc) < value(fd) { (high, d, fd) = (d, c, fc); c = high - ratio * (high - low); fc = try evaluate(c, fd) }
            else { (low, c, fc) = (c, d, fd); d = low + ratio * (high - low); fd = try evaluate(d, fc) }
        }
        return value(fc) < value(fd) ? (c, fc) : (d, fd)
    }
}
