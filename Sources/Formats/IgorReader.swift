/// Reads Igor Pro binary waves (`.ibw`, versions 2 and 5, either byte order) of real float32,
/// float64 or 8/16/32-bit signed or unsigned integer samples.
///
/// Igor stores a wave column-major: dimension 0 varies fastest. QPIKit maps dimension 0 to x
/// (columns), dimension 1 to y (rows) and dimension 2 to the sweep (layers), so sample
/// `[k][y][x]` is the wave's element `x + nx·(y + ny·k)` and the file order is kept. Row 0 is
/// y index 0, the bottom of the frame as in QPIKit's model; a dimension with a negative step is
/// reversed so that x and y increase with the index.
///
/// - 1-D wave: a point spectrum, a 1 × 1 grid at x = y = 0 (Igor records no position), the
///   sweep from the x scaling;
/// - 2-D wave: an image;
/// - 3-D wave: a spectroscopic grid with dimension 2 as the sweep.
///
/// Axes come from each dimension's scaling (`value = sfB + sfA × index`) and unit: lengths in
/// m, voltages in V (a voltage sweep is named `Bias`). Units with an SI prefix are converted to
/// the base unit, samples included (`nA` → A). The wave note is the source header; the
/// dependency formula and element labels, which the data model cannot carry, are listed in the
/// assumptions.
public enum IgorReader {
    /// Reads the wave at `path`.
    public static func read(path: String) throws -> Dataset {
        let file = try InputFile(path: path)
        let wave = try IgorWaveHeader(file: file)
        var assumptions: [String] = []
        let (dataUnit, dataFactor) = siBaseUnit(wave.dataUnit) ?? (wave.dataUnit, 1)
        var samples = decode(try file.bytes(at: wave.dataOffset, count: wave.dataBytes), as: wave.type,
                             littleEndian: wave.littleEndian, factor: dataFactor)
        if wave.type != .float32 || dataFactor != 1 {
            assumptions.append("\(wave.type) samples in '\(wave.dataUnit)' stored as float32 in '\(dataUnit)'")
        }
        let axes = scaledAxes(of: wave, assumptions: &assumptions)
        if !wave.formula.isEmpty {
            assumptions.append("dependency formula '\(wave.formula)' not evaluated: the stored samples are used")
        }
        var sweep: Axis?
        var x = Axis(name: "x", unit: "m", values: [0]), y = Axis(name: "y", unit: "m", values: [0])
        if axes.count == 1 {
            sweep = axes[0]
            assumptions.append("a 1-D wave is stored as a point spectrum: a 1 × 1 grid at x = y = 0 (Igor records no position)")
        } else {
            (x, y, sweep) = (axes[0], axes[1], axes.count == 3 ? axes[2] : nil)
            assumptions.append("Igor dimension 0 → x (columns), 1 → y (rows, row 0 = first y index), 2 → sweep (layers)")
            let (mirrorX, flipY) = (wave.steps[0] < 0, wave.steps[1] < 0)
            if mirrorX || flipY {
                samples = reoriented(samples, columns: x.count, rows: y.count, mirrorX: mirrorX, flipY: flipY)
                if mirrorX { x.values.reverse() }
                if flipY { y.values.reverse() }
                assumptions.append("a dimension with a negative step was reversed so that x and y increase with the index")
            }
        }
        let channel = Channel(name: wave.name, unit: dataUnit, data: samples)
        let metadata = Metadata(source: SourceInfo(format: "Igor ibw", fileName: fileName(path), header: wave.note),
                                assumptions: assumptions)
        return Dataset(sweep: sweep, x: x, y: y, channels: [channel], metadata: metadata)
    }

    /// One axis per dimension from its scaling, unit (SI prefixes resolved) and label. The sweep
    /// (the last dimension of a 1-D or 3-D wave) in V is named `Bias`; others are named by the
    /// whole-dimension label, else by Igor's letter (x, y, z).
    private static func scaledAxes(of wave: IgorWaveHeader, assumptions: inout [String]) -> [Axis] {
        let sweepDimension = wave.dimensions.count == 2 ? nil : wave.dimensions.count - 1
        return wave.dimensions.indices.map { k in
            let (unit, factor) = siBaseUnit(wave.dimensionUnits[k]) ?? (wave.dimensionUnits[k], 1)
            let label = wave.labels[k].first ?? ""
            let name = !label.isEmpty ? label : k == sweepDimension && unit == "V" ? "Bias" : ["x", "y", "z"][k]
            if k != sweepDimension && unit != "m" {
                assumptions.append("dimension \(k) has unit '\(wave.dimensionUnits[k])', not a length: its axis is kept in it")
            }
            if wave.labels[k].count > 1 {
                assumptions.append("the \(wave.labels[k].count - 1) element labels of dimension \(k) are not kept")
            }
            let values = (0..<wave.dimensions[k]).map { (wave.offsets[k] + wave.steps[k] * Double($0)) * factor }
            return Axis(name: name, unit: unit, values: values)
        }
    }

    /// The samples times `factor` as Float, rounded to nearest once (integers of up to 24 bits
    /// and float32 samples exactly when `factor` is 1).
    private static func decode(_ raw: [UInt8], as type: IgorWaveHeader.SampleType, littleEndian: Bool,
                               factor: Double) -> [Float] {
        let count = raw.count / type.size
        var out = [Float](repeating: 0, count: count)
        raw.withUnsafeBytes { source in
            func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
                let bits = source.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
                return littleEndian ? T(littleEndian: bits) : T(bigEndian: bits)
            }
            func value(_ i: Int) -> Double {
                switch type {
                case .float32: Double(Float(bitPattern: load(UInt32.self, i)))
                case .float64: Double(bitPattern: load(UInt64.self, i))
                case .int8: Double(load(Int8.self, i))
                case .int16: Double(load(Int16.self, i))
                case .int32: Double(load(Int32.self, i))
                case .uint8: Double(load(UInt8.self, i))
                case .uint16: Double(load(UInt16.self, i))
                case .uint32: Double(load(UInt32.self, i))
                }
            }
            for i in 0..<count { out[i] = Float(value(i) * factor) }
        }
        return out
    }

    /// `samples` (`layers × rows × columns`) with the columns and/or the rows of each layer reversed.
    private static func reoriented(_ samples: [Float], columns: Int, rows: Int, mirrorX: Bool, flipY: Bool) -> [Float] {
        var out = samples
        for i in samples.indices {
            let (layerStart, inLayer) = (i - i % (rows * columns), i % (rows * columns))
            let (r, c) = (inLayer / columns, inLayer % columns)
            out[layerStart + (flipY ? rows - 1 - r : r) * columns + (mirrorX ? columns - 1 - c : c)] = samples[i]
        }
        return out
    }
}
