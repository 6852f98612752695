/// Owner of every weight byte: the mapped safetensors file and the F32 copies of 16-bit tensors.
///
/// Memory: F32 tensors are used in place inside the mapping (no copy; pages are shared with the page
/// cache and faulted in on first use). F16/BF16 tensors are widened once into an owned F32 buffer, so a
/// half-precision file costs its mapping (paged out under pressure) plus 2x its size in anonymous memory.
/// Tensors are bound during loading only; afterwards this object is never mutated.
final class WeightStorage {
    let tensors: SafeTensors
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(tensors: SafeTensors) {
        self.tensors = tensors
    }

    deinit {
        for buffer in owned { buffer.deallocate() }
    }

    func contains(_ name: String) -> Bool { tensors.entries[name] != nil }

    /// The tensor called `name`, checked against the shape the config implies, as F32.
    func floats(_ name: String, shape: [Int]) throws(T5Error) -> UnsafePointer<Float> {
        guard let entry = tensors.entries[name] else { throw .missingTensor(name) }
        guard entry.shape == shape else { throw .shapeMismatch(tensor: name, expected: shape, actual: entry.shape) }
        let source = tensors.file.base + entry.range.lowerBound
        let count = entry.elementCount
        // F32 at a 4-byte aligned offset (safetensors pads the header to 8 bytes): use the mapping as is.
        if entry.dtype == .f32, Int(bitPattern: source) % MemoryLayout<Float>.alignment == 0 {
            return source.assumingMemoryBound(to: Float.self)
        }
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        owned.append(buffer)
        widen(entry, into: buffer)
        return UnsafePointer(buffer)
    }

    /// Several same-shape tensors stacked along rows into one owned F32 buffer (`[parts × rows, cols]`),
    /// so projections that read the same input (q/k/v, wi_0/wi_1) run as one GEMM. Each part's pointer is
    /// `result + i × elementCount`. Costs one copy of the parts (16-bit files widen straight into it, so
    /// nothing extra there); the mapped F32 originals are no longer read and their pages are reclaimable.
    func stacked(_ names: [String], shape: [Int]) throws(T5Error) -> UnsafePointer<Float> {
        let count = shape.reduce(1, *)
        var entries: [SafeTensors.Entry] = []
        for name in names {
            guard let entry = tensors.entries[name] else { throw .missingTensor(name) }
            guard entry.shape == shape else { throw .shapeMismatch(tensor: name, expected: shape, actual: entry.shape) }
            entries.append(entry)
        }
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(count * names.count, 1))
        owned.append(buffer)
        for (i, entry) in entries.enumerated() {
            widen(entry, into: buffer + i * count)
            tensors.file.release(entry.range) // the mapped original is never read again
        }
        return UnsafePointer(buffer)
    }

    /// Copies (F32) or widens (F16/BF16) one tensor into `buffer`.
    private func widen(_ entry: SafeTensors.Entry, into buffer: UnsafeMutablePointer<Float>) {
        let source = tensors.file.base + entry.range.lowerBound
        let count = entry.elementCount
        switch entry.dtype {
        case .f32:
            for i in 0..<count { buffer[i] = source.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
        case .f16:
            for i in 0..<count {
                buffer[i] = HalfPrecision.float16ToFloat(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        case .bf16:
            for i in 0..<count {
                buffer[i] = HalfPrecision.bfloat16ToFloat(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        }
    }
}
