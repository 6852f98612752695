import Anonymizer
import HTTP1
import HTTPServer

/// Everything that stops a request inside the proxy: a status, a stable `code` and a message
/// (never request text). `ErrorShape` writes it in the shape of the API the request was for.
public struct ProxyError: Error, Sendable, Equatable {
    public var status: HTTPStatus
    public var type: String
    public var code: String
    public var message: String
    /// Seconds a client should wait before retrying (`Retry-After`), for overload answers.
    public var retryAfter: Int?
    /// The upstream's own response headers (`Retry-After`, request ids), kept when Veil answers
    /// in place of an upstream body it could not read (`keepingUpstreamFields`).
    public var upstreamFields = HTTPFields()
    /// Header fields the answer needs besides (`Allow` on a 405).
    public var fields = HTTPFields()

    public init(status: HTTPStatus, type: String, code: String, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The answer in OpenAI's shape (`ErrorShape.openAI`).
    public var response: HTTPResponse {
        ErrorShape.openAI.response(for: self)
    }

    /// The model's bounded queue is full: shed load instead of piling up requests in memory.
    public static let overloaded = ProxyError(
        status: .serviceUnavailable, type: "server_error", code: "anonymizer_overloaded",
        message: "Veil's anonymizer is at capacity; nothing was forwarded. Retry shortly.", retryAfter: 1)

    public static func invalidJSON(_ detail: String) -> ProxyError {
        ProxyError(status: .badRequest, type: "invalid_request_error", code: "invalid_json",
                   message: "The request body is not valid JSON: \(detail)")
    }

    public static func unsupportedShape(_ detail: String) -> ProxyError {
        ProxyError(status: .badRequest, type: "invalid_request_error", code: "unsupported_content",
                   message: "Veil cannot anonymize this request, so it was not forwarded: \(detail)")
    }

    /// `X-Veil-Sensitivity` (or a dry run's `"sensitivity"`, named by `field`) names no operating point.
    public static func invalidSensitivity(_ field: String = "X-Veil-Sensitivity") -> ProxyError {
        ProxyError(status: .badRequest, type: "invalid_request_error", code: "invalid_sensitivity",
                   message: "\(field) must be one of \(Sensitivity.choices).")
    }

    /// `X-Veil-Labels` (or a dry run's `"labels"`, named by `field`) is empty or names a label no
    /// loaded detector knows; the message lists the valid ones.
    public static func invalidLabels(_ field: String, _ failure: LabelSelection.Failure) -> ProxyError {
        ProxyError(status: .badRequest, type: "invalid_request_error", code: "invalid_labels",
                   message: "\(field) \(failure.description). Nothing was forwarded.")
    }

    /// A path parameter that could leave its segment upstream (`%2F`, `..`, `%2e%2e`).
    public static let invalidPath = ProxyError(
        status: .badRequest, type: "invalid_request_error", code: "invalid_path",
        message: "A path segment must not be '.', '..' or hold an encoded '/', '\\' or '%'; nothing was forwarded.")

    public static let unauthorized = ProxyError(
        status: .unauthorized, type: "invalid_request_error", code: "invalid_api_key",
        message: "A valid Veil API key is required (Authorization: Bearer <key> or x-api-key: <key>).")

    /// What stopped a request's anonymization, as the client sees it (the one mapping for every
    /// route and the dry run): a shape the walker cannot prove free of text is 400, the model's
    /// full or slow queue 503 `anonymizer_overloaded` with `Retry-After`, a text over
    /// `model_max_text` 413, anything else 503 `anonymizer_unavailable` naming the error's type.
    static func anonymizing(_ error: any Error) -> ProxyError {
        switch error {
        case let error as WalkerError: .unsupportedShape(error.description)
        case let error as TextTooLongError: .textTooLong(error)
        case DetectorError.overloaded: .overloaded
        default: .anonymizerFailed(String(describing: Swift.type(of: error)))
        }
    }

    public static func anonymizerFailed(_ detail: String) -> ProxyError {
        ProxyError(status: .serviceUnavailable, type: "server_error", code: "anonymizer_unavailable",
                   message: "The request could not be anonymized, so it was not forwarded: \(detail)")
    }

    public static func upstreamUnreachable(_ detail: String, at target: String = "") -> ProxyError {
        ProxyError(status: .badGateway, type: "server_error", code: "upstream_unreachable",
                   message: "The upstream API\(target) could not be reached: \(detail)")
    }

    public static func upstreamTimeout(_ detail: String, at target: String = "") -> ProxyError {
        ProxyError(status: .gatewayTimeout, type: "server_error", code: "upstream_timeout",
                   message: "The upstream API\(target) did not answer in time: \(detail)")
    }

    /// The upstream's complete answer is not JSON. A success becomes 502 (the client could not
    /// parse it); an error keeps the upstream's status, so a client's retry rules (429, 5xx)
    /// still apply. The body itself is not quoted: it may echo the request.
    public static func upstreamNotJSON(status: Int, byteCount: Int) -> ProxyError {
        guard !(200..<300).contains(status) else {
            return .upstreamInvalid("the body is not valid JSON (\(byteCount) bytes)")
        }
        return ProxyError(status: HTTPStatus(code: status), type: status < 500 ? "invalid_request_error" : "server_error",
                          code: "upstream_error",
                          message: "The upstream API answered HTTP \(status) with a body that is not JSON (\(byteCount) bytes).")
    }

    public static func upstreamInvalid(_ detail: String) -> ProxyError {
        ProxyError(status: .badGateway, type: "server_error", code: "upstream_invalid_response",
                   message: "The upstream API sent a response Veil could not read: \(detail)")
    }
}
