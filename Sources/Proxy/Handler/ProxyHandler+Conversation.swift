import Anonymizer
import HTTPServer
import Logging
import TimeUnits
import Vault

/// The Responses API's server-side conversations (`previous_response_id`): the provider keeps
/// the earlier turns — redacted, with Veil's placeholders in them — so Veil must keep the map
/// that numbered them. Chat Completions needs none of this: clients resend the history and one
/// request's map covers all of it.
extension ProxyHandler {
    /// Who owns the conversation state this request reads and writes (nil: it uses none).
    ///
    /// With client keys configured (`VEIL_API_KEYS`), the identity is the Veil key the request
    /// authenticated with (the same key through `Authorization: Bearer` or `x-api-key` is the
    /// same identity). Without them, it is the credential the client sends for the provider —
    /// the `Authorization` value, else `x-api-key` — unchecked by Veil; clients that send the
    /// same value, or none, share one identity. Only a keyed hash of it is kept (`VaultIdentity`).
    func conversationOwner(_ request: HTTPRequest) throws(ProxyError) -> VaultIdentity? {
        guard let conversations else { return nil }
        return try conversations.identity(credential: try vaultCredential(request))
    }

    /// The bytes a request's identity is computed from, domain-separated by where they came from.
    func vaultCredential(_ request: HTTPRequest) throws(ProxyError) -> [UInt8]? {
        let authorization = request.fields["Authorization"]
        let apiKey = request.fields["x-api-key"]
        if authenticator.isEnabled {
            // `authorize` has passed, so a key matches; refusing is the safe answer if not.
            guard let key = authenticator.matchedKey(authorizationHeader: authorization, apiKeyHeader: apiKey) else {
                throw .unauthorized
            }
            return Array("veil-key:".utf8) + key
        }
        if let authorization { return Array("authorization:".utf8) + Array(authorization.utf8) }
        if let apiKey { return Array("x-api-key:".utf8) + Array(apiKey.utf8) }
        return nil
    }

    /// The map a request starts from: the stored one when it continues a conversation, so the
    /// same value keeps its placeholder and new values get the next numbers. Only `owner`'s
    /// maps are found: another identity's id answers exactly as an unknown one.
    func startingMap(for body: JSONValue, owner: VaultIdentity?) async throws(ProxyError) -> PlaceholderMap {
        guard let conversations, let owner, let previous = body["previous_response_id"] else {
            return PlaceholderMap()
        }
        switch previous {
        case .null: return PlaceholderMap()
        case .string(let id):
            let started = ContinuousClock.now
            do {
                let map = try await conversations.load(responseID: id, owner: owner)
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
    func conversationSave(for body: JSONValue, map: PlaceholderMap, owner: VaultIdentity?) -> ConversationSave? {
        guard let conversations, let owner, body["store"] != .bool(false) else { return nil }
        return ConversationSave(store: conversations, map: map, owner: owner, metrics: metrics)
    }
}

/// A map waiting for the id of the response it belongs to.
struct ConversationSave: Sendable {
    let store: ConversationStore
    let map: PlaceholderMap
    /// The identity the map is saved for (the request's).
    let owner: VaultIdentity
    let metrics: ProxyMetrics

    /// A whole Responses body (as the upstream sent it, parsed once by the flow): its top-level `id`.
    func save(response: JSONValue, logger: Logger) async throws(ProxyError) {
        guard let id = response["id"]?.stringValue else {
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
            try await store.save(map, responseID: id, owner: owner)
        } catch {
            // `veil_vault_operations_total{operation="save",result=<code>}` counts each cause,
            // `upstream_response_id_conflict` included. The id is the upstream's and not logged.
            metrics.recordVault("save", result: error.code, seconds: started.duration(to: .now).seconds)
            if error == .responseIDConflict {
                logger.warning("upstream reused a response id another conversation holds: state not saved, answer withheld",
                               metadata: ["vault.kind": "\(store.vault.kind)"])
            }
            throw error
        }
        metrics.recordVault("save", result: "ok", seconds: started.duration(to: .now).seconds)
        logger.debug("conversation state saved", metadata: [
            "vault.kind": "\(store.vault.kind)", "vault.entries": "\(map.count)",
            "vault.ms": "\(started.duration(to: .now).wholeMilliseconds())",
        ])
    }

    /// The streamed save: the map is stored under the response id as soon as an event carries
    /// it (`response.created`, the first event), before that event is relayed; if the vault
    /// fails, the relay ends the stream with the error in-band (`vault_unavailable`) instead.
    struct StreamHook: EventStreamHook {
        var pending: ConversationSave?

        mutating func willRelay(_ event: ServerSentEvent, logger: Logger) async throws(ProxyError) {
            guard let save = pending, let json = try? JSONParser.parse(event.data), let id = ConversationSave.responseID(in: json) else { return }
            pending = nil
            do {
                try await save.save(id: id, logger: logger)
            } catch {
                logger.warning("conversation state not saved: stream ended", metadata: ["error.code": "\(error.code)"])
                save.metrics.recordRefusal(code: error.code)
                throw error
            }
        }

        func streamEnded(logger: Logger) {
            if pending != nil { logger.warning("stream carried no response id: conversation state not saved") }
        }
    }
}
