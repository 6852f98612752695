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
    /// Bumped once per section after the helpers' job slots are filled; helpers watch it.
    private let generation = Atomic<Int>(0)

    /// Runs `body(part)` for every part in `0..<parts` — on the caller and, when the gang is free, on
    /// helpers — and returns when all have finished.
    ///
    /// Parts are **claimed**, not assigned: caller and helpers take the next unclaimed index until none
    /// is left. A helper the scheduler has not run yet (a loaded machine) then costs nothing — the caller
    /// does its parts — instead of stalling the section for a time slice.
    func run(_ parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard parts > 1, claim() else {
            for part in 0..<max(parts, 1) { body(part) }
            return
        }
        defer { busy.withLock { $0 = false } }
        let wanted = min(parts, Self.maxHelpers + 1) - 1
        let team = helpers.withLock { list in
            while list.count < wanted { list.append(Helper(gang: self, index: list.count)) }
            return list.prefix(wanted)
        }
        let section = Section(body: body, parts: parts)
        for helper in team { helper.assign(section) }
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
        for helper in team { helper.wake() }
        section.work()
        var spins = 0
        while !section.isFinished {
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

    /// One section's parts and counters. A helper that wakes late works on the section it was given
    /// (finding every part claimed), never on a newer one.
    private final class Section: Sendable {
        let body: @Sendable (Int) -> Void
        let parts: Int
        private let next = Atomic<Int>(0)
        private let finished = Atomic<Int>(0)

        init(body: @escaping @Sendable (Int) -> Void, parts: Int) {
            self.body = body
            self.parts = parts
        }

        var isFinished: Bool { finished.load(ordering: .acquiring) == parts }

        /// Claims and runs parts until none is left.
        func work() {
            while true {
                let part = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard part < parts else { return }
                body(part)
                finished.wrappingAdd(1, ordering: .releasing)
            }
        }
    }

    /// One helper thread; its job slot holds the section to work on (set by the owner, taken by the helper).
    private final class Helper: Sendable {
        private let start = DispatchSemaphore(value: 0)
        private let sleeping = Atomic<Bool>(false)
        private let job = Mutex<Section?>(nil)

        init(gang: ThreadGang, index: Int) {
            let seen = gang.generation.load(ordering: .acquiring)
            let thread = Thread { [self] in loop(gang, seen: seen) }
            thread.name = "t5-gang-\(index)"
            thread.start()
        }

        func assign(_ section: Section) {
            job.withLock { $0 = section }
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
                job.withLock { slot in defer { slot = nil }; return slot }?.work()
            }
        }
    }
}
