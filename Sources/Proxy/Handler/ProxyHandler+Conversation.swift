import Anonymizer
import Logging

/// The Responses API's server-side conversations (`previous_response_id`): the provider keeps
/// the earlier turns — redacted, with Veil's placeholders in them — so Veil must keep the map
/// that numbered them. Chat Completions needs none of this: clients resend the history and one
/// request's map covers all of it.
extension ProxyHandler {
    /// The map a request starts from: the stored one when it continues a conversation, so the
    /// same value keeps its placeholder and new values get the next numbers.
    func startingMap(for body: JSONValue, endpoint: OpenAIEndpoint) async throws(ProxyError) -> PlaceholderMap {
        guard endpoint == .responses, let conversations, let previous = body["previous_response_id"] else {
            return PlaceholderMap()
        }
        switch previous {
        case .null: return PlaceholderMap()
        case .string(let id):
            let started = ContinuousClock.now
            do {
                let map = try await conversations.load(responseID: id)
                metrics.recordVault("load", result: "ok", seconds: started.duration(to: .now).seconds)
                return map
            } catch {
                metrics.recordVault("load", result: error.code, seconds: started.duration(to: .now).seconds)
                throw error
            }
        default: throw .unsupportedShape("previous_response_id must be a string")
        }
    }

    /// The answer's id gets this request's map when the provider keeps the response for later
    /// turns (`store` is not false).
    func conversationSave(for body: JSONValue, endpoint: OpenAIEndpoint, map: PlaceholderMap) -> ConversationSave? {
        guard endpoint == .responses, let conversations, body["store"] != .bool(false) else { return nil }
        return ConversationSave(store: conversations, map: map, metrics: metrics)
    }
}

/// A map waiting for the id of the response it belongs to.
struct ConversationSave: Sendable {
    let store: ConversationStore
    let map: PlaceholderMap
    let metrics: ProxyMetrics

    /// A whole Responses body: its top-level `id`.
    func save(responseBody bytes: [UInt8], logger: Logger) async throws(ProxyError) {
        guard let id = (try? JSONParser.parse(bytes))?["id"]?.stringValue else {
            logger.warning("response without an id: conversation state not saved")
            return
        }
        try await save(id: id, logger: logger)
    }

    /// The response id carried by a stream event (`response.created`, `response.in_progress`,
    /// `response.completed` all hold the `response` object), if any.
    static func responseID(in event: JSONValue) -> String? {
        event["response"]?["id"]?.stringValue
    }

    func save(id: String, logger: Logger) async throws(ProxyError) {
        let started = ContinuousClock.now
        do {
            try await store.save(map, responseID: id)
        } catch {
            metrics.recordVault("save", result: error.code, seconds: started.duration(to: .now).seconds)
            throw error
        }
        metrics.recordVault("save", result: "ok", seconds: started.duration(to: .now).seconds)
        logger.debug("conversation state saved", metadata: [
            "vault.kind": "\(store.vault.kind)", "vault.entries": "\(map.count)",
            "vault.ms": "\(started.duration(to: .now).milliseconds)",
        ])
    }
}
