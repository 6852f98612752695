import Anonymizer
import HTTPServer

extension ProxyHandler {
    /// `POST /v1/veil/anonymize`: what Veil would send, without calling the upstream.
    /// Body: `{"text": "...", "labels": [...]}` → `{"text", "entities"}`, or
    /// `{"endpoint": "/v1/chat/completions", "body": {...}}` → `{"body", "entities"}` (any
    /// anonymized route, `/v1/messages` included). Labels and sensitivity come from the headers
    /// and configuration as for a forwarded request; `"labels"` and `"sensitivity"` members
    /// override them.
    func dryRun(_ request: HTTPRequest) async -> HTTPResponse {
        do {
            try authorize(request)
            let json: JSONValue
            do { json = try JSONParser.parse(request.body) } catch { throw ProxyError.invalidJSON(error.description) }
            var scope = try requestScope(request)
            if let raw = json["labels"], !raw.isNull {
                guard let list = raw.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                    throw ProxyError(status: .badRequest, type: "invalid_request_error", code: "invalid_labels",
                                     message: "\"labels\" must be an array of label names.")
                }
                do {
                    scope.labels = try LabelSelection.parse(list.compactMap(\.stringValue), known: anonymizer.supportedLabels)
                } catch {
                    throw ProxyError.invalidLabels("\"labels\"", error)
                }
            }
            if let value = json["sensitivity"], !value.isNull {
                guard let sensitivity = value.stringValue.flatMap({ Sensitivity(parsing: $0) }) else {
                    throw ProxyError.invalidSensitivity("\"sensitivity\"")
                }
                scope.sensitivity = sensitivity
            }
            var map = PlaceholderMap()
            if let text = json["text"]?.stringValue {
                map.reserveLookalikes(in: text)
                let result: AnonymizedText
                do {
                    result = try await anonymizer.anonymize(text, scope: scope, map: &map)
                } catch {
                    throw ProxyError.anonymizing(error)
                }
                return .json(JSONValue.object([
                    (key: "text", value: .string(result.text)),
                    (key: "entities", value: .array(result.entities.map(Self.entityJSON))),
                ]).serializedBytes())
            }
            let path = json["endpoint"]?.stringValue ?? ""
            guard let body = json["body"], let api = dryRunAPI(path) else {
                throw ProxyError(status: .badRequest, type: "invalid_request_error", code: "invalid_dry_run",
                                 message: "Send {\"text\": ...} or {\"endpoint\": \"/v1/chat/completions\", \"body\": {...}}.")
            }
            let report: AnonymizedRequest
            do {
                report = try await api.anonymize(body, anonymizer: anonymizer, map: &map, scope: scope)
            } catch {
                throw ProxyError.anonymizing(error)
            }
            return .json(JSONValue.object([
                (key: "body", value: report.body),
                (key: "entities", value: .array(report.entities.map(Self.entityJSON))),
            ]).serializedBytes())
        } catch let error as ProxyError {
            return error.response
        } catch {
            return ProxyError.anonymizerFailed("internal error").response
        }
    }

    /// The request walker of the anonymized route at `path` (nothing is sent: the upstream is never used).
    func dryRunAPI(_ path: String) -> (any AnonymizedAPI)? {
        if let endpoint = OpenAIEndpoint(path: path) { return openAI(endpoint) }
        guard let route = AnthropicHandler.Route(rawValue: path) else { return nil }
        return AnthropicAPI(route: route, walker: AnthropicRequestWalker(options: walker.options), upstream: upstream,
                            apiKey: nil, clientKeysRequired: false)
    }

    static func entityJSON(_ e: RedactedEntity) -> JSONValue {
        .object([
            (key: "start", value: .int(e.start)), (key: "end", value: .int(e.end)),
            (key: "label", value: .string(e.label.rawValue)), (key: "text", value: .string(e.text)),
            (key: "placeholder", value: .string(e.placeholder)),
        ])
    }
}
