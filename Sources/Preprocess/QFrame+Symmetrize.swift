import Foundation
import QPICore

extension QFrame {
    /// The average of `map` over the group's images of each pixel that fall inside the window,
    /// with the number of contributions per pixel (so edges are averaged, not darkened).
    public func symmetrize(_ map: [Float], group: SymmetryGroup) -> (map: [Float], counts: [Float]) {
        if group == .none { return (map, [Float](repeating: 1, count: map.count)) }
        let operations = group.operations
        let axis = self.axis
        let plane = Plane(rows: pixels, columns: pixels, values: map.map(Double.init))
        var out = [Float](repeating: 0, count: map.count), counts = out
        for (row, qy) in axis.enumerated() {
            for (column, qx) in axis.enumerated() {
                var total = 0.0, count = 0
                for (r0, r1) in operations {
                    let x = r0.x * qx + r0.y * qy, y = r1.x * qx + r1.y * qy
                    guard abs(x) <= halfWidth + 1e-9, abs(y) <= halfWidth + 1e-9 else { continue }
                    total += plane.sample(y: (y + halfWidth) / step, x: (x + halfWidth) / step)
                    count += 1
                }
                out[row * pixels + column] = count > 0 ? Float(total / Double(count)) : 0
                counts[row * pixels + column] = Float(count)
            }
        }
        return (out, counts)
    }
}
