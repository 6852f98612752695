import Testing
@testable import Upstream

/// The backpressure and completion rules of the channel, without libcurl: a loop whose thread never starts just
/// queues the commands the channel sends.
@Suite struct TransferChannelTests {
    private func makeChannel(limit: Int) -> (TransferChannel, TransferLoop) {
        let loop = TransferLoop(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:1",
                                                                      bodyBufferBytes: limit))
        return (TransferChannel(id: 7, bufferLimit: limit, loop: loop), loop)
    }

    private func offer(_ channel: TransferChannel, _ count: Int) -> TransferChannel.Offer {
        Array(repeating: UInt8(1), count: count).withUnsafeBytes { channel.offer($0) }
    }

    private func resumes(_ loop: TransferLoop) -> Int {
        (loop.takeCommands() ?? []).filter { if case .resume(7) = $0 { true } else { false } }.count
    }

    @Test func pausesWhenFullAndResumesAtHalf() async throws {
        let (channel, loop) = makeChannel(limit: 100)
        channel.deliverHead(ResponseHead(status: 200, headers: []))
        #expect(offer(channel, 60) == .accepted)
        #expect(offer(channel, 60) == .accepted)  // 120 ≥ limit only after this one: one write may overshoot
        #expect(offer(channel, 60) == .pause)
        #expect(channel.peakBufferedBytes == 120)
        _ = try await channel.next().get()  // 60 left: above half, still paused
        #expect(resumes(loop) == 0)
        _ = try await channel.next().get()  // 0 left: resume requested once
        #expect(resumes(loop) == 1)
        #expect(offer(channel, 60) == .accepted)
    }

    @Test func drainsBufferedBytesBeforeReportingTheEnd() async throws {
        let (channel, _) = makeChannel(limit: 100)
        channel.deliverHead(ResponseHead(status: 200, headers: []))
        #expect(offer(channel, 3) == .accepted)
        channel.finish(.timeout)
        #expect(try await channel.next().get()?.count == 3)
        await #expect(throws: UpstreamError.timeout) { try await channel.next().get() }
    }

    @Test func endWithoutHeadFailsTheHeadWaiter() async {
        let (channel, _) = makeChannel(limit: 100)
        channel.finish(nil)
        await #expect(throws: UpstreamError.protocolError) { try await channel.waitForHead().get() }
    }

    @Test func cancelDropsBufferedBytesAndTellsTheLoopOnce() async throws {
        let (channel, loop) = makeChannel(limit: 100)
        channel.deliverHead(ResponseHead(status: 200, headers: []))
        #expect(offer(channel, 10) == .accepted)
        channel.cancel()
        channel.cancel()
        let cancels = (loop.takeCommands() ?? []).filter { if case .cancel(7) = $0 { true } else { false } }
        #expect(cancels.count == 1)
        await #expect(throws: UpstreamError.cancelled) { try await channel.next().get() }
        #expect(offer(channel, 10) == .discard)
    }

    /// The client went away just as a small answer finished arriving: the bytes it dropped must not turn into a
    /// clean, shorter body (the proxy would take a truncated JSON answer for the whole one).
    @Test func cancelAfterACleanEndWithBytesBufferedReadsAsCancelled() async throws {
        let (channel, loop) = makeChannel(limit: 100)
        channel.deliverHead(ResponseHead(status: 200, headers: []))
        #expect(offer(channel, 10) == .accepted)
        channel.finish(nil)
        channel.cancel()
        await #expect(throws: UpstreamError.cancelled) { try await channel.next().get() }
        let cancels = (loop.takeCommands() ?? []).filter { if case .cancel(7) = $0 { true } else { false } }
        #expect(cancels.isEmpty)  // the transfer had already ended: nothing for the loop to remove
    }

    @Test func cancelAfterTheWholeBodyWasReadKeepsTheCleanEnd() async throws {
        let (channel, _) = makeChannel(limit: 100)
        channel.deliverHead(ResponseHead(status: 200, headers: []))
        #expect(offer(channel, 10) == .accepted)
        channel.finish(nil)
        #expect(try await channel.next().get()?.count == 10)
        channel.cancel()
        #expect(try await channel.next().get() == nil)
    }

    @Test func chunkQueueKeepsOrderAcrossCompaction() {
        var queue = ChunkQueue()
        for i in 0..<100 { queue.append([UInt8(i)]) }
        var seen: [UInt8] = []
        for i in 100..<150 {
            seen += queue.popFirst() ?? []
            queue.append([UInt8(i)])
        }
        while let chunk = queue.popFirst() { seen += chunk }
        #expect(seen == (0..<150).map { UInt8($0) })
        #expect(queue.isEmpty)
    }
}

