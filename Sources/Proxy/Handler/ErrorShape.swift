import Anonymizer
import HTTP1
import HTTPServer

/// How an API's clients expect errors: the body of an error answer and of the in-band error
/// event that ends a failed stream. The proxy owns these shapes; the HTTP layers below only
/// name an error (`HTTPError`) and ask (`ProxyErrorResponses`).
enum ErrorShape: Sendable {
    /// `{"error":{"message","type","param","code"}}`; a stream ends with `data: {"error":…}`.
    case openAI
    /// `{"type":"error","error":{"type","message"}}`; a stream ends with `event: error`.
    case anthropic

    /// The shape of the API a path belongs to: Anthropic's under `/v1/messages` (its routes,
    /// and a wrong method or an unknown path below them), OpenAI's elsewhere.
    init(path: String?) {
        let isMessages = path.map { $0 == "/v1/messages" || $0.hasPrefix("/v1/messages/") || $0.hasPrefix("/v1/messages?") } ?? false
        self = isMessages ? .anthropic : .openAI
    }

    /// `error` as an answer: its status, body, `Retry-After` and kept upstream headers.
    func response(for error: ProxyError) -> HTTPResponse {
        var response = HTTPResponse.json(body(for: error), status: error.status)
        for field in error.upstreamFields where field.name.lowercased() != "content-type" {
            response.fields.append(name: field.name, value: field.value)
        }
        for field in error.fields { response.fields.append(name: field.name, value: field.value) }
        if let retryAfter = error.retryAfter { response.fields.set(name: "Retry-After", value: String(retryAfter)) }
        return response
    }

    func body(for error: ProxyError) -> [UInt8] {
        switch self {
        case .openAI:
            JSONValue.object([(key: "error", value: .object([
                (key: "message", value: .string(error.message)), (key: "type", value: .string(error.type)),
                (key: "param", value: .null), (key: "code", value: .string(error.code)),
            ]))]).serializedBytes()
        case .anthropic:
            JSONValue.object([
                (key: "type", value: .string("error")),
                (key: "error", value: .object([
                    (key: "type", value: .string(error.anthropicType)), (key: "message", value: .string(error.message)),
                ])),
            ]).serializedBytes()
        }
    }

    /// The in-band event that ends a stream whose head was already sent (a failed upstream, a
    /// vault that could not save): `data: {"error":{…,"type":"server_error","code"}}` for
    /// OpenAI clients, `event: error` with an `api_error` for Anthropic's.
    func streamEvent(code: String, message: String) -> [UInt8] {
        switch self {
        case .openAI:
            let body = JSONValue.object([(key: "error", value: .object([
                (key: "message", value: .string(message)), (key: "type", value: .string("server_error")),
                (key: "code", value: .string(code)),
            ]))])
            return ServerSentEvent(data: body.serialized()).encoded
        case .anthropic:
            let error = ProxyError(status: .internalServerError, type: "server_error", code: code, message: message)
            return ServerSentEvent(event: "error", data: String(decoding: body(for: error), as: UTF8.self)).encoded
        }
    }
}
