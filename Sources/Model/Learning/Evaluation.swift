import Foundation

/// How a classifier does on a labelled data set: confusion matrix, accuracy per class,
/// expected calibration error (15 equal-width confidence bins; Naeini et al. 2015) and the
/// error of each estimated parameter.
public struct Evaluation: Codable, Sendable {
    public var examples: Int
    public var classes: [String]
    /// `confusion[true][predicted]`.
    public var confusion: [[Int]]
    public var accuracy: Double
    public var perClassAccuracy: [String: Double]
    public var expectedCalibrationError: Double
    public var reliability: [ReliabilityBin]
    /// `chi_rad` (examples with χ), `nematic_angle_rad` (nematic E′, error modulo π),
    /// `nematic_angle_mod60_rad` (the same modulo π/3: all a measured grid defines, since the
    /// preprocessing may put any of the six Bragg peaks on +qy),
    /// `chirality` (E′: accuracy of chiral vs nematic in `accuracy`).
    public var parameters: [String: ParameterScore]
    /// The same parameter scores per true class (class label → parameter → score).
    public var perClassParameters: [String: [String: ParameterScore]]

    /// One confidence bin of the reliability diagram.
    public struct ReliabilityBin: Codable, Sendable {
        public var lower: Double, upper: Double
        public var count: Int
        public var meanConfidence: Double
        public var accuracy: Double
    }

    /// Errors of one estimated parameter.
    public struct ParameterScore: Codable, Sendable {
        public var count: Int
        public var meanAbsoluteError: Double?
        public var rSquared: Double?
        public var accuracy: Double?
    }

    /// Evaluates `model` on every example of `data` (outputs averaged over the frame's mirrors,
    /// as `PairingClassifier.predict` gives them).
    public static func run(_ model: PairingClassifier, on data: LabelledMaps, batch: Int = 64) -> Evaluation {
        let k = model.metadata.classes.count
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var confidences: [(Double, Bool)] = []
        var angle: [(Double, Double)] = [], chirality: [(Bool, Bool)] = []
        var chiByClass = [[(Double, Double)]](repeating: [], count: k)
        let r = RegressionTarget.allCases.count
        // χ estimates in the convention of the data's labels (`IWaveNormalisation`: A2′'s).
        let labelClasses = data.classes.map(PairingClass.init(label:)), iWave = model.metadata.trainingData.iWaveNormalisation
        for start in stride(from: 0, to: data.count, by: batch) {
            let indices = Array(start ..< min(start + batch, data.count))
            let (input, targets) = data.batch(indices)
            let outputs = MirrorAveraging.outputs(of: model.network, for: input, classes: k)
            let width = outputs.shape[1]
            for (s, i) in indices.enumerated() {
                let row = Array(outputs.data[s * width ..< (s + 1) * width])
                let p = MultiTaskLoss.softmax(Array(row[..<k]), temperature: model.metadata.temperature)
                let predicted = p.indices.max { p[$0] < p[$1] }!
                confusion[data.labels[i]][predicted] += 1
                confidences.append((p[predicted], predicted == data.labels[i]))
                let t = Array(targets.values[s * r ..< (s + 1) * r]), m = Array(targets.mask[s * r ..< (s + 1) * r])
                if m[0] > 0 {
                    let estimate = iWave.mixAngle(Double(row[k]), of: labelClasses[data.labels[i]], in: data.recipe.iWaveNormalisation)
                    chiByClass[data.labels[i]].append((Double(t[0]), estimate))
                }
                if m[1] > 0 {
                    angle.append((atan2(Double(t[2]), Double(t[1])) / 2, atan2(Double(row[k + 2]), Double(row[k + 1])) / 2))
                }
                if m[3] > 0 { chirality.append((t[3] > 0.5, row[k + 3] > 0.5)) }
            }
        }
        let correct = (0..<k).reduce(0) { $0 + confusion[$1][$1] }
        var perClass: [String: Double] = [:]
        for c in 0..<k where confusion[c].reduce(0, +) > 0 {
            perClass[model.metadata.classes[c]] = Double(confusion[c][c]) / Double(confusion[c].reduce(0, +))
        }
        let bins = reliability(confidences, bins: 15)
        let ece = bins.reduce(0.0) { $0 + Double($1.count) * abs($1.accuracy - $1.meanConfidence) } / Double(max(confidences.count, 1))
        var parameters: [String: ParameterScore] = [:]
        let chi = chiByClass.flatMap { $0 }
        if !chi.isEmpty { parameters["chi_rad"] = score(chi) }
        if !angle.isEmpty {
            parameters["nematic_angle_rad"] = angleScore(angle)
            parameters["nematic_angle_mod60_rad"] = angleScore(angle, period: Double.pi / 3)
        }
        if !chirality.isEmpty {
            parameters["chirality"] = ParameterScore(count: chirality.count,
                                                     accuracy: Double(chirality.filter { $0.0 == $0.1 }.count) / Double(chirality.count))
        }
        var perClassParameters: [String: [String: ParameterScore]] = [:]
        for c in 0..<k where !chiByClass[c].isEmpty { perClassParameters[model.metadata.classes[c], default: [:]]["chi_rad"] = score(chiByClass[c]) }
        if !angle.isEmpty, let ePrime = model.metadata.classes.firstIndex(of: PairingClass.ePrime.label) {
            perClassParameters[model.metadata.classes[ePrime], default: [:]]["nematic_angle_rad"] = angleScore(angle)
        }
        return Evaluation(examples: data.count, classes: model.metadata.classes, confusion: confusion,
                          accuracy: Double(correct) / Double(max(data.count, 1)), perClassAccuracy: perClass,
                          expectedCalibrationError: ece, reliability: bins, parameters: parameters,
                          perClassParameters: perClassParameters)
    }

