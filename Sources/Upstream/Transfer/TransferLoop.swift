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
        let refused = state.withLock { state -> TransferChannel? in
            guard !state.stopping, !state.stopped else {
                if case .start(_, let channel) = command { return channel }
                return nil
            }
            // One wakeup per batch: a non-empty queue means the thread was already woken and has not drained yet.
            let wasEmpty = state.commands.isEmpty
            state.commands.append(command)
            if wasEmpty { Self.wake(state.wakeAddress) }
            return nil
        }
        refused?.finish(UpstreamError(kind: .cancelled, message: "upstream client is shut down"))
    }

    /// Asks the thread to cancel every transfer, free libcurl's handles and exit.
    func shutdown() {
        state.withLock { state in
            state.stopping = true
            Self.wake(state.wakeAddress)
        }
    }

    // MARK: Transfer thread side

    private static func wake(_ address: UInt?) {
        guard let address, let handle = UnsafeMutableRawPointer(bitPattern: address) else { return }
        _ = curl_multi_wakeup(handle)
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

    /// Withdraws the wake handle and returns commands that will never run (their channels get failed).
    func markStopped() -> [Command] {
        state.withLock { state in
            state.stopped = true
            state.wakeAddress = nil
            defer { state.commands.removeAll() }
            return state.commands
        }
    }
}
