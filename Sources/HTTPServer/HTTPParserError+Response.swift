import HTTP1

extension HTTPParserError {
    /// A stable machine-readable `code` for the OpenAI-style error body.
    var openAICode: String {
        switch status.code {
        case 400: "bad_request"
        case 408: "request_timeout"
        case 413: "body_too_large"
        case 414: "uri_too_long"
        case 415: "unsupported_content_encoding"
        case 417: "expectation_failed"
        case 431: "header_too_large"
        case 501: "not_implemented"
        case 505: "http_version_not_supported"
        default: "invalid_request"
        }
    }

    /// The response sent before the connection is closed.
    var response: HTTPResponse {
        .error(status, message: message, type: "invalid_request_error", code: openAICode)
    }
}
