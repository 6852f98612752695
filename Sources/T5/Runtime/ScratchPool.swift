import Synchronization

/// Reusable activation memory for forward passes (llama2.c's `RunState`, kept between requests).
///
/// Allocating the encoder's buffers fresh for every request cost ~8 % of a 128-token pass in page
/// faults, `brk`/`munmap` and zero-filling (perf, docs/T5-ENGINE.md): glibc hands large freed blocks back
/// to the kernel, so every request faulted the same pages in again. A pass now checks out one block
/// big enough for all of its buffers and returns it afterwards; at most `capacity` blocks are kept
/// (one per concurrently running pass is enough), larger ones replacing smaller ones.
final class ScratchPool: Sendable {
    /// One contiguous float allocation. `@unchecked Sendable` is safe because a block has exactly one
    /// owner at a time: the pool (inside the mutex) or the single pass that checked it out and gives it
    /// back when it is done (`withBlock`); nobody else holds its pointer.
    struct Block: @unchecked Sendable {
        let base: UnsafeMutablePointer<Float>
        let count: Int
    }

    private let blocks = Mutex<[Block]>([])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    deinit {
        blocks.withLock { list in
            for block in list { block.base.deallocate() }
            list.removeAll()
        }
    }

    /// Runs `body` with one pointer per entry of `sizes` (floats each, 64-byte aligned, disjoint), carved
    /// out of a pooled block. Contents are stale on entry: every caller writes a buffer before reading it.
    func withBuffers<R, E: Error>(_ sizes: [Int], _ body: ([UnsafeMutablePointer<Float>]) throws(E) -> R) throws(E) -> R {
        let padded = sizes.map { ($0 + 15) / 16 * 16 }
        let total = padded.reduce(16, +)
        let block = take(total)
        defer { give(block) }
        // Align the first slice to 64 bytes; every padded size is a multiple of 16 floats.
        let misalignment = Int(bitPattern: block.base) % 64 / MemoryLayout<Float>.stride
        var cursor = block.base + (misalignment == 0 ? 0 : 16 - misalignment)
        var pointers: [UnsafeMutablePointer<Float>] = []
        pointers.reserveCapacity(sizes.count)
        for size in padded {
            pointers.append(cursor)
            cursor += size
        }
        return try body(pointers)
    }

    private func take(_ count: Int) -> Block {
        let reused = blocks.withLock { list -> Block? in
            guard let index = list.firstIndex(where: { $0.count >= count }) else { return nil }
            return list.remove(at: index)
        }
        if let reused { return reused }
        let base = UnsafeMutablePointer<Float>.allocate(capacity: count)
        base.initialize(repeating: 0, count: count)
        return Block(base: base, count: count)
    }

    private func give(_ block: Block) {
        let dropped = blocks.withLock { list -> Block? in
            if list.count < capacity {
                list.append(block)
                return nil
            }
            guard let smallest = list.indices.min(by: { list[$0].count < list[$1].count }),
                  list[smallest].count < block.count else { return block }
            let evicted = list[smallest]
            list[smallest] = block
            return evicted
        }
        dropped?.base.deallocate()
    }
}
