import Foundation

/// Why a `tokenizer.json` could not be loaded. Encoding and decoding never fail once loaded.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read (missing, unreadable).
    case fileNotFound(path: String)
    /// The bytes are not JSON, or not the shape `tokenizer.json` has.
    case invalidJSON(reason: String)
    /// A component `type` this implementation does not support, e.g. `("model", "BPE")`.
    case unsupportedComponent(component: String, type: String)
    /// A supported component whose fields are missing or inconsistent.
    case invalidComponent(component: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "tokenizer file not found: \(path)"
        case .invalidJSON(let reason): "tokenizer.json is not valid: \(reason)"
        case .unsupportedComponent(let component, let type): "unsupported \(component) type '\(type)'"
        case .invalidComponent(let component, let reason): "invalid \(component): \(reason)"
        }
    }
}
