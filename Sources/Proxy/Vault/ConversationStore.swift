import Anonymizer
import Vault

/// Conversation state for the Responses API: the placeholder map of each answered request,
/// sealed (AES-256-GCM) and kept in a `ConversationVault` under the provider's response id, so
/// a later request naming it in `previous_response_id` — on this replica or another — continues
/// the same numbering and restores placeholders the provider repeats from earlier turns.
///
/// Maps belong to the client identity that created them (`VaultIdentity`: a keyed hash of the
/// client's credential). The identity's tag is part of the storage key, and so of the AES-GCM
/// associated data: a request from another identity looks up a key that does not exist and gets
/// exactly the answer an unknown id gets — same status, same body, same code path (one vault
/// `GET` that finds nothing) — and nothing is restored. A save never replaces a stored map
/// (`ConversationVault.insert`): an upstream that reuses a response id is refused.
///
/// Errors are `ProxyError`s already. Before forwarding (load): an unreachable vault is a 503,
/// an unknown or expired id (or another identity's) a 400, a value that does not open (wrong
/// key, tampered) a 503. After forwarding (save): a response id Veil cannot store under is the
/// upstream's fault (502), a reused one a 502 conflict, an unreachable vault a 503 that says
/// the request had reached the upstream.
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

    /// The identity of a client credential under this store's vault key (nil: the one shared
    /// identity of clients that present none).
    func identity(credential: [UInt8]?) throws(ProxyError) -> VaultIdentity {
        do {
            return try VaultIdentity(credential: credential, key: sealer.key)
        } catch {
            throw .anonymizerFailed("the conversation owner could not be computed")
        }
    }

    /// Seals and stores `map` under `responseID` for `owner`, for `ttl`. Runs after the request
    /// was forwarded: every error says so. Never replaces a stored map.
    func save(_ map: PlaceholderMap, responseID: String, owner: VaultIdentity) async throws(ProxyError) {
        guard Self.isValidID(responseID) else {
            throw .upstreamInvalid("its response id is not a printable ASCII id of at most \(Self.maxResponseIDBytes) characters, so this turn's conversation state could not be stored; the answer was withheld")
        }
        let key = Self.storageKey(responseID, owner: owner)
        let sealed: [UInt8]
        do {
            sealed = try sealer.seal(map.serializedBytes, context: key)
        } catch {
            throw .vaultSaveFailed("the conversation state could not be sealed")
        }
        let stored: Bool
        do {
            stored = try await vault.insert(sealed, forKey: key, ttl: ttl)
        } catch {
            throw .vaultSaveFailed(error)
        }
        guard stored else { throw .responseIDConflict }
    }

    /// The map `owner` stored for `responseID`; throws when there is none (for this owner), the
    /// vault cannot be reached, or the value does not open.
    func load(responseID: String, owner: VaultIdentity) async throws(ProxyError) -> PlaceholderMap {
        guard Self.isValidID(responseID) else {
            throw ProxyError(status: .badRequest, type: "invalid_request_error", code: "invalid_previous_response_id",
                             message: "previous_response_id must be a printable ASCII id of at most \(Self.maxResponseIDBytes) characters.")
        }
        let key = Self.storageKey(responseID, owner: owner)
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
            return try PlaceholderMap(serialized: plaintext)
        } catch {
            throw .vaultUnreadable("the stored conversation state is not a placeholder map")
        }
    }

    static func isValidID(_ responseID: String) -> Bool {
        !responseID.isEmpty && responseID.utf8.count <= maxResponseIDBytes
            && responseID.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    /// `veil:resp:<owner tag, 64 hex>:<response id>`; the tag has a fixed length, so no two
    /// (owner, id) pairs share a key.
    static func storageKey(_ responseID: String, owner: VaultIdentity) -> String {
        keyPrefix + owner.tag + ":" + responseID
    }
}
