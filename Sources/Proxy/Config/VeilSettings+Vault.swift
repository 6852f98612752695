import Vault

extension VeilSettings {
    /// The parsed `vault` setting.
    public func vaultLocation() throws(ConfigError) -> VaultLocation {
        do {
            return try VaultLocation(parsing: vault)
        } catch {
            throw ConfigError(error.message)
        }
    }

    /// The parsed `vault_key`, if set.
    public func parsedVaultKey() throws(ConfigError) -> VaultKey? {
        guard let vaultKey, !vaultKey.isEmpty else { return nil }
        do {
            return try VaultKey(parsing: vaultKey)
        } catch {
            throw ConfigError(error.message)
        }
    }

    /// A shared (Redis) vault needs a key every replica knows: a per-process random key would
    /// make each replica's values unreadable to the others, so Veil refuses to start instead.
    func validateVault() throws(ConfigError) {
        let location = try vaultLocation()
        guard vaultTTLSeconds > 0 else { throw ConfigError("setting 'vault_ttl_seconds' must be positive") }
        let key = try parsedVaultKey()
        if location.isShared, key == nil {
            throw ConfigError("""
                setting 'vault_key' is required with a Redis vault (VEIL_VAULT_KEY, or "vault_key" in the file): \
                32 random bytes as 64 hex digits or base64, the same on every replica — e.g. `openssl rand -hex 32`
                """)
        }
    }
}
