/// A request Veil cannot anonymize with certainty. The proxy answers 400 and forwards
/// nothing (fail closed).
public enum WalkerError: Error, Hashable, CustomStringConvertible {
    /// The body is not a JSON object.
    case notAnObject
    /// A field where text may appear has an unexpected JSON type.
    case invalidShape(path: String, expected: String)
    /// A content part type Veil does not know, so cannot prove free of text.
    case unsupportedContentPart(type: String, path: String)
    /// A responses-API input item type Veil does not know.
    case unsupportedItemType(type: String, path: String)
    /// A value that cannot change without changing its meaning (a JSON-schema `pattern`) holds
    /// something the detectors found: it can neither be anonymized nor forwarded.
    case sensitiveVerbatimValue(path: String)

    public var description: String {
        switch self {
        case .notAnObject: "request body must be a JSON object"
        case .invalidShape(let path, let expected): "'\(path)' must be \(expected)"
        case .unsupportedContentPart(let type, let path): "unsupported content part type '\(type)' at '\(path)'"
        case .unsupportedItemType(let type, let path): "unsupported input item type '\(type)' at '\(path)'"
        case .sensitiveVerbatimValue(let path): "'\(path)' contains sensitive data and cannot be anonymized without changing its meaning"
        }
    }
}
