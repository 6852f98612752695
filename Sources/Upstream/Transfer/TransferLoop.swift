import CCurl
import Foundation
import Logging
import Synchronization

/// The thread-safe front of the transfer engine: one libcurl multi handle driven through the socket interface
/// (curl_multi_socket_action(3)) under one lock, by whichever thread has work for it.
///
/// - A caller's command (start, cancel, resume) is queued, then applied **on the caller's own thread** when the
///   engine's lock is free: a new exchange on a kept-alive connection is written to the socket before `execute`
///   even suspends, with no hand-off to another thread. Only when the lock is busy is the transfer thread woken
///   (eventfd) to apply it instead, so a command is never left behind.
/// - The transfer thread ("veil-upstream") sleeps in epoll_wait(2) on the sockets libcurl asked for
///   (UpstreamPoller) and runs libcurl when one is ready or a timer is due; answers are handed to the waiting tasks
///   from there. The lock is never held across a blocking call: libcurl is non-blocking here, so the pool threads
///   that take it are never parked for long.
///
/// Lifetime: the thread holds the loop until it exits; `shutdown()` makes it fail every transfer, clean up the
/// multi handle and exit. Commands sent after that are refused (their channels fail with `.cancelled`).
final class TransferLoop: Sendable {
    /// What an exchange needs to be started; everything in it is a value.
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
        /// Set by `start()`; until then commands only queue (TransferChannelTests read them with `takeCommands`).
        var poller: UpstreamPoller?
        var stopping = false
        var stopped = false
    }

    let configuration: UpstreamConfiguration
    private let state = Mutex(State())
    /// The multi handle and every live transfer; `nil` until `start()`.
    private let engine = Mutex<TransferRunner?>(nil)

    init(configuration: UpstreamConfiguration) {
        self.configuration = configuration
    }

    /// Creates the multi handle and the poller and starts the transfer thread. Separate from `init` so the thread
    /// never sees a partly built loop.
    func start() throws(UpstreamError) {
        let poller = try UpstreamPoller()
        // Built inside the lock, so the runner never belongs to any other isolation region.
        let made = engine.withLock { engine -> Bool in
            engine = TransferRunner(configuration: configuration, poller: poller)
            return engine != nil
        }
        guard made else { throw UpstreamError(kind: .protocolError, message: "curl_multi_init failed") }
        state.withLock { $0.poller = poller }
        let thread = Thread { [self] in runThread(poller) }
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
        enum Outcome { case queued, drain(UpstreamPoller), refused(TransferChannel?) }
        let outcome = state.withLock { state -> Outcome in
            guard !state.stopping, !state.stopped else {
                if case .start(_, let channel) = command { return .refused(channel) }
                return .refused(nil)
            }
            state.commands.append(command)
            guard let poller = state.poller else { return .queued }
            return .drain(poller)
        }
        switch outcome {
        case .queued: break
        case .drain(let poller):
            // try-lock, never wait: the holder may be the transfer thread in the middle of a round, and a caller
            // must not be parked behind it. Whoever holds the lock may already have taken our command; if not, the
            // woken thread takes it in its next round.
            let applied = engine.withLockIfAvailable { runner -> Bool in
                guard let runner, let commands = takeCommands() else { return false }
                runner.pump(commands)
                return true
            }
            if applied != true { poller.wake() }
        case .refused(let channel):
            channel?.finish(UpstreamError(kind: .cancelled, message: "upstream client is shut down"))
        }
    }

    /// Asks the thread to cancel every transfer, free libcurl's handles and exit.
    func shutdown() {
        let poller = state.withLock { state -> UpstreamPoller? in
            state.stopping = true
            return state.poller
        }
        poller?.wake()
    }

    /// The queued commands, or `nil` when the loop must stop.
    func takeCommands() -> [Command]? {
        state.withLock { state in
            if state.stopping { return nil }
            defer { state.commands.removeAll(keepingCapacity: true) }
            return state.commands
        }
    }

    /// Marks the loop stopped and returns commands that will never run (their channels get failed).
    private func markStopped() -> [Command] {
        state.withLock { state in
            state.stopped = true
            defer { state.commands.removeAll() }
            return state.commands
        }
    }

    // MARK: The transfer thread

    private func runThread(_ poller: UpstreamPoller) {
        TransferRunner.blockSIGPIPE()
        var ready: [UpstreamPoller.Ready] = []
        ready.reserveCapacity(256)
        var events = [UInt32](repeating: 0, count: 256)
        var tokens = [UInt64](repeating: 0, count: 256)
        var timeoutMs: Int32 = 0
        while true {
            poller.wait(into: &ready, events: &events, tokens: &tokens, timeoutMs: timeoutMs)
            let next = engine.withLock { runner -> Int32? in
                guard let runner else { return nil }
                guard let commands = takeCommands() else {
                    runner.stop(unstarted: markStopped())
                    return nil
                }
                return runner.round(commands, ready: ready, timedOut: ready.isEmpty)
            }
            guard let next else { return }
            timeoutMs = next
        }
    }
}
