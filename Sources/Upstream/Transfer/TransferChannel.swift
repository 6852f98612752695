import Synchronization

/// What one transfer shares between the transfer thread (producer: head, body chunks, end) and the async caller
/// (consumer: `execute` waiting for the head, the body iterator). All state sits behind one `Mutex`; continuations
/// are resumed after the lock is released.
///
/// Backpressure: `offer` refuses bytes once `bufferLimit` bytes are queued, which the write callback turns into
/// CURL_WRITEFUNC_PAUSE; when the consumer drains the queue to half the limit it asks the loop to resume the
/// transfer (curl_easy_pause(3) must be called from the thread that drives the multi handle).
final class TransferChannel: Sendable {
    typealias HeadResult = Result<ResponseHead, UpstreamError>
    typealias ChunkResult = Result<[UInt8]?, UpstreamError>

    enum Offer: Equatable {
        case accepted
        /// The buffer is full: return CURL_WRITEFUNC_PAUSE; libcurl hands the same bytes again after resume.
        case pause
        /// Nobody will read these bytes (cancelled); a cancel command is on its way to the loop.
        case discard
    }

    private struct State {
        var head: HeadResult?
        var headWaiter: CheckedContinuation<HeadResult, Never>?
        var chunks = ChunkQueue()
        var bufferedBytes = 0
        var peakBufferedBytes = 0
        var paused = false
        /// `nil` while the body is open; `.success` once it ended cleanly.
        var end: Result<Void, UpstreamError>?
        var bodyWaiter: CheckedContinuation<ChunkResult, Never>?
    }

    let id: UInt64
    let bufferLimit: Int
    private let loop: TransferLoop
    private let state = Mutex(State())

    init(id: UInt64, bufferLimit: Int, loop: TransferLoop) {
        self.id = id
        self.bufferLimit = max(1, bufferLimit)
        self.loop = loop
    }

    /// Highest number of body bytes queued at once (test hook for the backpressure bound).
    var peakBufferedBytes: Int { state.withLock { $0.peakBufferedBytes } }

    // MARK: Producer (transfer thread)

    /// Stores the head and wakes `execute` at once (tests and callers outside a perform round).
    func deliverHead(_ head: ResponseHead) {
        storeHead(head)
        announceHead()
    }

    /// Stores the head without waking anyone: the transfer thread announces it after the current
    /// curl_multi_perform(3) round, so that a small body and the end that arrived in the same read are queued by
    /// then and the waiting task is resumed once, with everything, instead of once per part (each resume is a
    /// futex wake and a context switch).
    func storeHead(_ head: ResponseHead) {
        state.withLock { state in
            if state.head == nil { state.head = .success(head) }
        }
    }

    /// Resumes `execute` if it is waiting and the head (or the failure) is known; a no-op otherwise.
    func announceHead() {
        let ready = state.withLock { state -> (CheckedContinuation<HeadResult, Never>, HeadResult)? in
            guard let head = state.head, let waiter = state.headWaiter else { return nil }
            state.headWaiter = nil
            return (waiter, head)
        }
        if let (waiter, head) = ready { waiter.resume(returning: head) }
    }

    func offer(_ bytes: UnsafeRawBufferPointer) -> Offer {
        let (offer, handoff) = state.withLock { state -> (Offer, (CheckedContinuation<ChunkResult, Never>, [UInt8])?) in
            if state.end != nil { return (.discard, nil) }
            if state.bufferedBytes >= bufferLimit {
                state.paused = true
                return (.pause, nil)
            }
            let chunk = Array(bytes)
            if let waiter = state.bodyWaiter {
                // A reader is waiting, so the queue is empty: hand the chunk over directly.
                state.bodyWaiter = nil
                return (.accepted, (waiter, chunk))
            }
            state.chunks.append(chunk)
            state.bufferedBytes += chunk.count
            state.peakBufferedBytes = max(state.peakBufferedBytes, state.bufferedBytes)
            return (.accepted, nil)
        }
        if let (waiter, chunk) = handoff { waiter.resume(returning: .success(chunk)) }
        return offer
    }

