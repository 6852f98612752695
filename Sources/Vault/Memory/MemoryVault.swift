import Synchronization

/// The default `ConversationVault`: this process's memory, bounded by entry count and bytes
/// (least recently used evicted first) and expiring by TTL. State is lost on restart and is not
/// shared between replicas — use `RedisVault` for that.
public final class MemoryVault: ConversationVault {
    public struct Options: Sendable {
        public var maxEntries = 100_000
        public var maxBytes = 256 * 1024 * 1024
        public init(maxEntries: Int = 100_000, maxBytes: Int = 256 * 1024 * 1024) {
            self.maxEntries = maxEntries
            self.maxBytes = maxBytes
        }
    }

    private let store: Mutex<LRUStore>
    private let now: @Sendable () -> ContinuousClock.Instant

    /// `now` is injectable so TTL tests need not sleep.
    public init(options: Options = Options(), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        store = Mutex(LRUStore(limits: .init(maxEntries: options.maxEntries, maxBytes: options.maxBytes)))
        self.now = now
    }

    public var kind: String { "memory" }

    public func put(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError) {
        let now = now()
        store.withLock { $0.put(key, value, expires: now + ttl, now: now) }
    }

    public func insert(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError) -> Bool {
        let now = now()
        return store.withLock { $0.insert(key, value, expires: now + ttl, now: now) }
    }

    public func get(_ key: String) async throws(VaultError) -> [UInt8]? {
        let now = now()
        return store.withLock { $0.get(key, now: now) }
    }

    /// Entries held now (expired ones may still count until touched or pushed out).
    public var count: Int { store.withLock { $0.count } }
}
