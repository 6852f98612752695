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

    /// Stores `value` under `key` for `ttl` only if no live value is there, and never replaces
    /// one (Redis `SET … NX`). True when `value` is now the stored value — stored by this call,
    /// or already there byte for byte (a retried command whose first reply was lost); false
    /// when another value holds the key. Conversation maps are saved with this, so an upstream
    /// that reuses a response id cannot overwrite another conversation's map.
    func insert(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError) -> Bool

    /// The value stored under `key`, or nil when there is none (never stored, expired, evicted).
    func get(_ key: String) async throws(VaultError) -> [UInt8]?

    /// `memory` or `redis`, for logs and metrics (never an address or a password).
    var kind: String { get }
}
