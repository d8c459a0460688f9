/// Derivative-free minimisation (J. A. Nelder & R. Mead, Comput. J. 7, 308 (1965)) with the
/// standard coefficients, for small least-squares fits.
public enum NelderMead {
    /// The minimiser of `f` from `start` with initial simplex steps `steps`; nil if it does not
    /// converge within `iterations` (simplex spread in f below `tolerance`).
    public static func minimise(_ f: ([Double]) -> Double, start: [Double], steps: [Double],
                                tolerance: Double = 1e-10, iterations: Int = 4000) -> (point: [Double], value: Double)? {
        let n = start.count
        var simplex = [start] + (0..<n).map { i in var p = start; p[i] += steps[i]; return p }
        var values = simplex.map(f)
        // Converged when the spread is small relative to the best value, or negligible against
        // the starting cost (a perfect fit drives the cost to zero).
        let floor = 1e-14 * abs(values[0])
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }; values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= max(tolerance * abs(values[0]), floor) { return (simplex[0], values[0]) }
            let centroid = (0..<n).map { j in simplex[0..<n].reduce(0) { $0 + $1[j] } / Double(n) }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1), fr = f(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = f(expanded)
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (reflected, fr)
            } else {
                let contracted = along(fr < values[n] ? -0.5 : 0.5), fc = f(contracted)
                if fc < min(fr, values[n]) {
                    (simplex[n], values[n]) = (contracted, fc)
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        return nil
    }
}
