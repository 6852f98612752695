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
            } catch {
                logger.warning("vault unreachable at start; requests that need it get 503 until it answers",
                               metadata: ["vault.endpoint": "\(endpoint)", "vault.error": "\(error)"])
            }
            return ConversationStore(vault: vault, key: key, ttl: ttl)
        }
    }
}
