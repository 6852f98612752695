import Foundation
import Synchronization

/// Helper threads that run the parts of one parallel section (`Kernels.parallel`) next to its caller.
///
/// Why not `DispatchQueue.concurrentPerform`: on this Linux build (swift 6.3 corelibs libdispatch) it ran
/// both iterations of a 2-way split one after the other on the calling thread (a 0.34 s busy loop took
/// 0.69 s split in two), so the engine's `threads` never used a second core. The gang keeps its own
/// threads, started on first use and parked on a semaphore between sections.
///
/// One section at a time: a caller that finds the gang busy (a pass on another `T5ComputePool` worker
/// holds it) runs all its parts itself. So an engine never runs more than `workers + threads − 1`
/// compute threads, and parts never wait for each other across passes.
final class ThreadGang: Sendable {
    /// The process's gang; grows to the largest split asked for (helpers are never stopped).
    static let shared = ThreadGang()
    /// Upper bound on helper threads, whatever `threads` a model is given.
    static let maxHelpers = 63

    private let busy = Mutex(false)
    private let helpers = Mutex<[Helper]>([])
    /// Signalled once by each helper when its part of the current section is done.
    private let done = DispatchSemaphore(value: 0)

    /// Runs `body(part)` for every part in `0..<parts` — part 0 on the caller, the others on helpers
    /// when the gang is free — and returns when all have finished.
    func run(_ parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let parts = min(parts, Self.maxHelpers + 1)
        guard parts > 1, claim() else {
            for part in 0..<max(parts, 1) { body(part) }
            return
        }
        defer { busy.withLock { $0 = false } }
        let team = helpers.withLock { list in
            while list.count < parts - 1 { list.append(Helper(index: list.count, done: done)) }
            return Array(list.prefix(parts - 1))
        }
        for (index, helper) in team.enumerated() { helper.assign(body, part: index + 1) }
        body(0)
        for _ in team { done.wait() }
    }

    private func claim() -> Bool {
        busy.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }

    /// One parked thread. Its job slot is written by the section's owner before `start` is signalled
    /// and emptied by the thread before it signals `done`, so owner and thread never touch it together.
    private final class Helper: Sendable {
        private let start = DispatchSemaphore(value: 0)
        private let job = Mutex<(body: @Sendable (Int) -> Void, part: Int)?>(nil)

        init(index: Int, done: DispatchSemaphore) {
            let thread = Thread { [self] in
                while true {
                    start.wait()
                    runJob()
                    done.signal()
                }
            }
            thread.name = "t5-gang-\(index)"
            thread.start()
        }

        func assign(_ body: @escaping @Sendable (Int) -> Void, part: Int) {
            job.withLock { $0 = (body, part) }
            start.signal()
        }

        private func runJob() {
            guard let (body, part) = job.withLock({ slot in defer { slot = nil }; return slot }) else { return }
            body(part)
        }
    }
}
