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
    private let queue: JobQueue

    public init(workers: Int, maxQueued: Int = 64) {
        self.workers = max(1, workers)
        self.maxQueued = max(1, maxQueued)
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

    /// Runs `body` on a worker thread and returns its result; throws `.busy` when the queue is full.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws(T5Error) -> T) async throws(T5Error) -> T {
        let result: Result<T, T5Error> = await withCheckedContinuation { continuation in
            let accepted = queue.enqueue(limit: maxQueued) {
                do throws(T5Error) { continuation.resume(returning: .success(try body())) }
                catch { continuation.resume(returning: .failure(error)) }
            }
            if let queued = accepted { continuation.resume(returning: .failure(.busy(queued: queued))) }
        }
        return try result.get()
    }
}

/// The FIFO shared by the pool and its threads (a class so the threads can hold it past the pool).
private final class JobQueue: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var head = 0
        var stopping = false
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
