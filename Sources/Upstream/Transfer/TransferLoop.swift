import CCurl
import Foundation
import Logging
import Synchronization

/// The thread-safe front of the transfer thread. Async callers only queue commands and wake the thread; every
/// libcurl call except curl_multi_wakeup(3) happens on that thread (TransferRunner), so no cooperative thread of
/// Swift concurrency ever blocks in libcurl.
///
/// Lifetime: the thread holds the loop until it exits. `wakeAddress` is the multi handle, published by the thread
/// once created and withdrawn under the same lock before curl_multi_cleanup(3), so a wakeup never reaches a freed
/// handle. curl_multi_wakeup writes one byte to a non-blocking socket pair and does not block.
///
/// The wakeup itself is a syscall that makes the transfer thread runnable at once; made under the lock, that thread
/// would wake only to spin on the lock the sender still holds (measured: ~15 % of its CPU in Mutex.lockSlow). So a
/// sender takes the address and counts itself in `wakesInFlight` under the lock, wakes after releasing it, then
/// counts itself out; the thread withdraws the address under the lock and waits for the count to drain before it
/// frees the handle.
final class TransferLoop: Sendable {
    /// What an exchange needs on the transfer thread; everything in it is a value.
    struct Spec: Sendable {
        let url: String
        let request: UpstreamRequest
        let timeoutMilliseconds: Int
        let logger: Logger
    }

    enum Command: Sendable {
        case start(Spec, TransferChannel)
        case cancel(UInt64)
        case resume(UInt64)
    }

    private struct State {
        var commands: [Command] = []
        var nextID: UInt64 = 1
        /// The multi handle's address (a plain integer, so the state stays a value the lock can hand across
        /// threads); only ever turned back into a pointer for curl_multi_wakeup(3) under this lock.
        var wakeAddress: UInt?
        var stopping = false
        var stopped = false
    }

    let configuration: UpstreamConfiguration
    private let state = Mutex(State())
    /// Senders between taking `wakeAddress` under the lock and returning from curl_multi_wakeup(3).
    private let wakesInFlight = Atomic<Int>(0)

    init(configuration: UpstreamConfiguration) {
        self.configuration = configuration
    }

    /// Starts the transfer thread. Separate from `init` so the thread never sees a partly built loop.
    func startThread() {
        let thread = Thread { [self] in
            TransferRunner.blockSIGPIPE()
            TransferRunner(loop: self).run()
        }
        thread.name = "veil-upstream"
        thread.start()
    }

    /// Queues a new exchange and returns the channel its head and body arrive on.
    func submit(_ spec: Spec) -> TransferChannel {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let channel = TransferChannel(id: id, bufferLimit: configuration.bodyBufferBytes, loop: self)
        send(.start(spec, channel))
        return channel
    }

    func send(_ command: Command) {
        enum Outcome { case queued, wake(UInt), refused(TransferChannel?) }
        let outcome = state.withLock { state -> Outcome in
            guard !state.stopping, !state.stopped else {
                if case .start(_, let channel) = command { return .refused(channel) }
                return .refused(nil)
            }
            // One wakeup per batch: a non-empty queue means the thread was already woken and has not drained yet.
            let wasEmpty = state.commands.isEmpty
            state.commands.append(command)
            guard wasEmpty, let address = state.wakeAddress else { return .queued }
            wakesInFlight.add(1, ordering: .relaxed)
            return .wake(address)
        }
        switch outcome {
        case .queued: break
        case .wake(let address): wake(address)
        case .refused(let channel):
            channel?.finish(UpstreamError(kind: .cancelled, message: "upstream client is shut down"))
        }
    }

    /// Asks the thread to cancel every transfer, free libcurl's handles and exit.
    func shutdown() {
        let address = state.withLock { state -> UInt? in
            state.stopping = true
            guard let address = state.wakeAddress else { return nil }
            wakesInFlight.add(1, ordering: .relaxed)
            return address
        }
        if let address { wake(address) }
    }

    // MARK: Transfer thread side

    /// Called outside the lock, counted in `wakesInFlight` (see the type's comment).
    private func wake(_ address: UInt) {
        if let handle = UnsafeMutableRawPointer(bitPattern: address) { _ = curl_multi_wakeup(handle) }
        wakesInFlight.subtract(1, ordering: .releasing)
    }

    func publish(wakeHandle: UnsafeMutableRawPointer) {
        let address = UInt(bitPattern: wakeHandle)
        state.withLock { $0.wakeAddress = address }
    }

    /// The queued commands, or `nil` when the loop must stop.
    func takeCommands() -> [Command]? {
        state.withLock { state in
            if state.stopping { return nil }
            defer { state.commands.removeAll(keepingCapacity: true) }
            return state.commands
        }
    }

    /// Withdraws the wake handle and returns commands that will never run (their channels get failed). Returns only
    /// once no sender can still be inside curl_multi_wakeup(3), so the caller may free the multi handle.
    func markStopped() -> [Command] {
        let unstarted = state.withLock { state in
            state.stopped = true
            state.wakeAddress = nil
            defer { state.commands.removeAll() }
            return state.commands
        }
        // No new sender can count itself in now; the ones counted finish a single non-blocking write.
        while wakesInFlight.load(ordering: .acquiring) > 0 { sched_yield() }
        return unstarted
    }
}
