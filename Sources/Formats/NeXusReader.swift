/// Reads NeXus `NXdata` groups (files from pynxtools and similar tools) through their `signal`
/// and `axes` attributes. Every NXdata group whose signal has the shape of the first one becomes
/// a channel; a group name containing `backward` or `bwd`, or a signal name ending in `_bwd`,
/// marks a backward channel (a `_fwd`/`_bwd` suffix is taken off the name). The axis named `x`
/// (or ending in `x`) runs along columns, `y` along rows, any third axis is the sweep. Other 2-D
/// datasets of a grid's first group with the image's shape (a topograph `Z_fwd`) become per-pixel
/// parameters.
enum NeXusReader {
    /// Nil when the file has no NXdata group.
    static func read(file: H5Node, limitBytes: Int, options: ReadOptions) throws -> Dataset? {
        var groups: [(path: String, node: H5Node)] = []
        try collectNXdata(in: file, path: "", depth: 0, into: &groups)
        guard let first = groups.first else { return nil }
        var assumptions: [String] = []
        var channels: [Channel] = []
        var dims: [Int] = []
        var order: [Int] = []
        var axes: [Axis] = []
        for group in groups {
            guard let signal = group.node.stringAttribute("signal")?.first,
                  let node = try? group.node.dataset(signal) else { continue }
            let shape = try node.shape()
            if channels.isEmpty {
                guard shape.count == 2 || shape.count == 3 else { continue }
                try requireStorable(shape, limitBytes: limitBytes, path: file.path, what: "NXdata '\(group.path)' signal '\(signal)'")
                dims = shape
                let names = group.node.stringAttribute("axes") ?? []
                (order, axes) = try readAxes(names, in: group.node, dims: dims, limitBytes: limitBytes,
                                             options: options, path: file.path, assumptions: &assumptions)
            } else if shape != dims {
                assumptions.append("NXdata '\(group.path)' has another shape and was not read")
                continue
            }
            let lowered = group.path.lowercased()
            let (name, suffixDirection) = splitDirection(signal)
            let backward = lowered.contains("backward") || lowered.contains("bwd") || suffixDirection == .backward
            let values = permuted(try node.read(as: Float.self, limitBytes: limitBytes), dims: dims, order: order)
            let unit = normalisedUnit(node.stringAttribute("units")?.first ?? "")
            channels.append(Channel(name: name, unit: unit, direction: backward ? .backward : .forward,
                                    longName: node.stringAttribute("long_name")?.first ?? "\(group.path)/\(signal)",
                                    data: values))
        }
        guard !channels.isEmpty else { return nil }
        let sweep = axes.count == 3 ? axes[0] : nil
        let parameters = dims.count == 3 ? try imageParameters(in: first.node, dims: dims, order: order, limitBytes: limitBytes) : []
        return Dataset(sweep: sweep, x: axes[axes.count - 1], y: axes[axes.count - 2], channels: channels, parameters: parameters,
                       metadata: Metadata(source: SourceInfo(format: "NeXus HDF5", fileName: fileName(file.path),
                                                             header: "first NXdata group: \(first.path)"),
                                          assumptions: assumptions))
    }

    /// `name` without a trailing `_fwd`/`_bwd` (any case), and the direction it named.
    static func splitDirection(_ name: String) -> (String, ScanDirection?) {
        for direction in ScanDirection.allCases where name.lowercased().hasSuffix("_" + direction.suffix) && name.count > 4 {
            return (String(name.dropLast(4)), direction)
        }
        return (name, nil)
    }

    /// The 2-D datasets of a grid's NXdata group that have the shape of one image, as per-pixel
    /// parameters oriented like the channels (`Z_fwd` becomes `Z`, `Z_bwd` stays `Z_bwd`).
    private static func imageParameters(in group: H5Node, dims: [Int], order: [Int], limitBytes: Int) throws -> [PixelParameter] {
        let (yDim, xDim) = (order[1], order[2])
        let stored = yDim < xDim ? [dims[yDim], dims[xDim]] : [dims[xDim], dims[yDim]]
        return try group.children().sorted().compactMap { name -> PixelParameter? in
            guard group.kind(of: name) == .dataset, let node = try? group.dataset(name), (try? node.shape()) == stored else { return nil }
            let values = permuted(try node.read(as: Float.self, limitBytes: limitBytes), dims: stored, order: yDim < xDim ? [0, 1] : [1, 0])
            let (stripped, direction) = splitDirection(name)
            return PixelParameter(name: direction == .backward ? name : stripped,
                                  unit: normalisedUnit(node.stringAttribute("units")?.first ?? ""), values: values)
        }
    }

    private static func collectNXdata(in node: H5Node, path: String, depth: Int,
                                      into groups: inout [(path: String, node: H5Node)]) throws {
        guard depth < 6, groups.count < 256 else { return }
        for name in try node.children() where node.kind(of: name) == .group {
            guard let child = try? node.group(name) else { continue }
            let childPath = "\(path)/\(name)"
            if child.stringAttribute("NX_class")?.first == "NXdata" {
                groups.append((childPath, child))
            } else {
                try collectNXdata(in: child, path: childPath, depth: depth + 1, into: &groups)
            }
        }
    }

    /// The permutation that brings the signal to `[sweep,] y, x` and the axes in that order.
    private static func readAxes(_ names: [String], in group: H5Node, dims: [Int], limitBytes: Int,
                                 options: ReadOptions, path: String,
                                 assumptions: inout [String]) throws -> ([Int], [Axis]) {
        let rank = dims.count
        let lowered = names.map { $0.lowercased() }
        var order = Array(0..<rank)
        if lowered.count == rank, let xi = lowered.firstIndex(where: { $0 == "x" || $0.hasSuffix("_x") }),
           let yi = lowered.firstIndex(where: { $0 == "y" || $0.hasSuffix("_y") }), xi != yi {
            order = (0..<rank).filter { $0 != xi && $0 != yi } + [yi, xi]
        } else {
            assumptions.append("NXdata axes \(names) do not name x and y: the last two dimensions are taken as rows and columns")
        }
        var axes: [Axis] = []
        for (position, dim) in order.enumerated() {
            let spatial = position >= rank - 2
            let label = spatial ? (position == rank - 1 ? "x" : "y") : "sweep"
            if dim < names.count, names[dim] != ".", let node = try? group.dataset(names[dim]),
               let values = try? node.read(as: Double.self, limitBytes: limitBytes), values.count == dims[dim] {
                let unit = node.stringAttribute("units")?.first ?? ""
                if spatial, let si = metres(values, unit: unit) {
                    axes.append(Axis(name: label, unit: "m", values: si))
                } else {
                    if spatial { assumptions.append("axis '\(names[dim])' has unit '\(unit)', kept as is") }
                    axes.append(Axis(name: spatial ? label : names[dim], unit: normalisedUnit(unit), values: values))
                }
            } else if spatial {
                let (x, y) = options.spatialAxes(rows: dims[order[rank - 2]], columns: dims[order[rank - 1]],
                                                 assumptions: &assumptions)
                axes.append(label == "x" ? x : y)
            } else {
                axes.append(try options.sweepAxis(count: dims[dim], path: path, assumptions: &assumptions))
            }
        }
        return (order, axes)
    }
}
