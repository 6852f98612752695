import Foundation
import Synchronization

/// One epoll instance served by one dedicated thread. Tasks never block a thread: a socket
/// call that would block parks a continuation here, and the loop thread resumes it when epoll
/// reports readiness, when its deadline passes, or when the task is cancelled.
///
/// - Edge-triggered: each descriptor is added once (EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET)
///   when its `AsyncSocket` is made and removed when it closes, so waiting costs no epoll_ctl.
/// - Timeouts: the loop owns the clock (`ContinuousClock`, CLOCK_MONOTONIC); epoll_wait sleeps
///   until the earliest waiter deadline, or forever (-1) when none — no busy-wait when idle.
/// - Wake-up: an eventfd in the set; written when a new waiter's deadline is earlier than the
///   one the loop is sleeping towards.
public final class EventLoop: Sendable {
    /// The process-wide loop, started on first use; it lives as long as the process.
    public static let shared: EventLoop = {
        do {
            return try EventLoop()
        } catch {
            // No epoll/eventfd means the kernel refused basic resources at startup; nothing
            // in the process can do I/O. Not on a request path.
            fatalError("cannot start the event loop: \(error)")
        }
    }()

    private let epoll: Epoll
    private let state = Mutex(State())

    struct State {
        var registry = WaitRegistry()
        /// The deadline the loop thread is sleeping towards (nil: forever).
        var sleepingUntil: ContinuousClock.Instant?
        var sleeping = false
    }

    init() throws(SocketError) {
        epoll = try Epoll()
        Syscall.ignoreSIGPIPE()
        let thread = Thread { [self] in self.runLoop() }
        thread.name = "veil-epoll"
        thread.start()
    }

    // MARK: Registration (called by AsyncSocket)

    func register(_ fd: Int32) throws(SocketError) -> UInt64 {
        let token = state.withLock { $0.registry.register() }
        do {
            try epoll.add(fd, token: token)
        } catch {
            _ = state.withLock { $0.registry.unregister(token: token) }
            throw error
        }
        return token
    }

    /// Tasks parked on `token` now, waiting for readiness (what tests observe to show a call suspended).
    func parkedWaiters(token: UInt64) -> (readers: Int, writers: Int) {
        state.withLock { state in
            let registration = state.registry.registrations[token]
            return (registration?.readers.count ?? 0, registration?.writers.count ?? 0)
        }
    }

    /// Removes `fd` from epoll (before it is closed) and fails its waiters with `.closed`.
    func unregister(_ fd: Int32, token: UInt64) {
        epoll.remove(fd)
        let released = state.withLock { $0.registry.unregister(token: token) }
        resume(released)
    }

    func interrupt(token: UInt64) {
        let released = state.withLock { $0.registry.interrupt(token: token) }
        resume(released)
    }

    func sequence(_ token: UInt64, _ interest: Interest) -> UInt64 {
        state.withLock { $0.registry.sequence(token, interest) }
    }

    /// Suspends until `token` becomes ready for `interest` after readiness sequence `seen`.
    func wait(token: UInt64, interest: Interest, seen: UInt64, deadline: ContinuousClock.Instant?) async -> WaitOutcome {
        let id = state.withLock { $0.registry.makeWaiterID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: WaitRegistry.Continuation) in
                let (immediate, wake) = state.withLock { state -> (WaitOutcome?, Bool) in
                    // Checked under the lock: the cancellation handler below takes the same
                    // lock, so either it runs after we parked (and finds us) or we see the flag.
                    if Task.isCancelled { return (.cancelled, false) }
                    let waiter = WaitRegistry.Waiter(id: id, deadline: deadline, continuation: continuation)
                    if let outcome = state.registry.addWaiter(waiter, token: token, interest: interest, seen: seen) {
                        return (outcome, false)
                    }
                    guard let deadline, state.sleeping else { return (nil, false) }
                    return (nil, state.sleepingUntil.map { deadline < $0 } ?? true)
                }
                if let immediate { continuation.resume(returning: immediate) }
                if wake { epoll.wake() }
            }
        } onCancel: {
            let parked = state.withLock { $0.registry.removeWaiter(id: id, token: token) }
            parked?.resume(returning: .cancelled)
        }
    }

    // MARK: The loop thread

    private func runLoop() {
        var events = Epoll.Events(capacity: 256)
        while true {
            let until = state.withLock { state -> ContinuousClock.Instant? in
                state.sleeping = true
                state.sleepingUntil = state.registry.earliestDeadline
                return state.sleepingUntil
            }
            let count = epoll.wait(into: &events, until: until)
            let now = ContinuousClock.now
            let released = state.withLock { state -> [WaitRegistry.Resumption] in
                state.sleeping = false
                var released: [WaitRegistry.Resumption] = []
                for index in 0..<count {
                    let (token, readable, writable) = events[index]
                    guard token != Epoll.wakeToken else { continue }
                    released += state.registry.signal(token: token, readable: readable, writable: writable)
                }
                released += state.registry.expire(now: now)
                return released
            }
            resume(released)
        }
    }

    private func resume(_ released: [WaitRegistry.Resumption]) {
        for (continuation, outcome) in released {
            continuation.resume(returning: outcome)
        }
    }
}
