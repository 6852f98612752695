import Testing
@testable import Sockets

/// The event loop's bookkeeping without the loop thread or any descriptor.
@Suite struct WaitRegistryTests {
    @Test func edgeBetweenSyscallAndWaitResumesAtOnce() async {
        var registry = WaitRegistry()
        let token = registry.register()
        let seen = registry.sequence(token, .read)
        _ = registry.signal(token: token, readable: true, writable: false)  // the racing edge
        let outcome = await withCheckedContinuation { continuation in
            let waiter = WaitRegistry.Waiter(id: 1, deadline: nil, continuation: continuation)
            let immediate = registry.addWaiter(waiter, token: token, interest: .read, seen: seen)
            continuation.resume(returning: immediate ?? .cancelled)
        }
        #expect(outcome == .ready)
    }

    @Test func readinessReleasesOnlyThatDirection() async {
        var registry = WaitRegistry()
        let token = registry.register()
        let outcome = await withCheckedContinuation { continuation in
            let waiter = WaitRegistry.Waiter(id: 1, deadline: nil, continuation: continuation)
            #expect(registry.addWaiter(waiter, token: token, interest: .write, seen: registry.sequence(token, .write)) == nil)
            #expect(registry.signal(token: token, readable: true, writable: false).isEmpty)
            for (parked, outcome) in registry.signal(token: token, readable: false, writable: true) {
                parked.resume(returning: outcome)
            }
        }
        #expect(outcome == .ready)
    }

    @Test func expiredDeadlinesTimeOutAndLaterOnesStay() async {
        var registry = WaitRegistry()
        let token = registry.register()
        let now = ContinuousClock.now
        let outcome = await withCheckedContinuation { continuation in
            let due = WaitRegistry.Waiter(id: 1, deadline: now - .milliseconds(1), continuation: continuation)
            _ = registry.addWaiter(due, token: token, interest: .read, seen: 0)
            let released = registry.expire(now: now)
            #expect(released.count == 1)
            for (parked, outcome) in released { parked.resume(returning: outcome) }
        }
        #expect(outcome == .timedOut)
        #expect(registry.earliestDeadline == nil)
    }

    @Test func interruptIsSticky() async {
        var registry = WaitRegistry()
        let token = registry.register()
        _ = registry.interrupt(token: token)
        let outcome = await withCheckedContinuation { continuation in
            let waiter = WaitRegistry.Waiter(id: 1, deadline: nil, continuation: continuation)
            continuation.resume(returning: registry.addWaiter(waiter, token: token, interest: .read, seen: 0) ?? .ready)
        }
        #expect(outcome == .interrupted)
    }

    @Test func unknownTokenIsClosed() async {
        var registry = WaitRegistry()
        let token = registry.register()
        _ = registry.unregister(token: token)
        let outcome = await withCheckedContinuation { continuation in
            let waiter = WaitRegistry.Waiter(id: 1, deadline: nil, continuation: continuation)
            continuation.resume(returning: registry.addWaiter(waiter, token: token, interest: .read, seen: 0) ?? .ready)
        }
        #expect(outcome == .closed)
    }
}
