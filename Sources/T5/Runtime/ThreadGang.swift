import CBLAS
import Foundation
import Synchronization

/// Helper threads that run the parts of one parallel section (`Kernels.parallel`) next to its caller.
///
/// Why not `DispatchQueue.concurrentPerform`: on this Linux build (swift 6.3 corelibs libdispatch) it ran
/// both iterations of a 2-way split one after the other on the calling thread (a 0.34 s busy loop took
/// 0.69 s split in two), so the engine's `threads` never used a second core. The gang keeps its own
/// threads, started on first use.
///
/// A pass opens ~6 sections per layer, tens of microseconds apart, so a helper **spins** for a while
/// after its part (a futex wake-up costs 10–100 µs, as much as a small section) and only then parks
/// on its semaphore; between requests the helpers sleep.
///
/// One section at a time: a caller that finds the gang busy (a pass on another `T5ComputePool` worker
/// holds it) runs all its parts itself. So an engine never runs more than `workers + threads − 1`
/// compute threads, and parts never wait for each other across passes.
final class ThreadGang: Sendable {
    /// The process's gang; grows to the largest split asked for (helpers are never stopped).
    static let shared = ThreadGang()
    /// Upper bound on helper threads, whatever `threads` a model is given.
    static let maxHelpers = 63
    /// PAUSE iterations a helper spins before parking (~100 µs on a 3–4 GHz core).
    static let spinLimit = 20_000

    private let busy = Mutex(false)
    private let helpers = Mutex<[Helper]>([])
    /// Bumped (release) once per section after the parts are assigned; helpers watch it.
    private let generation = Atomic<Int>(0)
    /// Parts of the current section not finished yet.
    private let pending = Atomic<Int>(0)

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
            while list.count < parts - 1 { list.append(Helper(gang: self, index: list.count)) }
            return list
        }
        // `pending` first: a helper still spinning from the last section may pick its new job up
        // before the generation bump, and must find the count to decrement already set.
        pending.store(parts - 1, ordering: .sequentiallyConsistent)
        for (index, helper) in team.enumerated() {
            helper.assign(index + 1 < parts ? (body, index + 1) : nil)
        }
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
        for helper in team { helper.wake() }
        body(0)
        var spins = 0
        while pending.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins < Self.spinLimit { veil_cpu_relax() } else { sched_yield() }
        }
    }

    private func claim() -> Bool {
        busy.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }

    /// One helper thread. Its job slot is written by the section's owner before the generation bump
    /// and emptied by the helper before it decrements `pending`, so the two never touch it together.
    private final class Helper: Sendable {
        private let start = DispatchSemaphore(value: 0)
        private let sleeping = Atomic<Bool>(false)
        private let job = Mutex<(body: @Sendable (Int) -> Void, part: Int)?>(nil)

        init(gang: ThreadGang, index: Int) {
            let seen = gang.generation.load(ordering: .acquiring)
            let thread = Thread { [self] in loop(gang, seen: seen) }
            thread.name = "t5-gang-\(index)"
            thread.start()
        }

        func assign(_ work: (body: @Sendable (Int) -> Void, part: Int)?) {
            job.withLock { $0 = work }
        }

        /// Signals the semaphore iff the helper parked (or is about to) and has not been woken yet.
        func wake() {
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { start.signal() }
        }

        private func loop(_ gang: ThreadGang, seen: Int) -> Never {
            var seen = seen
            while true {
                var spins = 0
                while gang.generation.load(ordering: .acquiring) == seen, spins < ThreadGang.spinLimit {
                    spins += 1
                    veil_cpu_relax()
                }
                if gang.generation.load(ordering: .acquiring) == seen {
                    // Park. The owner bumps the generation, then swaps `sleeping` to false and signals
                    // iff it was true; re-checking after raising the flag closes the race either way.
                    sleeping.store(true, ordering: .sequentiallyConsistent)
                    if gang.generation.load(ordering: .sequentiallyConsistent) == seen {
                        start.wait()
                    } else if !sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                        start.wait()  // the owner took the flag first: its signal is on the way
                    }
                }
                seen = gang.generation.load(ordering: .acquiring)
                if runJob() { gang.pending.subtract(1, ordering: .releasing) }
            }
        }

        private func runJob() -> Bool {
            guard let (body, part) = job.withLock({ slot in defer { slot = nil }; return slot }) else { return false }
            body(part)
            return true
        }
    }
}
