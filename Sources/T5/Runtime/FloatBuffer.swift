/// A scratch activation buffer, allocated once per request and reused for every layer and step
/// (llama2.c's `RunState`). Not shared between requests or threads.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        pointer.deallocate()
    }

    var readOnly: UnsafePointer<Float> { UnsafePointer(pointer) }
    subscript(offset: Int) -> UnsafeMutablePointer<Float> { pointer + offset }
}
