import Anonymizer
import HTTP1
import HTTPServer
import Logging
import TimeUnits
import Upstream

/// A request body that is fully redacted and ready to go upstream, with its map.
struct PreparedRequest: Sendable {
    var body: [UInt8]
    var map: PlaceholderMap
    var entityCount: Int
    var labelCounts: [EntityLabel: Int]
    /// The client asked for JSON output (`response_format` `json_object` / `json_schema`,
    /// `output_format` `json_schema`): restored values are JSON-escaped in text.
    var wantsJSONContent: Bool
    /// Where the map goes once the response id is known (Responses API with a vault); nil = nowhere.
    var conversation: ConversationSave? = nil
}

/// The anonymize → forward → restore flow, one for every API; `api` supplies what differs.
///
/// Fail-closed rule: the upstream request is built only from the walker's output; any error
/// before that point answers the client and sends nothing.
extension ProxyHandler {
    func forward(_ request: HTTPRequest, through api: some AnonymizedAPI) async -> HTTPResponse {
        var logger = self.logger
        logger[metadataKey: "request.id"] = .string(request.id)
        logger[metadataKey: "route"] = .string(api.route)
        let started = ContinuousClock.now
        do throws(ProxyError) {
            try authorize(request)
            try api.admit(request)
            let prepared = try await prepare(request, for: api)
            metrics.recordAnonymization(seconds: started.duration(to: .now).seconds, labels: prepared.labelCounts)
            logger.debug("request anonymized", metadata: [
                "anonymizer.entities": "\(prepared.entityCount)",
                "anonymizer.labels": "\(prepared.labelCounts.keys.sorted().map(\.rawValue).joined(separator: ","))",
                "anonymizer.ms": "\(started.duration(to: .now).wholeMilliseconds())",
            ])
            let sent = ContinuousClock.now
            let response = try await send(api.upstreamRequest(for: request, body: prepared.body), via: api.upstream, logger: logger)
            metrics.recordUpstream(seconds: sent.duration(to: .now).seconds)
            var fields = api.clientHeaders(from: response.headers)
            addRedactionHeaders(to: &fields, prepared)
            let restorer = api.restorer(map: prepared.map, textIsJSON: prepared.wantsJSONContent)
            let status = HTTPStatus(code: response.status)
            let succeeded = (200..<300).contains(response.status)
            if response.isEventStream, succeeded {
                fields.set(name: "Content-Type", value: "text/event-stream")
                fields.set(name: "Cache-Control", value: "no-cache")
                let body = response.body
                let logger = logger
                let hook = ConversationSave.StreamHook(pending: prepared.conversation)
                return HTTPResponse(status: status, fields: fields, body: .stream { writer in
                    var rewriter = restorer.rewriter()
                    try await rewriter.relay(body, to: writer, logger: logger, hook: hook)
                })
            }
            let bytes: [UInt8]
            do {
                bytes = try await response.body.collect(upTo: configuration.maxUpstreamBodyBytes)
            } catch {
                throw ProxyError.from(error, target: api.upstream.configuration.target)
            }
            let restored: RestoredBody
            do throws(ProxyError) {
                restored = try restorer.restoredBody(bytes, status: response.status)
            } catch {
                throw error.keepingUpstreamFields(fields)
            }
            if let save = prepared.conversation, succeeded {
                // Withheld unless saved: the next turn would otherwise fail on a missing map.
                try await save.save(response: restored.upstream, logger: logger)
            }
            return HTTPResponse(status: status, fields: fields, body: .bytes(restored.bytes))
        } catch {
            logger.info("request refused", metadata: ["http.status": "\(error.status.code)", "error.code": "\(error.code)"])
            metrics.recordRefusal(code: error.code)
            return api.errorShape.response(for: error)
        }
    }

    /// Parses, anonymizes every text field through one map (continuing the conversation's
    /// stored map when `api` keeps conversations), and adds the preamble.
    /// Throws before anything could be sent: the fail-closed point.
    func prepare(_ request: HTTPRequest, for api: some AnonymizedAPI) async throws(ProxyError) -> PreparedRequest {
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw .invalidJSON(error.description)
        }
        let scope = try requestScope(request)
        let owner = api.keepsConversations ? try conversationOwner(request) : nil
        var map = try await startingMap(for: body, owner: owner)
        let report: AnonymizedRequest
        do {
            report = try await api.anonymize(body, anonymizer: anonymizer, map: &map, scope: scope)
        } catch {
            throw .anonymizing(error)
        }
        var outgoing = report.body
        if let preamble = configuration.systemPreamble {
            outgoing = api.addingPreamble(preamble, to: outgoing)
        }
        var counts: [EntityLabel: Int] = [:]
        for entity in report.entities { counts[entity.label, default: 0] += 1 }
        return PreparedRequest(body: outgoing.serializedBytes(), map: map,
                               entityCount: report.entities.count, labelCounts: counts,
                               wantsJSONContent: api.asksForJSONText(body),
                               conversation: conversationSave(for: body, map: map, owner: owner))
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
