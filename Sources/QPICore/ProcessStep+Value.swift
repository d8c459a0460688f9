extension ProcessStep {
    /// One parameter of a step as JSON keeps it: a number (in the unit its name says), a string,
    /// or a list of values. Numbers stay numbers, so readers of the provenance and of
    /// `summary.json` need not parse them out of text.
    public indirect enum Value: Sendable, Equatable, Codable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
                                ExpressibleByIntegerLiteral, ExpressibleByStringInterpolation {
        case number(Double)
        case string(String)
        case list([Value])

        public init(stringLiteral value: String) { self = .string(value) }
        public init(floatLiteral value: Double) { self = .number(value) }
        public init(integerLiteral value: Int) { self = .number(Double(value)) }

        /// The value as a person reads it: numbers in full precision, lists in brackets.
        public var text: String {
            switch self {
            case .number(let value): return "\(value)"
            case .string(let value): return value
            case .list(let values): return "[" + values.map(\.text).joined(separator: ", ") + "]"
            }
        }

        /// A list of numbers.
        public static func numbers(_ values: [Double]) -> Value { .list(values.map(Value.number)) }

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .list(try container.decode([Value].self))
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .list(let values): try container.encode(values)
            }
        }
    }

    /// The parameters decoded (an unreadable parameter text gives an empty set).
    public var parameters: [String: Value] {
        (try? JSONCoding.decode([String: Value].self, from: parametersJSON)) ?? [:]
    }
}
