/// Which readiness a waiter needs.
enum Interest: Sendable {
    case read
    case write
}

/// How a wait for readiness ended.
enum WaitOutcome: Sendable, Equatable {
    case ready
    case timedOut
    case cancelled
    case interrupted
    case closed
}

/// The event loop's bookkeeping, as a plain value guarded by the loop's mutex: for every
/// registered descriptor, a readiness *sequence number* per direction plus the tasks waiting.
///
/// Descriptors are registered edge-triggered (EPOLLET), so the kernel reports each readiness
/// change once. The race "edge arrives between EAGAIN and the waiter registering" is closed by
/// the sequence numbers: a socket reads `sequence` before its syscall and passes it to
/// `addWaiter`; if an edge arrived since, the sequence moved and the waiter resumes at once.
struct WaitRegistry {
    typealias Continuation = CheckedContinuation<WaitOutcome, Never>

    struct Waiter {
        var id: UInt64
        var deadline: ContinuousClock.Instant?
        var continuation: Continuation
    }

    struct Registration {
        var readSequence: UInt64 = 0
        var writeSequence: UInt64 = 0
        var readers: [Waiter] = []
        var writers: [Waiter] = []
        /// Sticky: once interrupted, every wait fails at once (see `AsyncSocket.interrupt`).
        var interrupted = false
    }

    /// A continuation to resume, outside the lock.
    typealias Resumption = (continuation: Continuation, outcome: WaitOutcome)

    private(set) var registrations: [UInt64: Registration] = [:]
    private var nextToken: UInt64 = 1
    private var nextWaiterID: UInt64 = 1
    /// A lower bound on the earliest waiter deadline (may be stale-early; never late).
    private(set) var earliestDeadline: ContinuousClock.Instant?

    mutating func register() -> UInt64 {
        defer { nextToken += 1 }
        registrations[nextToken] = Registration()
        return nextToken
    }

    mutating func makeWaiterID() -> UInt64 {
        defer { nextWaiterID += 1 }
        return nextWaiterID
    }

    func sequence(_ token: UInt64, _ interest: Interest) -> UInt64 {
        guard let registration = registrations[token] else { return 0 }
        return interest == .read ? registration.readSequence : registration.writeSequence
    }

    /// Parks `waiter` unless it can be answered now (edge already seen, interrupted, closed).
    /// Returns the outcome to resume with immediately, or nil when parked.
    mutating func addWaiter(_ waiter: Waiter, token: UInt64, interest: Interest, seen: UInt64) -> WaitOutcome? {
        guard var registration = registrations[token] else { return .closed }
        if registration.interrupted { return .interrupted }
        switch interest {
        case .read:
            if registration.readSequence != seen { return .ready }
            registration.readers.append(waiter)
        case .write:
            if registration.writeSequence != seen { return .ready }
            registration.writers.append(waiter)
        }
        registrations[token] = registration
        if let deadline = waiter.deadline, earliestDeadline.map({ deadline < $0 }) ?? true {
            earliestDeadline = deadline
        }
        return nil
    }

    /// Records readiness reported by epoll and hands back the waiters it releases.
    mutating func signal(token: UInt64, readable: Bool, writable: Bool) -> [Resumption] {
        guard var registration = registrations[token] else { return [] }
        var released: [Resumption] = []
        if readable {
            registration.readSequence &+= 1
            released += registration.readers.map { ($0.continuation, .ready) }
            registration.readers = []
        }
        if writable {
            registration.writeSequence &+= 1
            released += registration.writers.map { ($0.continuation, .ready) }
            registration.writers = []
        }
        registrations[token] = registration
        return released
    }

    /// Removes one waiter (task cancelled), returning its continuation if still parked.
    mutating func removeWaiter(id: UInt64, token: UInt64) -> Continuation? {
        guard var registration = registrations[token] else { return nil }
        var found: Continuation?
        if let index = registration.readers.firstIndex(where: { $0.id == id }) {
            found = registration.readers.remove(at: index).continuation
        } else if let index = registration.writers.firstIndex(where: { $0.id == id }) {
            found = registration.writers.remove(at: index).continuation
        }
        registrations[token] = registration
        return found
    }

    /// Fails every current and future wait on `token` with `.interrupted`.
    mutating func interrupt(token: UInt64) -> [Resumption] {
        guard var registration = registrations[token] else { return [] }
        registration.interrupted = true
        let released = (registration.readers + registration.writers).map { ($0.continuation, WaitOutcome.interrupted) }
        registration.readers = []
        registration.writers = []
        registrations[token] = registration
        return released
    }

    mutating func unregister(token: UInt64) -> [Resumption] {
        guard let registration = registrations.removeValue(forKey: token) else { return [] }
        return (registration.readers + registration.writers).map { ($0.continuation, .closed) }
    }

    /// Releases every waiter whose deadline is at or before `now`, and recomputes the
    /// earliest remaining deadline. O(descriptors), run only when `earliestDeadline` is due.
    mutating func expire(now: ContinuousClock.Instant) -> [Resumption] {
        guard let earliest = earliestDeadline, earliest <= now else { return [] }
        var released: [Resumption] = []
        var nextEarliest: ContinuousClock.Instant?
        func keep(_ waiters: [Waiter]) -> [Waiter] {
            var kept: [Waiter] = []
            for waiter in waiters {
                if let deadline = waiter.deadline {
                    if deadline <= now {
                        released.append((waiter.continuation, .timedOut))
                        continue
                    }
                    if nextEarliest.map({ deadline < $0 }) ?? true { nextEarliest = deadline }
                }
                kept.append(waiter)
            }
            return kept
        }
        for (token, var registration) in registrations where !(registration.readers.isEmpty && registration.writers.isEmpty) {
            registration.readers = keep(registration.readers)
            registration.writers = keep(registration.writers)
            registrations[token] = registration
        }
        earliestDeadline = nextEarliest
        return released
    }
}
