import Anonymizer
import Vault

/// Conversation state for the Responses API: the placeholder map of each answered request,
/// sealed (AES-256-GCM) and kept in a `ConversationVault` under the provider's response id, so
/// a later request naming it in `previous_response_id` — on this replica or another — continues
/// the same numbering and restores placeholders the provider repeats from earlier turns.
///
/// Errors are `ProxyError`s already: an unreachable vault is a 503, an unknown or expired id a
/// 400, a value that does not open (wrong key, tampered) a 503 — each decided before anything
/// is sent upstream.
public struct ConversationStore: Sendable {
    public let vault: any ConversationVault
    let sealer: VaultSealer
    public let ttl: Duration

    /// Storage keys are namespaced so a shared Redis can hold other data.
    static let keyPrefix = "veil:resp:"
    /// Provider ids are short (`resp_` + 48 hex digits at OpenAI); anything much longer is refused.
    static let maxResponseIDBytes = 256

    public init(vault: any ConversationVault, key: VaultKey, ttl: Duration) {
        self.vault = vault
        self.sealer = VaultSealer(key: key)
        self.ttl = ttl
    }

    /// Seals and stores `map` under `responseID` for `ttl`.
    func save(_ map: PlaceholderMap, responseID: String) async throws(ProxyError) {
        let key = try Self.storageKey(responseID)
        let sealed: [UInt8]
        do {
            sealed = try sealer.seal(map.jsonValue.serializedBytes(), context: key)
        } catch {
            throw .vaultUnreadable("the conversation state could not be sealed")
        }
        do {
            try await vault.put(sealed, forKey: key, ttl: ttl)
        } catch {
            throw .vaultUnavailable(error)
        }
    }

    /// The map stored for `responseID`; throws when there is none, the vault cannot be reached,
    /// or the value does not open.
    func load(responseID: String) async throws(ProxyError) -> PlaceholderMap {
        let key = try Self.storageKey(responseID)
        let sealed: [UInt8]?
        do {
            sealed = try await vault.get(key)
        } catch {
            throw .vaultUnavailable(error)
        }
        guard let sealed else { throw .conversationNotFound(responseID) }
        let plaintext: [UInt8]
        do {
            plaintext = try sealer.open(sealed, context: key)
        } catch {
            throw .vaultUnreadable(error.description)
        }
        do {
            return try PlaceholderMap(jsonValue: JSONParser.parse(plaintext))
        } catch {
            throw .vaultUnreadable("the stored conversation state is not a placeholder map")
        }
    }

    static func storageKey(_ responseID: String) throws(ProxyError) -> String {
        guard !responseID.isEmpty, responseID.utf8.count <= maxResponseIDBytes,
              responseID.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw ProxyError(status: .badRequest, type: "invalid_request_error", code: "invalid_previous_response_id",
                             message: "previous_response_id must be a printable ASCII id of at most \(maxResponseIDBytes) characters.")
        }
        return keyPrefix + responseID
    }
}
