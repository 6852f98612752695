import Dispatch
import Foundation
import Synchronization
import Testing
@testable import T5

/// The pool's bounds, without a model: jobs are closures that block on a semaphore, so which
/// job is running, queued or refused is decided by the test, not by timing.
@Suite struct T5ComputePoolTests {
    /// Shared between a test and the jobs it submits.
    final class Counter: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func add() { count.withLock { $0 += 1 } }
    }

    /// Starts a job that holds the pool's only worker until the returned `release` is signalled,
    /// and returns once that job runs.
    func occupy(_ pool: T5ComputePool) async -> (release: DispatchSemaphore, running: Task<Int, any Error>) {
        let release = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0)
        let running = Task {
            try await pool.run { () throws(T5Error) in
                started.signal()
                release.wait()
                return 1
            }
        }
        await Task.detached { started.wait() }.value
        return (release, running)
    }

    @Test func aFullQueueIsRefusedAtOnce() async throws {
        let pool = T5ComputePool(workers: 1, maxQueued: 1)
        let (release, running) = await occupy(pool)
        // Two more jobs while the worker is held: one fills the queue, the other is refused at
        // once (whichever arrives second), without waiting for the worker.
        let refusals = Counter()
        let jobs = (0..<2).map { n in
            Task { () throws(T5Error) -> Int in
                do throws(T5Error) { return try await pool.run { () throws(T5Error) in n } } catch {
                    refusals.add()
                    throw error
                }
            }
        }
        while refusals.value == 0 { try await Task.sleep(for: .milliseconds(5)) }
        release.signal()
        #expect(try await running.value == 1)
        let results = [await jobs[0].result, await jobs[1].result]
        #expect(results.filter { if case .failure(T5Error.busy(queued: 1)) = $0 { true } else { false } }.count == 1)
        #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
    }

    @Test func aJobWaitingPastItsDeadlineFailsAndIsNeverRun() async throws {
        let pool = T5ComputePool(workers: 1, maxQueued: 4, maxWait: .milliseconds(50))
        let (release, running) = await occupy(pool)
        let ran = Counter()
        await #expect(throws: T5Error.queueTimeout(waited: .milliseconds(50))) {
            try await pool.run { () throws(T5Error) in ran.add() }
        }
        release.signal()
        #expect(try await running.value == 1)
        // The worker is free again: a new job runs, and the timed-out one was dropped, not run late.
        #expect(try await pool.run { () throws(T5Error) in 5 } == 5)
        #expect(ran.value == 0)
    }

    @Test func aJobStartedInTimeIsNotCutByTheDeadline() async throws {
        let pool = T5ComputePool(workers: 1, maxQueued: 4, maxWait: .milliseconds(20))
        let value = try await pool.run { () throws(T5Error) -> Int in
            usleep(100_000)  // runs longer than maxWait: only the wait is bounded
            return 7
        }
        #expect(value == 7)
    }

    @Test func aCancelledCallerIsAnsweredAtOnceAndItsJobIsNeverRun() async throws {
        let pool = T5ComputePool(workers: 1, maxQueued: 4)
        let (release, running) = await occupy(pool)
        let ran = Counter()
        let waiting = Task { try await pool.run { () throws(T5Error) in ran.add() } }
        while pool.queuedJobs == 0 { try await Task.sleep(for: .milliseconds(5)) }
        waiting.cancel()  // the client went away while its job waited for the worker
        await #expect(throws: T5Error.cancelled) { try await waiting.value }
        release.signal()
        #expect(try await running.value == 1)
        #expect(try await pool.run { () throws(T5Error) in 5 } == 5)
        #expect(ran.value == 0)
        #expect(pool.queuedJobs == 0)
    }

    @Test func aCallerCancelledBeforeRunningIsAnsweredWithoutWaiting() async throws {
        let pool = T5ComputePool(workers: 1, maxQueued: 4)
        let (release, running) = await occupy(pool)
        let ran = Counter()
        let result = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.run { () throws(T5Error) in ran.add() }
        }.result
        #expect(throws: T5Error.cancelled) { try result.get() }
        release.signal()
        #expect(try await running.value == 1)
        #expect(ran.value == 0)
    }

    @Test func statisticsCountFinishedJobsAndTheirTime() async throws {
        let pool = T5ComputePool(workers: 1)
        #expect(pool.statistics == T5ComputeStatistics())
        for _ in 0..<3 { _ = try await pool.run { () throws(T5Error) in usleep(2_000) } }
        #expect(pool.statistics.jobs == 3)
        #expect(pool.statistics.busy >= .milliseconds(6))
        #expect(pool.queuedJobs == 0)
    }
}
