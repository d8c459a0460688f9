import QPICore

/// |FFT| of one layer at a time: mean removed, windowed, and the DC region (within `dcRadius`
/// Fourier pixels of q = 0) replaced by the mean of the ring just outside it. Each worker owns
/// one, with its FFTW plan and buffer, so that a stack is transformed without holding a second
/// copy of it.
public final class LayerFourier {
    public let rows: Int
    public let columns: Int
    private let fft: FFT2D
    private let rowWeights: [Double], columnWeights: [Double]
    /// Indices (row-major) of the DC region and of the ring whose mean replaces it.
    private let inside: [Int], ring: [Int]

    public init(rows: Int, columns: Int, window: Window, dcRadius: Double) {
        self.rows = rows
        self.columns = columns
        fft = FFT2D(rows: rows, columns: columns, direction: .forward, rigor: .estimate)
        rowWeights = window.weights(rows)
        columnWeights = window.weights(columns)
        var inside: [Int] = [], ring: [Int] = []
        let reach = Int(dcRadius.rounded(.up)) + 1
        for dy in -reach...reach {
            for dx in -reach...reach {
                let d = Double(dx * dx + dy * dy).squareRoot()
                let index = ((dy + rows) % rows) * columns + (dx + columns) % columns
                if d <= dcRadius { inside.append(index) } else if d <= dcRadius + 1 { ring.append(index) }
            }
        }
        (self.inside, self.ring) = (inside, ring)
    }

    /// The magnitude of `layer` (`rows × columns` values, row-major) into `magnitude`.
    public func magnitude<C: Collection>(of layer: C, into magnitude: inout Plane) where C.Element: BinaryFloatingPoint, C.Index == Int {
        precondition(layer.count == rows * columns && magnitude.values.count == rows * columns)
        let buffer = fft.buffer
        let n = rows * columns
        let mean = layer.reduce(0.0) { $0 + Double($1) } / Double(n)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                buffer[2 * i] = (Double(layer[layer.startIndex + i]) - mean) * rowWeights[r] * columnWeights[c]
                buffer[2 * i + 1] = 0
            }
        }
        fft.execute()
        for i in 0..<n { magnitude.values[i] = (buffer[2 * i] * buffer[2 * i] + buffer[2 * i + 1] * buffer[2 * i + 1]).squareRoot() }
        if !ring.isEmpty {
            let fill = ring.map { magnitude.values[$0] }.reduce(0, +) / Double(ring.count)
            for i in inside { magnitude.values[i] = fill }
        }
    }
}