    static func score(_ pairs: [(truth: Double, estimate: Double)]) -> ParameterScore {
        let n = Double(pairs.count)
        let mae = pairs.reduce(0.0) { $0 + abs($1.truth - $1.estimate) } / n
        let mean = pairs.reduce(0.0) { $0 + $1.truth } / n
        let total = pairs.reduce(0.0) { $0 + ($1.truth - mean) * ($1.truth - mean) }
        let residual = pairs.reduce(0.0) { $0 + ($1.truth - $1.estimate) * ($1.truth - $1.estimate) }
        return ParameterScore(count: pairs.count, meanAbsoluteError: mae, rSquared: total > 0 ? 1 - residual / total : nil)
    }

    /// The error of nematic angles (truth, estimate), modulo `period`.
    static func angleScore(_ pairs: [(truth: Double, estimate: Double)], period: Double = Double.pi) -> ParameterScore {
        let errors = pairs.map { pair -> Double in
            let d = (pair.truth - pair.estimate).truncatingRemainder(dividingBy: period)
            return min(abs(d), period - abs(d))
        }
        return ParameterScore(count: pairs.count, meanAbsoluteError: errors.reduce(0, +) / Double(errors.count))
    }

    /// The mean absolute error of every parameter per class, as `ModelMetadata.testErrors` keeps it.
    public var typicalErrors: [String: [String: Double]] {
        perClassParameters.mapValues { $0.compactMapValues(\.meanAbsoluteError) }
    }

    static func reliability(_ confidences: [(Double, Bool)], bins: Int) -> [ReliabilityBin] {
        (0..<bins).map { b in
            let lower = Double(b) / Double(bins), upper = Double(b + 1) / Double(bins)
            let inBin = confidences.filter { $0.0 > lower && $0.0 <= upper || (b == 0 && $0.0 == 0) }
            let count = inBin.count
            return ReliabilityBin(lower: lower, upper: upper, count: count,
                                  meanConfidence: count > 0 ? inBin.reduce(0.0) { $0 + $1.0 } / Double(count) : 0,
                                  accuracy: count > 0 ? Double(inBin.filter(\.1).count) / Double(count) : 0)
        }
    }
}
