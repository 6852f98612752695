import CCurl
import Foundation
import Logging

/// The transfer engine: owns the multi handle and every Transfer, applies queued commands, drives libcurl through
/// curl_multi_socket_action(3), enforces the first-byte and idle timers, and completes channels.
///
/// Not Sendable and never shared: TransferLoop keeps it in a `Mutex`, and whichever thread holds that lock — a
/// caller applying its own command (`pump`) or the transfer thread after epoll_wait (`round`) — drives it.
final class TransferRunner {
    private let configuration: UpstreamConfiguration
    private let multi: CurlMulti
    private let poller: UpstreamPoller
    /// libcurl's next timeout, written by the timer callback (a box: the callback gets a stable pointer to it).
    private let curlTimer = CurlTimer()
    private var byID: [UInt64: Transfer] = [:]
    private var byHandle: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Reset easy handles kept for the next exchanges (curl_easy_reset(3) keeps the allocation and is cheaper than
    /// curl_easy_init(3) + curl_easy_cleanup(3) per request). Bounded by the connection cache size: more handles
    /// than cached connections would only be idle memory.
    private var idleHandles: [CurlEasy] = []
    /// The deadline the transfer thread sleeps towards (`nil` while it is awake, or asleep with nothing due): a
    /// `pump` that makes something due earlier wakes it.
    private var sleepingUntil: ContinuousClock.Instant?
    private var threadAsleep = false
    private var stopped = false

    init?(configuration: UpstreamConfiguration, poller: UpstreamPoller) {
        guard let multi = CurlMulti() else { return nil }
        self.configuration = configuration
        self.multi = multi
        self.poller = poller
        // Sized for the usual number of parallel exchanges, so the tables do not rehash while traffic ramps up.
        byID.reserveCapacity(64)
        byHandle.reserveCapacity(64)
        multi.enableMultiplexing()
        multi.setMaxConnects(configuration.connectionCacheSize)
        multi.setMaxHostConnections(configuration.maxConnectionsPerHost)
        // Both objects outlive the multi handle: it is cleaned up in `stop` or `deinit`, before they are released.
        multi.setSocketFunction(Self.onSocket, userData: Unmanaged.passUnretained(poller).toOpaque())
        multi.setTimerFunction(Self.onTimer, userData: Unmanaged.passUnretained(curlTimer).toOpaque())
    }

    deinit {
        // Explicitly first: curl_multi_cleanup(3) may still call the socket callback, which needs `poller`.
        multi.cleanup()
    }

    // MARK: Driving

    /// A caller's turn (any thread): apply the commands, let libcurl start or resume what they concern, hand out
    /// what finished, and wake the transfer thread if something is now due before the time it sleeps towards.
    func pump(_ commands: [TransferLoop.Command]) {
        guard !stopped else { return }
        var earliest: ContinuousClock.Instant?
        for command in commands { earliest = minimum(earliest, apply(command)) }
        runDueTimer(force: false)
        collectFinished()
        announceHeads()
        guard threadAsleep, let due = minimum(earliest, curlTimer.deadline) else { return }
        if sleepingUntil.map({ due < $0 }) ?? true {
            sleepingUntil = due
            poller.wake()
        }
    }

    /// The transfer thread's turn after epoll_wait(2): commands left for it, ready sockets, timers. Returns how
    /// long it may sleep next (milliseconds, at most one second).
    func round(_ commands: [TransferLoop.Command], ready: [UpstreamPoller.Ready], timedOut: Bool) -> Int32 {
        threadAsleep = false
        for command in commands { _ = apply(command) }
        for socket in ready { multi.socketAction(socket.socket, mask: socket.mask) }
        // A round with no ready socket also asks libcurl for its timers, so a timer is never lost to rounding.
        runDueTimer(force: timedOut)
        collectFinished()
        announceHeads()
        let now = ContinuousClock.now
        expireTimers(now)
        var until = now + .seconds(1)
        if let deadline = curlTimer.deadline { until = min(until, deadline) }
        for transfer in byID.values {
            if let deadline = transfer.timerDeadline(configuration) { until = min(until, deadline) }
        }
        threadAsleep = true
        sleepingUntil = until
        // Rounded up, so the thread never wakes just before a deadline and spins.
        return Int32(clamping: max(0, (until - now).wholeMilliseconds + 1))
    }

    /// Fails every transfer and queued start, and frees libcurl's handles; the engine refuses work afterwards.
    func stop(unstarted: [TransferLoop.Command]) {
        guard !stopped else { return }
        stopped = true
        for transfer in Array(byID.values) {
            end(transfer, UpstreamError(kind: .cancelled, message: "upstream client is shut down"))
        }
        for case .start(_, let channel) in unstarted {
            channel.finish(UpstreamError(kind: .cancelled, message: "upstream client is shut down"))
        }
        idleHandles.removeAll()
        multi.cleanup()
    }

    /// Runs libcurl's timer when it is due (a new transfer asks for "now"; connect and protocol timers later).
    /// Bounded, in case libcurl keeps asking for "now".
    private func runDueTimer(force: Bool) {
        var rounds = 0
        var now = ContinuousClock.now
        while rounds < 8, force && rounds == 0 || curlTimer.deadline.map({ $0 <= now }) == true {
            curlTimer.deadline = nil
            multi.socketAction(CCurl_SOCKET_TIMEOUT, mask: 0)
            rounds += 1
            now = .now
        }
    }

    private func collectFinished() {
        for (handle, code) in multi.finishedTransfers() { complete(handle, code) }
    }

    private func minimum(_ a: ContinuousClock.Instant?, _ b: ContinuousClock.Instant?) -> ContinuousClock.Instant? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    /// Applies one command; returns the new transfer's first-byte deadline when it started one.
    private func apply(_ command: TransferLoop.Command) -> ContinuousClock.Instant? {
        switch command {
        case .start(let spec, let channel):
            do throws(UpstreamError) {
                let transfer = try Transfer(id: channel.id, spec: spec, channel: channel, easy: takeHandle(),
                                            configuration: configuration, now: .now)
                // Asks the timer callback for "now": the next runDueTimer starts the transfer.
                let code = multi.add(transfer.easy)
                guard code == CURLM_OK else {
                    channel.finish(UpstreamError(kind: .protocolError, curlCode: Int(code.rawValue),
                                                 message: "curl_multi_add_handle failed"))
                    return nil
                }
                byID[transfer.id] = transfer
                byHandle[transfer.easy.handle] = transfer
                return transfer.timerDeadline(configuration)
            } catch {
                channel.finish(error)
                return nil
            }
        case .cancel(let id):
            if let transfer = byID[id] { end(transfer, .cancelled) }
            return nil
        case .resume(let id):
            guard let transfer = byID[id], transfer.isPaused else { return nil }
            transfer.markResumed(at: .now)
            // May call the write callback right here, which may pause again; libcurl also sets a "now" timer to
            // read what waits on the socket.
            transfer.easy.resume()
            return nil
        }
    }

    private func takeHandle() throws(UpstreamError) -> CurlEasy {
        if let easy = idleHandles.popLast() { return easy }
        return try CurlEasy()
    }

    /// Wakes the tasks whose heads arrived in the last libcurl call. Done after that call's completions, so a
    /// transfer that also finished was already woken by `finish` with head, body and end in place (one resume).
    private func announceHeads() {
        for transfer in byID.values where transfer.headAnnouncementPending {
            transfer.headAnnouncementPending = false
            transfer.channel.announceHead()
        }
    }

    private func complete(_ handle: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let transfer = byHandle[handle] else { return }
        let error = transfer.failure ?? (code == CURLE_OK ? nil : UpstreamError(curlCode: code))
        end(transfer, error)
    }

    private func expireTimers(_ now: ContinuousClock.Instant) {
        for transfer in Array(byID.values) {
            if let deadline = transfer.timerDeadline(configuration), deadline <= now {
                end(transfer, transfer.timerError)
            }
        }
    }

    /// Removes the transfer from libcurl (closing its connection if it is mid-response), completes its channel
    /// (a no-op if the consumer cancelled) and logs the exchange.
    private func end(_ transfer: Transfer, _ error: UpstreamError?) {
        multi.remove(transfer.easy)
        byID[transfer.id] = nil
        byHandle[transfer.easy.handle] = nil
        transfer.channel.finish(error)
        log(transfer, error)
        if !stopped, idleHandles.count < max(1, configuration.connectionCacheSize) {
            // Out of the multi handle now, so reset is allowed; it also drops the pointers to `transfer`.
            transfer.easy.reset()
            idleHandles.append(transfer.easy)
        }
    }

    /// Method, path without query, status, timings and byte counts only — never header values or bodies.
    private func log(_ transfer: Transfer, _ error: UpstreamError?) {
        // The success line is debug: with the usual info level or above, skip building its metadata (five string
        // interpolations and a dictionary per request on the transfer thread).
        let level: Logger.Level = error == nil ? .debug : .info
        guard transfer.spec.logger.logLevel <= level else { return }
        let now = ContinuousClock.now
        var metadata: Logger.Metadata = [
            "upstream.method": "\(transfer.spec.request.method)",
            "upstream.path": "\(transfer.spec.request.pathForLogging)",
            "upstream.total_ms": "\((now - transfer.startedAt).wholeMilliseconds)",
            "upstream.bytes": "\(transfer.bodyBytes)",
            "upstream.new_connections": "\(transfer.easy.newConnections)",
        ]
        if let status = transfer.status { metadata["upstream.status"] = "\(status)" }
        if let headAt = transfer.headCompletedAt {
            metadata["upstream.head_ms"] = "\((headAt - transfer.startedAt).wholeMilliseconds)"
        }
        if let error {
            metadata["upstream.error"] = "\(error.kind.rawValue)"
            if let code = error.curlCode { metadata["upstream.curl_code"] = "\(code)" }
            transfer.spec.logger.info("upstream exchange failed", metadata: metadata)
        } else {
            transfer.spec.logger.debug("upstream exchange finished", metadata: metadata)
        }
    }

    /// A write to a connection the peer closed raises SIGPIPE in the writing thread; blocked here, it stays pending
    /// on this thread instead of killing the process (CURLOPT_NOSIGNAL(3) leaves SIGPIPE to the application; other
    /// threads that drive libcurl rely on CurlGlobal ignoring it process-wide).
    static func blockSIGPIPE() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}

@available(*, unavailable)
extension TransferRunner: Sendable {}
