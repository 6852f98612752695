/// The `vault` setting: `none`, `memory` (the default) or `redis://[:password@]host[:port][/db]`.
public enum VaultLocation: Sendable, Equatable {
    /// No conversation state: every request has its own map (the behaviour before the vault).
    case none
    /// One process's memory, bounded and expiring (`MemoryVault`).
    case memory
    /// A Redis server shared by replicas (`RedisVault`).
    case redis(RedisEndpoint)

    public init(parsing text: String) throws(VaultConfigError) {
        switch text.lowercased() {
        case "", "memory": self = .memory
        case "none", "off": self = .none
        default:
            guard text.lowercased().hasPrefix("redis://") else {
                throw VaultConfigError("setting 'vault' must be memory, none or redis://HOST:PORT[/DB]")
            }
            self = .redis(try RedisEndpoint(url: text))
        }
    }

    /// Shared between processes: values must be sealed with a key every replica knows.
    public var isShared: Bool {
        if case .redis = self { true } else { false }
    }
}

/// A vault setting that cannot be used; the message names the setting, never a secret.
public struct VaultConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
