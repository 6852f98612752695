/// The pure core of `MemoryVault`: a key → bytes map bounded by entry count and total bytes,
/// least recently used evicted first, every entry with an expiry instant. No clock of its own:
/// callers pass `now`, so tests drive time by hand.
///
/// A doubly linked list threaded through an array of nodes (indices, not references) keeps
/// get, put and eviction O(1).
struct LRUStore: Sendable {
    struct Limits: Sendable, Equatable {
        var maxEntries: Int
        var maxBytes: Int
    }

    private struct Node: Sendable {
        var key: String
        var value: [UInt8]
        var expires: ContinuousClock.Instant
        var newer = -1  // towards head
        var older = -1  // towards tail
    }

    let limits: Limits
    private var nodes: [Node] = []
    private var freeSlots: [Int] = []
    private var slots: [String: Int] = [:]
    private var head = -1  // most recently used
    private var tail = -1  // least recently used
    private(set) var totalBytes = 0
    /// Entries dropped to stay inside the limits (not counting expiries).
    private(set) var evictions = 0

    init(limits: Limits) {
        self.limits = limits
    }

    var count: Int { slots.count }

    /// The value under `key` unless it expired (an expired entry is removed on sight).
    mutating func get(_ key: String, now: ContinuousClock.Instant) -> [UInt8]? {
        guard let slot = slots[key] else { return nil }
        guard nodes[slot].expires > now else {
            remove(slot)
            return nil
        }
        moveToHead(slot)
        return nodes[slot].value
    }

    /// Stores `value` until `expires`, then evicts from the tail (expired entries first, then
    /// the least recently used) until both limits hold. A value larger than `maxBytes` alone is
    /// not stored at all.
    mutating func put(_ key: String, _ value: [UInt8], expires: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        if let slot = slots[key] { remove(slot) }
        guard value.count <= limits.maxBytes, limits.maxEntries > 0 else { return }
        let node = Node(key: key, value: value, expires: expires)
        let slot: Int
        if let free = freeSlots.popLast() {
            nodes[free] = node
            slot = free
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        slots[key] = slot
        totalBytes += value.count
        linkAtHead(slot)
        while tail != -1, tail != slot, nodes[tail].expires <= now { remove(tail) }
        while slots.count > limits.maxEntries || totalBytes > limits.maxBytes, tail != -1, tail != slot {
            remove(tail)
            evictions += 1
        }
    }

    /// `put` only when `key` holds no live value. True when `value` is stored now (by this
    /// call, or already the same bytes); false, and nothing changed, when another value holds it.
    mutating func insert(_ key: String, _ value: [UInt8], expires: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Bool {
        if let slot = slots[key] {
            if nodes[slot].expires > now { return nodes[slot].value == value }
            remove(slot)
        }
        put(key, value, expires: expires, now: now)
        return true
    }

    private mutating func remove(_ slot: Int) {
        unlink(slot)
        slots[nodes[slot].key] = nil
        totalBytes -= nodes[slot].value.count
        nodes[slot].value = []  // release the bytes now, the slot is reused later
        nodes[slot].key = ""
        freeSlots.append(slot)
    }

    private mutating func moveToHead(_ slot: Int) {
        guard head != slot else { return }
        unlink(slot)
        linkAtHead(slot)
    }

    private mutating func linkAtHead(_ slot: Int) {
        nodes[slot].newer = -1
        nodes[slot].older = head
        if head != -1 { nodes[head].newer = slot }
        head = slot
        if tail == -1 { tail = slot }
    }

    private mutating func unlink(_ slot: Int) {
        let (newer, older) = (nodes[slot].newer, nodes[slot].older)
        if newer != -1 { nodes[newer].older = older } else { head = older }
        if older != -1 { nodes[older].newer = newer } else { tail = newer }
        nodes[slot].newer = -1
        nodes[slot].older = -1
    }
}