    /// Ends the exchange: `error == nil` is a clean end of body. Before the head this fails `execute`.
    func finish(_ error: UpstreamError?) {
        let (headWaiter, head, bodyWaiter) = state.withLock { state in
            guard state.end == nil else {
                return (CheckedContinuation<HeadResult, Never>?.none, HeadResult?.none,
                        CheckedContinuation<ChunkResult, Never>?.none)
            }
            let failure = error ?? (state.head == nil ? Self.missingHead : nil)
            state.end = failure.map { .failure($0) } ?? .success(())
            if state.head == nil { state.head = .failure(failure ?? Self.missingHead) }
            defer { state.headWaiter = nil; state.bodyWaiter = nil }
            // A waiting body reader has nothing queued (it would not be waiting otherwise). A head waiter may see a
            // stored head that was not announced yet: it gets that head, and the body is complete behind it.
            return (state.headWaiter, state.head, state.bodyWaiter)
        }
        if let headWaiter, let head { headWaiter.resume(returning: head) }
        bodyWaiter?.resume(returning: error.map { .failure($0) } ?? .success(nil))
    }

    private static let missingHead = UpstreamError(kind: .protocolError, message: "exchange ended without a response head")

    // MARK: Consumer (async caller)

    func waitForHead(isolation: isolated (any Actor)? = #isolation) async -> HeadResult {
        await withCheckedContinuation(isolation: isolation) { (continuation: CheckedContinuation<HeadResult, Never>) in
            let ready = state.withLock { state -> HeadResult? in
                if let head = state.head { return head }
                state.headWaiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func next(isolation: isolated (any Actor)? = #isolation) async -> ChunkResult {
        await withCheckedContinuation(isolation: isolation) { (continuation: CheckedContinuation<ChunkResult, Never>) in
            let (ready, resume) = state.withLock { state -> (ChunkResult?, Bool) in
                if let chunk = state.chunks.popFirst() {
                    state.bufferedBytes -= chunk.count
                    let resume = state.paused && state.bufferedBytes <= bufferLimit / 2
                    if resume { state.paused = false }
                    return (.success(chunk), resume)
                }
                switch state.end {
                case .success?: return (.success(nil), false)
                case .failure(let error)?: return (.failure(error), false)
                case nil:
                    if state.paused {
                        // Paused with an empty queue cannot stall: resume now, then wait.
                        state.paused = false
                        state.bodyWaiter = continuation
                        return (nil, true)
                    }
                    state.bodyWaiter = continuation
                    return (nil, false)
                }
            }
            if resume { loop.send(.resume(id)) }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The whole body, taken from the buffer, when the exchange already ended cleanly; `nil` while it is still
    /// open or when it failed (the iterator then reports as usual). Lets a caller skip streaming a body that arrived
    /// with its head.
    func takeCompleteBody() -> [UInt8]? {
        state.withLock { state -> [UInt8]? in
            guard case .success? = state.end else { return nil }
            var body = state.chunks.popFirst() ?? []
            while let chunk = state.chunks.popFirst() { body += chunk }
            state.bufferedBytes = 0
            return body
        }
    }

    /// Consumer gave up (task cancelled, body dropped, body too large): fail waiters, drop buffered bytes and ask
    /// the loop to remove the transfer, which closes its connection if it is mid-response.
    ///
    /// A transfer that already ended cleanly but still had bytes buffered ends as cancelled too: otherwise the next
    /// read would see the clean end right after the dropped bytes, and a caller collecting the body would take a
    /// truncated body for a complete one.
    func cancel() {
        let (headWaiter, bodyWaiter, wasOpen) = state.withLock { state in
            let wasOpen = state.end == nil
            if wasOpen || !state.chunks.isEmpty { state.end = .failure(.cancelled) }
            if state.head == nil { state.head = .failure(.cancelled) }
            state.chunks.removeAll()
            state.bufferedBytes = 0
            defer { state.headWaiter = nil; state.bodyWaiter = nil }
            return (state.headWaiter, state.bodyWaiter, wasOpen)
        }
        headWaiter?.resume(returning: .failure(.cancelled))
        bodyWaiter?.resume(returning: .failure(.cancelled))
        if wasOpen { loop.send(.cancel(id)) }
    }
}
