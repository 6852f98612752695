/// A request the parser rejects; `status` is what the client gets before the connection closes.
/// Messages name the rule that was broken, never the offending bytes (they may be user data).
public struct HTTPParserError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var message: String

    public init(status: HTTPStatus, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code): \(message)" }

    static func badRequest(_ message: String) -> HTTPParserError {
        HTTPParserError(status: .badRequest, message: message)
    }
    static func headerTooLarge() -> HTTPParserError {
        HTTPParserError(status: .requestHeaderFieldsTooLarge, message: "request header section too large")
    }
    static func uriTooLong() -> HTTPParserError {
        HTTPParserError(status: .uriTooLong, message: "request line too long")
    }
    static func bodyTooLarge() -> HTTPParserError {
        HTTPParserError(status: .contentTooLarge, message: "request body too large")
    }
    static func notImplemented(_ message: String) -> HTTPParserError {
        HTTPParserError(status: .notImplemented, message: message)
    }
}
