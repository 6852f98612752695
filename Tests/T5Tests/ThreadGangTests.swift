import Synchronization
import Testing
@testable import T5

/// `ThreadGang`: every part of every section runs exactly once, sections never lose a helper's
/// wake-up, and a section opened while the gang is busy runs on its caller instead of waiting.
@Suite struct ThreadGangTests {
    final class Counts: Sendable {
        let values: Mutex<[Int]>
        init(_ n: Int) { values = Mutex(Array(repeating: 0, count: n)) }
        func bump(_ i: Int) { values.withLock { $0[i] += 1 } }
        var all: [Int] { values.withLock { $0 } }
    }

    @Test func everyPartRunsOnceInThousandsOfSections() {
        let gang = ThreadGang()
        for parts in [2, 3, 2, 4] {
            let counts = Counts(parts)
            for _ in 0..<2_000 { gang.run(parts) { counts.bump($0) } }
            #expect(counts.all == Array(repeating: 2_000, count: parts))
        }
    }

    /// Sections far apart (helpers parked on their semaphores) still wake every helper.
    @Test func partsRunAfterHelpersPark() async throws {
        let gang = ThreadGang()
        let counts = Counts(2)
        for _ in 0..<3 {
            gang.run(2) { counts.bump($0) }
            try await Task.sleep(for: .milliseconds(30))
        }
        #expect(counts.all == [3, 3])
    }

    @Test func busyGangRunsANestedSectionOnItsCaller() {
        let gang = ThreadGang()
        let outer = Counts(2), inner = Counts(3)
        gang.run(2) { part in
            outer.bump(part)
            gang.run(3) { inner.bump($0) }
        }
        #expect(outer.all == [1, 1])
        #expect(inner.all == [2, 2, 2])
    }

    @Test func singlePartRunsInline() {
        let counts = Counts(1)
        ThreadGang().run(1) { counts.bump($0) }
        #expect(counts.all == [1])
    }
}
