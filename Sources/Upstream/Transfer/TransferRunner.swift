import CCurl
import Foundation
import Logging

/// The body of the transfer thread: owns the multi handle and every Transfer, applies queued commands, drives
/// libcurl, enforces the first-byte and idle timers, and completes channels. Everything here runs on that one
/// thread; nothing in it is Sendable or shared.
final class TransferRunner {
    private let loop: TransferLoop
    private let configuration: UpstreamConfiguration
    private var byID: [UInt64: Transfer] = [:]
    private var byHandle: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Reset easy handles kept for the next exchanges (curl_easy_reset(3) keeps the allocation and is cheaper than
    /// curl_easy_init(3) + curl_easy_cleanup(3) per request). Bounded by the connection cache size: more handles
    /// than cached connections would only be idle memory.
    private var idleHandles: [CurlEasy] = []

    init(loop: TransferLoop) {
        self.loop = loop
        self.configuration = loop.configuration
        // Sized for the usual number of parallel exchanges, so the tables do not rehash while traffic ramps up.
        byID.reserveCapacity(64)
        byHandle.reserveCapacity(64)
    }

    func run() {
        guard let multi = CurlMulti() else {
            failUnstarted(loop.markStopped(), UpstreamError(kind: .protocolError, message: "curl_multi_init failed"))
            return
        }
        multi.enableMultiplexing()
        multi.setMaxConnects(configuration.connectionCacheSize)
        multi.setMaxHostConnections(configuration.maxConnectionsPerHost)
        loop.publish(wakeHandle: multi.handle)

        while let commands = loop.takeCommands() {
            for command in commands { apply(command, multi) }
            multi.perform()
            for (handle, code) in multi.finishedTransfers() { complete(handle, code, multi) }
            announceHeads()
            let now = ContinuousClock.now
            expireTimers(now, multi)
            multi.poll(timeoutMs: pollTimeout(now))
        }

        for transfer in Array(byID.values) {
            end(transfer, UpstreamError(kind: .cancelled, message: "upstream client is shut down"), multi)
        }
        failUnstarted(loop.markStopped(), UpstreamError(kind: .cancelled, message: "upstream client is shut down"))
        // `multi` is released here, after every easy handle left it (curl_multi_cleanup(3) asks for that order).
    }

    private func apply(_ command: TransferLoop.Command, _ multi: CurlMulti) {
        switch command {
        case .start(let spec, let channel):
            do throws(UpstreamError) {
                let transfer = try Transfer(id: channel.id, spec: spec, channel: channel, easy: takeHandle(),
                                            configuration: configuration, now: .now)
                let code = multi.add(transfer.easy)
                guard code == CURLM_OK else {
                    channel.finish(UpstreamError(kind: .protocolError, curlCode: Int(code.rawValue),
                                                 message: "curl_multi_add_handle failed"))
                    return
                }
                byID[transfer.id] = transfer
                byHandle[transfer.easy.handle] = transfer
            } catch {
                channel.finish(error)
            }
        case .cancel(let id):
            if let transfer = byID[id] { end(transfer, .cancelled, multi) }
        case .resume(let id):
            guard let transfer = byID[id], transfer.isPaused else { return }
            transfer.markResumed(at: .now)
            // May call the write callback right here, which may pause again.
            transfer.easy.resume()
        }
    }

    private func takeHandle() throws(UpstreamError) -> CurlEasy {
        if let easy = idleHandles.popLast() { return easy }
        return try CurlEasy()
    }

    /// Wakes the tasks whose heads arrived in the last perform round. Done after the round's completions, so a
    /// transfer that also finished was already woken by `finish` with head, body and end in place (one resume).
    private func announceHeads() {
        for transfer in byID.values where transfer.headAnnouncementPending {
            transfer.headAnnouncementPending = false
            transfer.channel.announceHead()
        }
    }

    private func complete(_ handle: UnsafeMutableRawPointer, _ code: CURLcode, _ multi: CurlMulti) {
        guard let transfer = byHandle[handle] else { return }
        let error = transfer.failure ?? (code == CURLE_OK ? nil : UpstreamError(curlCode: code))
        end(transfer, error, multi)
    }

    private func expireTimers(_ now: ContinuousClock.Instant, _ multi: CurlMulti) {
        for transfer in Array(byID.values) {
            if let deadline = transfer.timerDeadline(configuration), deadline <= now {
                end(transfer, transfer.timerError, multi)
            }
        }
    }

    /// Until the nearest of our timers, at most one second (libcurl shortens it further for its own timers).
    private func pollTimeout(_ now: ContinuousClock.Instant) -> Int32 {
        var timeout = Duration.seconds(1)
        for transfer in byID.values {
            if let deadline = transfer.timerDeadline(configuration) { timeout = min(timeout, deadline - now) }
        }
        return Int32(clamping: timeout.curlMilliseconds + 1)
    }

    /// Removes the transfer from libcurl (closing its connection if it is mid-response), completes its channel
    /// (a no-op if the consumer cancelled) and logs the exchange.
    private func end(_ transfer: Transfer, _ error: UpstreamError?, _ multi: CurlMulti) {
        multi.remove(transfer.easy)
        byID[transfer.id] = nil
        byHandle[transfer.easy.handle] = nil
        transfer.channel.finish(error)
        log(transfer, error)
        if idleHandles.count < max(1, configuration.connectionCacheSize) {
            // Out of the multi handle now, so reset is allowed; it also drops the pointers to `transfer`.
            transfer.easy.reset()
            idleHandles.append(transfer.easy)
        }
    }

    private func failUnstarted(_ commands: [TransferLoop.Command], _ error: UpstreamError) {
        for case .start(_, let channel) in commands { channel.finish(error) }
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
            "upstream.total_ms": "\((now - transfer.startedAt).curlMilliseconds)",
            "upstream.bytes": "\(transfer.bodyBytes)",
            "upstream.new_connections": "\(transfer.easy.newConnections)",
        ]
        if let status = transfer.status { metadata["upstream.status"] = "\(status)" }
        if let headAt = transfer.headCompletedAt {
            metadata["upstream.head_ms"] = "\((headAt - transfer.startedAt).curlMilliseconds)"
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
    /// on this thread instead of killing the process (CURLOPT_NOSIGNAL(3) leaves SIGPIPE to the application).
    static func blockSIGPIPE() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}

@available(*, unavailable)
extension TransferRunner: Sendable {}
