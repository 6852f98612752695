import Synchronization

extension T5Model {
    /// Runs `pass` on groups of whole sequences, one group per thread, when the batch has at least as
    /// many sequences as the model has threads; nil otherwise (the pass then splits work inside itself).
    /// `pass(group, threads)` must run `group` on `threads` threads. Sequences beyond the largest multiple
    /// of `threads` run afterwards as one pass split inside: 3 windows on 2 threads take 1 + ½ window
    /// times instead of 2.
    ///
    /// Why: a pass split inside (GEMM row blocks, heads) meets its helpers ~6 times per layer, and each
    /// meeting costs a thread wake-up; independent sequences need none. A 256-token chat message is
    /// two 256-id windows of the shipped tagger: one window per core, no synchronisation until the end.
    /// Results are the same as one packed pass (packing never mixes sequences; see `PackedBatch`).
    func splitBySequence(_ inputs: [[Int]],
                         _ pass: @escaping @Sendable ([[Int]], Int) throws(T5Error) -> [T5Matrix]) throws(T5Error) -> [T5Matrix]? {
        guard threads > 1, inputs.count >= threads else { return nil }
        let parts = threads, whole = inputs.count - inputs.count % threads
        let slots = ResultSlots(count: parts)
        Kernels.parallel(parts) { part in
            let group = Array(inputs[Kernels.part(part, of: parts, count: whole)])
            do throws(T5Error) {
                slots.store(.success(try pass(group, 1)), at: part)
            } catch {
                slots.store(.failure(error), at: part)
            }
        }
        var outputs: [T5Matrix] = []
        for result in slots.all() {
            outputs += try result.get()
        }
        if whole < inputs.count {
            outputs += try pass(Array(inputs[whole...]), threads)
        }
        return outputs
    }
}

/// One result per part of a parallel section; each part writes only its own slot.
private final class ResultSlots: Sendable {
    private let slots: Mutex<[Result<[T5Matrix], T5Error>]>

    init(count: Int) {
        slots = Mutex(Array(repeating: .success([]), count: count))
    }

    func store(_ result: Result<[T5Matrix], T5Error>, at index: Int) {
        slots.withLock { $0[index] = result }
    }

    func all() -> [Result<[T5Matrix], T5Error>] {
        slots.withLock { $0 }
    }
}
