/// FIFO of body chunks with O(1) amortised pop, so a consumer that reads one chunk at a time does not shift the
/// whole buffer on every read (there is no Deque without swift-collections).
struct ChunkQueue {
    private var items: [[UInt8]] = []
    private var headIndex = 0

    var isEmpty: Bool { headIndex == items.count }
    var count: Int { items.count - headIndex }

    mutating func append(_ chunk: [UInt8]) {
        items.append(chunk)
    }

    mutating func popFirst() -> [UInt8]? {
        guard headIndex < items.count else { return nil }
        let chunk = items[headIndex]
        items[headIndex] = []
        headIndex += 1
        if headIndex == items.count {
            items.removeAll(keepingCapacity: true)
            headIndex = 0
        } else if headIndex >= 32, headIndex * 2 >= items.count {
            items.removeFirst(headIndex)
            headIndex = 0
        }
        return chunk
    }

    mutating func removeAll() {
        items.removeAll()
        headIndex = 0
    }
}
