/// Masks strong defects before the FFT: pixels whose value deviates from the median by more than
/// `threshold` robust standard deviations (1.4826 × the median absolute deviation) are replaced by
/// the median, so a few bright impurities do not dominate the Fourier amplitude.
public enum DefectMask {
    /// The mask (true = masked) of `plane`.
    public static func mask(_ plane: Plane, threshold: Double) -> [Bool] {
        let sorted = plane.values.sorted()
        let median = sorted[sorted.count / 2]
        let deviations = plane.values.map { abs($0 - median) }.sorted()
        let sigma = 1.4826 * deviations[deviations.count / 2]
        return plane.values.map { sigma > 0 && abs($0 - median) > threshold * sigma }
    }

    /// `plane` with the masked pixels set to the median of the unmasked ones.
    public static func apply(_ mask: [Bool], to plane: Plane) -> Plane {
        let kept = zip(plane.values, mask).filter { !$0.1 }.map(\.0).sorted()
        guard !kept.isEmpty else { return plane }
        let median = kept[kept.count / 2]
        var out = plane
        for i in out.values.indices where mask[i] { out.values[i] = median }
        return out
    }
}