/// The head stored during a perform round is announced after it, so a small body that arrived with it is resumed
/// to the caller in one go.
@Suite struct TransferChannelHeadTests {
    private func makeChannel() -> TransferChannel {
        let loop = TransferLoop(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:1"))
        return TransferChannel(id: 9, bufferLimit: 1 << 16, loop: loop)
    }

    @Test func waiterSeesStoredHeadBodyAndEndWhenTheExchangeFinishesInTheSameRound() async throws {
        let channel = makeChannel()
        async let head = channel.waitForHead()
        try await Task.sleep(for: .milliseconds(20))  // let the waiter register
        channel.storeHead(ResponseHead(status: 201, headers: [("A", "1")]))
        _ = Array("{}".utf8).withUnsafeBytes { channel.offer($0) }
        channel.finish(nil)  // resumes the waiter with the stored head, not a missing-head failure
        #expect(try await head.get().status == 201)
        #expect(try await channel.next().get() == Array("{}".utf8))
        #expect(try await channel.next().get() == nil)
    }

    @Test func announceWakesAWaiterOnlyOnceAHeadIsStored() async throws {
        let channel = makeChannel()
        async let head = channel.waitForHead()
        try await Task.sleep(for: .milliseconds(20))
        channel.announceHead()  // nothing stored yet: must not resume
        channel.storeHead(ResponseHead(status: 200, headers: []))
        channel.announceHead()
        #expect(try await head.get().status == 200)
    }

    @Test func failureAfterAStoredHeadReachesTheBodyNotTheHead() async throws {
        let channel = makeChannel()
        channel.storeHead(ResponseHead(status: 200, headers: []))
        channel.finish(.timeout)
        #expect(try await channel.waitForHead().get().status == 200)
        await #expect(throws: UpstreamError.timeout) { try await channel.next().get() }
    }

    @Test func completeBodyIsTakenOnlyAfterACleanEnd() async throws {
        let channel = makeChannel()
        channel.storeHead(ResponseHead(status: 200, headers: []))
        _ = Array("ab".utf8).withUnsafeBytes { channel.offer($0) }
        #expect(channel.takeCompleteBody() == nil)  // still open: stream it instead
        _ = Array("cd".utf8).withUnsafeBytes { channel.offer($0) }
        channel.finish(nil)
        #expect(channel.takeCompleteBody() == Array("abcd".utf8))
        #expect(try await channel.next().get() == nil)  // taken: the sequence is now empty
    }

    @Test func failedBodyIsNotTakenAsComplete() async throws {
        let channel = makeChannel()
        channel.storeHead(ResponseHead(status: 200, headers: []))
        _ = Array("ab".utf8).withUnsafeBytes { channel.offer($0) }
        channel.finish(.timeout)
        #expect(channel.takeCompleteBody() == nil)
        #expect(try await channel.next().get() == Array("ab".utf8))
        await #expect(throws: UpstreamError.timeout) { try await channel.next().get() }
    }

    @Test func collectKeepsItsBoundWhenTheBodyIsAlreadyComplete() async throws {
        let channel = makeChannel()
        channel.storeHead(ResponseHead(status: 200, headers: []))
        _ = Array("abcdef".utf8).withUnsafeBytes { channel.offer($0) }
        channel.finish(nil)
        await #expect(throws: UpstreamError.bodyTooLarge) { try await UpstreamBody(channel: channel).collect(upTo: 5) }
    }
}
