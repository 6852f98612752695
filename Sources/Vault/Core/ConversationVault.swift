/// Where Veil keeps conversation state between requests: opaque (already sealed) bytes under a
/// string key, each with a time to live.
///
/// Implementations never see plaintext: `ConversationStore` (in `Proxy`) seals every value with
/// AES-256-GCM before `put` and opens it after `get`. A vault only has to be a bounded,
/// expiring key-value store — `MemoryVault` for one process, `RedisVault` for replicas that
/// share conversations.
public protocol ConversationVault: Sendable {
    /// Stores `value` under `key` for `ttl`, replacing any earlier value.
    func put(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError)

    /// The value stored under `key`, or nil when there is none (never stored, expired, evicted).
    func get(_ key: String) async throws(VaultError) -> [UInt8]?

    /// `memory` or `redis`, for logs and metrics (never an address or a password).
    var kind: String { get }
}
