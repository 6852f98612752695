import Testing
@testable import T5

/// The encoder's pooled RunState: aligned disjoint slices, memory reused between passes, bounded retention.
@Suite struct ScratchPoolTests {
    @Test func slicesAreAlignedDisjointAndReusedByTheNextPass() {
        let pool = ScratchPool(capacity: 2)
        let sizes = [5, 0, 33, 16]
        let first = pool.withBuffers(sizes) { buffers in
            for (buffer, size) in zip(buffers, sizes) {
                #expect(Int(bitPattern: buffer) % 64 == 0)
                for i in 0..<size { buffer[i] = Float(size) } // each slice writable over its whole size
            }
            for (index, buffer) in buffers.enumerated().dropLast() {
                #expect(buffer + sizes[index] <= buffers[index + 1])
            }
            return buffers[0]
        }
        let second = pool.withBuffers([40]) { $0[0] }
        #expect(first == second) // a smaller request reuses the returned block: no new allocation, no page faults
    }

    @Test func concurrentPassesGetSeparateBlocksAndTheLargestAreKept() {
        let pool = ScratchPool(capacity: 1)
        let (outer, inner) = pool.withBuffers([64]) { outer in
            (outer[0], pool.withBuffers([64]) { $0[0] })
        }
        #expect(outer != inner) // a block is never handed to two passes at once
        let big = pool.withBuffers([10_000]) { $0[0] }
        #expect(pool.withBuffers([9_000]) { $0[0] } == big) // the larger block replaced the smaller one
    }
}
