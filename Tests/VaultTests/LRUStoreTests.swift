import Synchronization
import Testing
@testable import Vault

@Suite struct LRUStoreTests {
    let t0 = ContinuousClock.now

    func store(entries: Int = 10, bytes: Int = 1000) -> LRUStore {
        LRUStore(limits: .init(maxEntries: entries, maxBytes: bytes))
    }

    @Test func returnsWhatWasStored() {
        var s = store()
        s.put("a", [1, 2], expires: t0 + .seconds(10), now: t0)
        #expect(s.get("a", now: t0) == [1, 2])
        #expect(s.get("b", now: t0) == nil)
    }

    @Test func expiredEntryIsGoneAndRemoved() {
        var s = store()
        s.put("a", [1], expires: t0 + .seconds(10), now: t0)
        #expect(s.get("a", now: t0 + .seconds(9)) == [1])
        #expect(s.get("a", now: t0 + .seconds(10)) == nil)
        #expect(s.count == 0)
        #expect(s.totalBytes == 0)
    }

    @Test func entryLimitEvictsLeastRecentlyUsed() {
        var s = store(entries: 2)
        let later = t0 + .seconds(60)
        s.put("a", [1], expires: later, now: t0)
        s.put("b", [2], expires: later, now: t0)
        _ = s.get("a", now: t0)  // a is now more recent than b
        s.put("c", [3], expires: later, now: t0)
        #expect(s.get("b", now: t0) == nil)
        #expect(s.get("a", now: t0) == [1])
        #expect(s.get("c", now: t0) == [3])
        #expect(s.evictions == 1)
    }

    @Test func byteLimitEvictsUntilItFits() {
        var s = store(entries: 100, bytes: 10)
        let later = t0 + .seconds(60)
        s.put("a", [UInt8](repeating: 1, count: 4), expires: later, now: t0)
        s.put("b", [UInt8](repeating: 2, count: 4), expires: later, now: t0)
        s.put("c", [UInt8](repeating: 3, count: 4), expires: later, now: t0)
        #expect(s.get("a", now: t0) == nil)
        #expect(s.count == 2)
        #expect(s.totalBytes == 8)
    }

    @Test func valueLargerThanTheWholeBudgetIsNotStored() {
        var s = store(entries: 100, bytes: 10)
        s.put("a", [1], expires: t0 + .seconds(60), now: t0)
        s.put("big", [UInt8](repeating: 0, count: 11), expires: t0 + .seconds(60), now: t0)
        #expect(s.get("big", now: t0) == nil)
        #expect(s.get("a", now: t0) == [1])
    }

    @Test func replacingAKeyKeepsTheAccountsRight() {
        var s = store()
        s.put("a", [1, 2, 3], expires: t0 + .seconds(60), now: t0)
        s.put("a", [4], expires: t0 + .seconds(60), now: t0)
        #expect(s.get("a", now: t0) == [4])
        #expect(s.count == 1)
        #expect(s.totalBytes == 1)
    }

    @Test func expiredTailIsSweptOnPut() {
        var s = store()
        s.put("old", [1], expires: t0 + .seconds(1), now: t0)
        s.put("new", [2], expires: t0 + .seconds(60), now: t0 + .seconds(5))
        #expect(s.count == 1)
        #expect(s.evictions == 0)
    }

    @Test func slotsAreReusedUnderChurn() {
        var s = store(entries: 3)
        for i in 0..<1000 {
            s.put("k\(i)", [UInt8(i % 256)], expires: t0 + .seconds(60), now: t0)
        }
        #expect(s.count == 3)
        #expect(s.get("k999", now: t0) == [UInt8(999 % 256)])
        #expect(s.get("k996", now: t0) == nil)
    }
}

@Suite struct MemoryVaultTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex<Duration>(.zero)
        var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(_ d: Duration) { offset.withLock { $0 += d } }
    }

    @Test func ttlExpiresValues() async throws {
        let clock = ManualClock()
        let vault = MemoryVault(now: { clock.now })
        try await vault.put([7], forKey: "k", ttl: .seconds(30))
        #expect(try await vault.get("k") == [7])
        clock.advance(.seconds(31))
        #expect(try await vault.get("k") == nil)
    }

    @Test func sizeBoundHolds() async throws {
        let vault = MemoryVault(options: .init(maxEntries: 5, maxBytes: 1 << 20))
        for i in 0..<50 { try await vault.put([UInt8(i)], forKey: "k\(i)", ttl: .seconds(60)) }
        #expect(vault.count == 5)
        #expect(try await vault.get("k0") == nil)
        #expect(try await vault.get("k49") == [49])
    }
}
