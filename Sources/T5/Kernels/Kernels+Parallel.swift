extension Kernels {
    /// Runs `body(chunk)` for `chunk` in `0..<chunks` — chunk 0 on the caller, the others on the
    /// engine's helper threads (`ThreadGang`) — and returns when all are done.
    ///
    /// The engine splits its own work instead of letting OpenBLAS thread each GEMM: OpenBLAS's thread
    /// count is process-wide, so two passes on two workers would each start `threads` BLAS threads
    /// (oversubscribing the cores), and a split of our own also covers the per-head attention and
    /// the element-wise loops that OpenBLAS never sees. OpenBLAS runs single-threaded (`T5Model.init`).
    static func parallel(_ chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
        ThreadGang.shared.run(chunks, body)
    }

    /// Chunks worth running for `work` multiply-adds on `threads` threads: below ~1 M multiply-adds
    /// (≈ 10 µs of GEMM) a thread hop costs more than it saves.
    static func chunks(threads: Int, work: Int, items: Int) -> Int {
        guard threads > 1, work >= 1 << 20 else { return 1 }
        return max(1, min(threads, items))
    }

    /// `[start, end)` of part `chunk` when `count` items are cut into `chunks` near-equal parts.
    @inline(__always)
    static func part(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
    }
}

/// A mutable float pointer handed to `Kernels.parallel` chunks. `@unchecked Sendable` is safe because
/// every use gives each chunk a disjoint range of rows (or its own scratch slice) to write, reads only
/// what no chunk writes during that call, and `parallel` joins all chunks before returning, so no access
/// outlives the owner of the buffer or races another chunk.
struct SendableMutablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}
