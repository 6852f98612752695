/// The response body as chunks, delivered as they arrive (SSE-friendly), through a bounded buffer: when the
/// consumer falls `UpstreamConfiguration.bodyBufferBytes` behind, the transfer pauses until it catches up.
///
/// Meant for one consumer. Cancelling the consuming task, or dropping every copy of the body and its iterators
/// before the end, cancels the transfer and closes its connection.
public struct UpstreamBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    public typealias Failure = UpstreamError

    let owner: Owner

    init(channel: TransferChannel) {
        owner = Owner(channel: channel)
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(owner: owner)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = [UInt8]
        public typealias Failure = UpstreamError

        let owner: Owner

        public mutating func next() async throws(UpstreamError) -> [UInt8]? {
            try await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(UpstreamError) -> [UInt8]? {
            let channel = owner.channel
            let result = await withTaskCancellationHandler {
                await channel.next(isolation: actor)
            } onCancel: {
                channel.cancel()
            }
            return try result.get()
        }
    }

    /// The whole body, or `.bodyTooLarge` (and the transfer cancelled) as soon as it would exceed `maxBytes`.
    public func collect(upTo maxBytes: Int) async throws(UpstreamError) -> [UInt8] {
        if let whole = takeIfComplete() {
            guard whole.count <= maxBytes else { throw Self.tooLarge(maxBytes) }
            return whole
        }
        var collected: [UInt8] = []
        var iterator = makeAsyncIterator()
        while let chunk = try await iterator.next() {
            guard chunk.count <= maxBytes - collected.count else {
                owner.channel.cancel()
                throw Self.tooLarge(maxBytes)
            }
            // The usual small body is one chunk: take it as it is instead of copying it into a new array.
            if collected.isEmpty { collected = chunk } else { collected.append(contentsOf: chunk) }
        }
        return collected
    }

    /// The whole body without waiting, if it has already arrived in full (usual for a small answer: the head is
    /// announced only after the read that brought it was processed); `nil` while it is still arriving or if the
    /// exchange failed, in which case iterate or `collect` as usual. Once it returned bytes, the sequence is empty.
    public func takeIfComplete() -> [UInt8]? {
        owner.channel.takeCompleteBody()
    }

    private static func tooLarge(_ maxBytes: Int) -> UpstreamError {
        UpstreamError(kind: .bodyTooLarge, message: "response body exceeds \(maxBytes) bytes")
    }

    /// Test hook: the most body bytes held for the consumer at once.
    var peakBufferedBytes: Int { owner.channel.peakBufferedBytes }

    /// Cancels the transfer when the last copy of the body (and of its iterators) goes away; a no-op once the body
    /// ended.
    final class Owner: Sendable {
        let channel: TransferChannel

        init(channel: TransferChannel) {
            self.channel = channel
        }

        deinit {
            channel.cancel()
        }
    }
}
