import Anonymizer
import HTTPServer
import T5

/// A request body that is fully redacted and ready to go upstream, with its map.
struct PreparedRequest: Sendable {
    var body: [UInt8]
    var map: PlaceholderMap
    var entityCount: Int
    var labelCounts: [EntityLabel: Int]
    /// The client asked for JSON output (`response_format` `json_object` / `json_schema`).
    var wantsJSONContent: Bool
    /// Where the map goes once the response id is known (Responses API with a vault); nil = nowhere.
    var conversation: ConversationSave? = nil
}

extension ProxyHandler {
    /// Parses, anonymizes every text field through one map, and adds the preamble.
    /// Throws before anything could be sent: the fail-closed point.
    func prepare(_ request: HTTPRequest, endpoint: OpenAIEndpoint) async throws(ProxyError) -> PreparedRequest {
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw .invalidJSON(error.description)
        }
        let scope = try requestScope(request)
        let owner = try conversationOwner(request, endpoint: endpoint)
        var map = try await startingMap(for: body, endpoint: endpoint, owner: owner)
        let report: AnonymizedRequest
        do {
            report = try await walker.anonymizeRequestReport(
                body, kind: endpoint, anonymizer: anonymizer, map: &map, scope: scope)
        } catch let error as WalkerError {
            throw .unsupportedShape(error.description)
        } catch T5Error.busy, T5Error.queueTimeout {
            throw .overloaded
        } catch let error as TextTooLongError {
            throw .textTooLong(error)
        } catch {
            throw .anonymizerFailed(String(describing: type(of: error)))
        }
        var outgoing = report.body
        if let preamble = configuration.systemPreamble {
            outgoing = SystemPreamble(text: preamble).insert(into: outgoing, endpoint: endpoint)
        }
        var counts: [EntityLabel: Int] = [:]
        for entity in report.entities { counts[entity.label, default: 0] += 1 }
        let format = body["response_format"]?["type"]?.stringValue
        return PreparedRequest(body: outgoing.serializedBytes(), map: map,
                               entityCount: report.entities.count, labelCounts: counts,
                               wantsJSONContent: format == "json_object" || format == "json_schema",
                               conversation: conversationSave(for: body, endpoint: endpoint, map: map, owner: owner))
    }

    /// What this request asks of detection: its labels and sensitivity, each from its header
    /// when sent, else from the configuration. A header that cannot be read is a 400, before
    /// anything is anonymized or sent.
    func requestScope(_ request: HTTPRequest) throws(ProxyError) -> DetectionScope {
        DetectionScope(labels: try requestLabels(request), sensitivity: try requestSensitivity(request))
    }

    /// Labels for this request: header `X-Veil-Labels: EMAIL, PHONE` overrides the configuration.
    /// Every name must be a label of a loaded detector, and the header must name one: an empty
    /// or misspelt header (`EMIAL`) is a 400, never "detect nothing" (issue #15, item 3).
    /// Repeated fields are one list (RFC 9110 §5.3).
    func requestLabels(_ request: HTTPRequest) throws(ProxyError) -> Set<EntityLabel>? {
        let values = request.fields.values(for: "X-Veil-Labels")
        guard !values.isEmpty else { return configuration.labels }
        do {
            return try LabelSelection.parse(commaSeparated: values.joined(separator: ","), known: anonymizer.supportedLabels)
        } catch {
            throw .invalidLabels("X-Veil-Labels", error)
        }
    }

    /// The model's operating point for this request: header `X-Veil-Sensitivity: strict`
    /// overrides the configuration. The field takes one value, so a repeated field (a list, per
    /// RFC 9110 §5.3) is refused rather than resolved by picking one.
    func requestSensitivity(_ request: HTTPRequest) throws(ProxyError) -> Sensitivity {
        let values = request.fields.values(for: "X-Veil-Sensitivity")
        guard !values.isEmpty else { return configuration.sensitivity }
        guard values.count == 1, let sensitivity = Sensitivity(parsing: values[0]) else { throw .invalidSensitivity() }
        return sensitivity
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
