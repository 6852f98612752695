import Foundation
import Synchronization

/// A fixed set of worker threads for blocking matrix work, exposed through `async`.
///
/// Forward passes are CPU-bound and take milliseconds to seconds; running them on the cooperative pool
/// would starve the server's I/O tasks. Jobs wait in a bounded FIFO; `run` suspends the caller (no
/// thread is blocked) until a worker has finished the job.
public final class T5ComputePool: Sendable {
    public let workers: Int
    public let maxQueued: Int
    /// Longest a job may wait in the queue before its caller gets `.queueTimeout` (nil: no bound).
    /// Only the wait is bounded: a job a worker has started runs to the end.
    public let maxWait: Duration?
    private let queue: JobQueue

    public init(workers: Int, maxQueued: Int = 64, maxWait: Duration? = nil) {
        self.workers = max(1, workers)
        self.maxQueued = max(1, maxQueued)
        self.maxWait = maxWait
        queue = JobQueue()
        for index in 0..<self.workers {
            let thread = Thread { [queue] in queue.work() }
            thread.name = "t5-compute-\(index)"
            thread.start()
        }
    }

    deinit {
        queue.stop(workers: workers)
    }

    /// Runs `body` on a worker thread and returns its result; throws `.busy` when the queue is
    /// full, `.queueTimeout` when no worker took the job within `maxWait`, and `.cancelled` when
    /// the calling task is cancelled first (a client that went away): the job is then dropped
    /// unrun. A job a worker has started runs to the end.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws(T5Error) -> T) async throws(T5Error) -> T {
        let claim = JobClaim()
        let maxWait = self.maxWait
        let queue = self.queue
        let maxQueued = self.maxQueued
        let result: Result<T, T5Error> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                claim.onCancel { continuation.resume(returning: .failure(.cancelled)) }
                let accepted = queue.enqueue(limit: maxQueued) {
                    // The timer or a cancellation may have answered already: then the job is dropped.
                    guard claim.take() else { return }
                    let started = ContinuousClock.now
                    defer { queue.recordRun(started.duration(to: .now)) }
                    do throws(T5Error) { continuation.resume(returning: .success(try body())) }
                    catch { continuation.resume(returning: .failure(error)) }
                }
                if let queued = accepted {
                    if claim.take() { continuation.resume(returning: .failure(.busy(queued: queued))) }
                } else if let maxWait {
                    claim.arm(Task {
                        try? await Task.sleep(for: maxWait)
                        if !Task.isCancelled, claim.take() {
                            continuation.resume(returning: .failure(.queueTimeout(waited: maxWait)))
                        }
                    })
                }
            }
        } onCancel: {
            claim.cancel()
        }
        return try result.get()
    }

    /// Jobs accepted and not yet taken by a worker (dropped ones included until a worker skips them).
    public var queuedJobs: Int { queue.queuedCount }

    /// Jobs run to the end and the time workers spent on them, since start.
    public var statistics: T5ComputeStatistics { queue.statistics }
}

/// Cumulative work done by a pool's workers (read at scrape time by `/metrics`).
public struct T5ComputeStatistics: Sendable, Equatable {
    public var jobs = 0
    public var busy: Duration = .zero
}

/// Who answers a queued job's caller: the worker that starts it, the wait timer or a
/// cancellation, whichever comes first; `take()` returns true exactly once. The winner cancels
/// the timer's task.
private final class JobClaim: Sendable {
    private struct State {
        var taken = false
        var cancelled = false
        var timer: Task<Void, Never>?
        var answerCancelled: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func take() -> Bool {
        let (first, timer) = state.withLock { state in
            defer { state.taken = true; state.timer = nil; state.answerCancelled = nil }
            return (!state.taken, state.timer)
        }
        if first { timer?.cancel() }
        return first
    }

    /// Keeps the timer so a worker that starts the job first can cancel it (no sleeping task
    /// outlives its job). A timer armed after the job was taken is cancelled at once.
    func arm(_ timer: Task<Void, Never>) {
        let taken = state.withLock { state in
            if !state.taken { state.timer = timer }
            return state.taken
        }
        if taken { timer.cancel() }
    }

    /// How to answer the caller on cancellation. Registered inside the continuation, which may
    /// run after the task was already cancelled: then it answers at once.
    func onCancel(_ answer: @escaping @Sendable () -> Void) {
        let cancelledAlready = state.withLock { state in
            if !state.cancelled { state.answerCancelled = answer }
            return state.cancelled
        }
        if cancelledAlready, take() { answer() }
    }

    func cancel() {
        let answer = state.withLock { state in
            state.cancelled = true
            return state.answerCancelled
        }
        if let answer, take() { answer() }
    }
}

/// The FIFO shared by the pool and its threads (a class so the threads can hold it past the pool).
private final class JobQueue: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var head = 0
        var stopping = false
        var statistics = T5ComputeStatistics()
    }
    private let state = Mutex(State())
    /// Counts jobs (and stop tokens) ready to be taken.
    private let ready = DispatchSemaphore(value: 0)

    /// Appends `job`; returns nil when accepted, or the queue length when full.
    func enqueue(limit: Int, _ job: @escaping @Sendable () -> Void) -> Int? {
        let rejected: Int? = state.withLock { state in
            let queued = state.jobs.count - state.head
            guard queued < limit, !state.stopping else { return queued }
            state.jobs.append(job)
            return nil
        }
        if rejected == nil { ready.signal() }
        return rejected
    }

    var queuedCount: Int { state.withLock { $0.jobs.count - $0.head } }
    var statistics: T5ComputeStatistics { state.withLock { $0.statistics } }

    func recordRun(_ duration: Duration) {
        state.withLock {
            $0.statistics.jobs += 1
            $0.statistics.busy += duration
        }
    }

    func stop(workers: Int) {
        state.withLock { $0.stopping = true }
        for _ in 0..<workers { ready.signal() }
    }

    /// A worker's loop: take the oldest job, run it, until stopped with no work left.
    func work() {
        while true {
            ready.wait()
            let job: (@Sendable () -> Void)? = state.withLock { state in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                // Compact now and then so the array does not grow without bound.
                if state.head > 64, state.head * 2 > state.jobs.count {
                    state.jobs.removeFirst(state.head)
                    state.head = 0
                }
                return job
            }
            guard let job else { return }
            job()
        }
    }
}
