import Foundation

/// A separable Gaussian blur of a row-major image, the one used everywhere in QPIKit: the kernel
/// exp(−x²/2σ²) out to ⌈3σ⌉ pixels, normalised to unit sum, applied along rows and then columns.
public enum GaussianBlur {
    /// What lies beyond the image's edges.
    public enum Edges: Sendable {
        /// The nearest edge pixel (images in real space or in the q-frame).
        case clamped
        /// The image repeats (Fourier planes, whose indices are periodic).
        case periodic
    }

    /// `image` (`rows × columns`, row-major) blurred with standard deviation `sigma` pixels.
    public static func apply(_ image: [Double], rows: Int, columns: Int, sigma: Double, edges: Edges) -> [Double] {
        precondition(image.count == rows * columns, "GaussianBlur: \(image.count) values for \(rows)×\(columns)")
        let radius = Int((3 * sigma).rounded(.up))
        let kernel = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let total = kernel.reduce(0, +)
        let weights = kernel.map { $0 / total }
        @inline(__always) func index(_ i: Int, _ n: Int) -> Int {
            edges == .periodic ? ((i % n) + n) % n : min(max(i, 0), n - 1)
        }
        var along = [Double](repeating: 0, count: image.count), out = along
        for r in 0..<rows {
            for c in 0..<columns {
                var sum = 0.0
                for (k, w) in weights.enumerated() { sum += w * image[r * columns + index(c + k - radius, columns)] }
                along[r * columns + c] = sum
            }
        }
        for r in 0..<rows {
            for c in 0..<columns {
                var sum = 0.0
                for (k, w) in weights.enumerated() { sum += w * along[index(r + k - radius, rows) * columns + c] }
                out[r * columns + c] = sum
            }
        }
        return out
    }
}
