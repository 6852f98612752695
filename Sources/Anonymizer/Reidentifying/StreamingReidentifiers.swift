/// One ``StreamingReidentifier`` per stream (a content block, a choice's field, …), created on
/// first use and kept in first-seen order, so held-back tails are released in a stable order.
public struct StreamingReidentifiers<Key: Hashable & Sendable>: Sendable {
    private let map: PlaceholderMap
    private var streams: [Key: StreamingReidentifier] = [:]
    private var order: [Key] = []

    public init(map: PlaceholderMap) {
        self.map = map
    }

    /// Feeds `fragment` to `key`'s stream (created with `escaping` on first use); returns the
    /// restored text that is now final.
    public mutating func feed(_ fragment: String, key: Key, escaping: ValueEscaping) -> String {
        if streams[key] == nil {
            streams[key] = StreamingReidentifier(map: map, escaping: escaping)
            order.append(key)
        }
        return streams[key]?.feed(fragment) ?? fragment
    }

    /// Ends `key`'s stream; its restored held-back tail ("" when nothing was held or it never started).
    public mutating func finish(_ key: Key) -> String {
        guard var stream = streams.removeValue(forKey: key) else { return "" }
        order.removeAll { $0 == key }
        return stream.finish()
    }

    /// Ends every stream matching `predicate`; the non-empty tails in first-seen order.
    public mutating func finish(where predicate: (Key) -> Bool) -> [(key: Key, tail: String)] {
        order.filter(predicate).compactMap { key in
            let tail = finish(key)
            return tail.isEmpty ? nil : (key: key, tail: tail)
        }
    }
}
