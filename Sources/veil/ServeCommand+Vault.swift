import ArgumentParser
import Logging
import Proxy
import Vault

extension ServeCommand {
    /// The conversation store for `vault` (nil for `none`). A memory vault without `vault_key`
    /// gets a random key for this process (its values die with it anyway); a Redis vault
    /// without one never gets here (`VeilSettings.validate`). Redis is pinged once: when it is
    /// down Veil still starts (requests needing the vault get 503s until it is back).
    static func conversationStore(_ settings: VeilSettings, logger: Logger) async throws -> ConversationStore? {
        let ttl = Duration.seconds(settings.vaultTTLSeconds)
        let configuredKey = try settings.parsedVaultKey()
        switch try settings.vaultLocation() {
        case .none:
            return nil
        case .memory:
            let key: VaultKey
            if let configuredKey {
                key = configuredKey
            } else {
                do {
                    key = try VaultKey.random()
                } catch {
                    throw ValidationError("cannot generate a vault key: \(error)")
                }
            }
            return ConversationStore(vault: MemoryVault(), key: key, ttl: ttl)
        case .redis(let endpoint):
            guard let key = configuredKey else {
                throw ValidationError("setting 'vault_key' is required with a Redis vault")
            }
            let vault = RedisVault(endpoint: endpoint)
            do {
                try await vault.ping()
                logger.info("vault reachable", metadata: ["vault.endpoint": "\(endpoint)", "vault.key.id": "\(key.idHex)"])
                try await checkKeyMarker(vault, key: key, ttl: ttl, logger: logger)
            } catch {
                logger.warning("vault unreachable at start; requests that need it get 503 until it answers",
                               metadata: ["vault.endpoint": "\(endpoint)", "vault.error": "\(error)"])
            }
            return ConversationStore(vault: vault, key: key, ttl: ttl)
        }
    }

    /// Conversation owners are keyed hashes under the vault key, so a replica with another
    /// `vault_key` looks under other storage keys and finds nothing (`400
    /// previous_response_not_found`) rather than a value it cannot open. To keep that
    /// misconfiguration visible, the first replica leaves its key id (public: 8 bytes of
    /// SHA-256) under `veil:vault:key-id` for one TTL, and a replica that finds another id there
    /// at start says so. Best effort: a marker that expired is simply written again.
    static func checkKeyMarker(_ vault: RedisVault, key: VaultKey, ttl: Duration, logger: Logger) async throws(VaultError) {
        let marker = "veil:vault:key-id"
        let ours = try await vault.insert(Array(key.idHex.utf8), forKey: marker, ttl: ttl)
        guard !ours else { return }
        let other = try await vault.get(marker).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        logger.warning("this Redis vault holds conversation state sealed under another vault_key: every replica must use the same vault_key; conversations started under the other key are unknown here",
                       metadata: ["vault.key.id": "\(key.idHex)", "vault.other_key.id": "\(other.prefix(16))"])
    }
}
