import Synchronization

/// The bounded set of connections a `RedisVault` holds: at most `maxConnections` open at once
/// (idle or in use), at most `maxIdle` kept between commands. A task that finds every slot busy
/// waits, in arrival order, for a connection to come back or a slot to free — until its deadline
/// (`VaultError.timedOut`) or cancellation (`.cancelled`). So a slow Redis slows requests down
/// instead of multiplying connections to it.
///
/// The pool hands out *leases*: an idle connection to reuse, or a slot to connect into. A slot
/// is given back by `release` (connection kept or closed) or `discard` (connection failed, or
/// the connect did); either passes it straight to the oldest waiter when there is one.
final class RedisConnectionPool: Sendable {
    enum Lease: Sendable {
        case reuse(RedisConnection)
        case connect
    }

    /// A wait's life: registered before its task runs (so a timeout or cancellation that comes
    /// first is not lost), then waiting on its continuation, then served or abandoned (removed).
    private enum Wait {
        case pending
        case waiting(CheckedContinuation<Lease, any Error>)
        case abandoned(VaultError)
    }

    private struct State {
        var idle: [RedisConnection] = []
        var open = 0
        var waits: [UInt64: Wait] = [:]
        /// Ids in `.waiting`, oldest first.
        var queue: [UInt64] = []
        var nextWaitID: UInt64 = 0

        /// The oldest waiting continuation, removed from the books.
        mutating func popWaiter() -> CheckedContinuation<Lease, any Error>? {
            while !queue.isEmpty {
                let id = queue.removeFirst()
                if case .waiting(let continuation)? = waits.removeValue(forKey: id) { return continuation }
            }
            return nil
        }
    }

    let maxConnections: Int
    let maxIdle: Int
    private let state = Mutex(State())

    init(maxConnections: Int, maxIdle: Int) {
        self.maxConnections = max(1, maxConnections)
        self.maxIdle = max(0, min(maxIdle, maxConnections))
    }

    deinit {
        state.withLock { s in for c in s.idle { c.close() } }
    }

    /// Connections open now (idle or leased), for tests.
    var openCount: Int { state.withLock { $0.open } }

    func acquire(deadline: ContinuousClock.Instant) async throws(VaultError) -> Lease {
        let immediate: Lease? = state.withLock { s in
            if let connection = s.idle.popLast() { return .reuse(connection) }
            if s.open < maxConnections {
                s.open += 1
                return .connect
            }
            return nil
        }
        if let immediate { return immediate }
        let id = state.withLock { s in
            s.nextWaitID += 1
            s.waits[s.nextWaitID] = .pending
            return s.nextWaitID
        }
        do {
            return try await withTaskCancellationHandler {
                try await withThrowingTaskGroup(of: Lease?.self) { group in
                    group.addTask { try await self.wait(id: id) }
                    group.addTask {
                        // Cancelled (the lease came, or the caller was cancelled: `onCancel` says
                        // so) is not a timeout.
                        guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return nil }
                        self.abandon(id: id, with: VaultError.timedOut)
                        return nil
                    }
                    defer { group.cancelAll() }
                    while let result = try await group.next() {
                        if let lease = result { return lease }
                    }
                    throw VaultError.timedOut
                }
            } onCancel: {
                abandon(id: id, with: VaultError.cancelled)
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .cancelled
        }
    }

    /// Gives a healthy connection back: to the oldest waiter, to the idle list, or closed.
    func release(_ connection: RedisConnection) {
        let closeIt: Bool = state.withLock { s in
            if let waiter = s.popWaiter() {
                waiter.resume(returning: .reuse(connection))
                return false
            }
            if s.idle.count < maxIdle {
                s.idle.append(connection)
                return false
            }
            s.open -= 1
            return true
        }
        if closeIt { connection.close() }
    }

    /// A leased connection failed (the caller closed it) or a `.connect` lease did not connect:
    /// its slot goes to the oldest waiter as a `.connect` lease, or is freed.
    func discard() {
        state.withLock { s in
            if let waiter = s.popWaiter() {
                waiter.resume(returning: .connect)
            } else {
                s.open -= 1
            }
        }
    }

    private func wait(id: UInt64) async throws -> Lease {
        try await withCheckedThrowingContinuation { continuation in
            state.withLock { s in
                guard case .pending? = s.waits[id] else {
                    // Timed out or cancelled before this task ran.
                    let error: VaultError = if case .abandoned(let e)? = s.waits[id] { e } else { .cancelled }
                    s.waits[id] = nil
                    continuation.resume(throwing: error)
                    return
                }
                // A slot may have freed between the first look and now.
                if let connection = s.idle.popLast() {
                    s.waits[id] = nil
                    continuation.resume(returning: .reuse(connection))
                } else if s.open < maxConnections {
                    s.waits[id] = nil
                    s.open += 1
                    continuation.resume(returning: .connect)
                } else {
                    s.waits[id] = .waiting(continuation)
                    s.queue.append(id)
                }
            }
        }
    }

    /// Ends a wait that timed out or was cancelled (no-op when it was already served).
    private func abandon(id: UInt64, with error: VaultError) {
        state.withLock { s in
            switch s.waits[id] {
            case .pending?:
                s.waits[id] = .abandoned(error)
            case .waiting(let continuation)?:
                s.waits[id] = nil
                s.queue.removeAll { $0 == id }
                continuation.resume(throwing: error)
            case .abandoned?, nil:
                return  // already served or already abandoned
            }
        }
    }
}
