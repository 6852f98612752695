import Anonymizer
import Synchronization

/// Remembers a slow detector's findings per text, so a chat client that resends the whole
/// history every turn costs the model only its new message.
///
/// The cache holds offsets and labels only — never text: entries are keyed by a 128-bit digest
/// of (text, labels, sensitivity) made of two independently salted SipHash values (process-random seeds),
/// plus the text's length. Bounded: two generations of at most `capacity / 2` entries each;
/// a hit moves an entry to the current generation, and when the current one is full the older
/// one is dropped (an LRU approximation without per-hit bookkeeping).
public struct CachingDetector: Detector {
    public var name: String { base.name }
    public var supportedLabels: Set<EntityLabel> { base.supportedLabels }
    let base: any Detector
    let store: Store

    public init(_ base: any Detector, capacity: Int = 4096) {
        self.base = base
        self.store = Store(capacity: max(2, capacity))
    }

    public func detect(in input: DetectionInput) async throws -> [Span] {
        let key = Key(input)
        if let spans = store.lookup(key) { return spans }
        let spans = try await base.detect(in: input)
        store.insert(key, spans)
        return spans
    }

    /// Hits and misses so far (for benchmarks and metrics).
    public var statistics: (hits: Int, misses: Int) { store.statistics }

    struct Key: Hashable {
        var digest0: Int
        var digest1: Int
        var scalarCount: Int

        init(_ input: DetectionInput) {
            var h0 = Hasher()
            var h1 = Hasher()
            h0.combine(0x5645_494C)  // different salts → independent digests
            h1.combine(0x4341_4348)
            h0.combine(input.text)
            h1.combine(input.text)
            let labels = input.labels.map { $0.map(\.rawValue).sorted() }
            h0.combine(labels)
            h1.combine(labels)
            // The model's thresholds depend on the sensitivity: a span cached at one operating point
            // must not be served at another.
            h0.combine(input.sensitivity.rawValue)
            h1.combine(input.sensitivity.rawValue)
            digest0 = h0.finalize()
            digest1 = h1.finalize()
            scalarCount = input.scalars.count
        }
    }

    final class Store: Sendable {
        struct State {
            var current: [Key: [Span]] = [:]
            var previous: [Key: [Span]] = [:]
            var hits = 0
            var misses = 0
        }

        let generationSize: Int
        let state = Mutex(State())

        init(capacity: Int) {
            generationSize = capacity / 2
        }

        func lookup(_ key: Key) -> [Span]? {
            state.withLock { s in
                if let spans = s.current[key] {
                    s.hits += 1
                    return spans
                }
                if let spans = s.previous.removeValue(forKey: key) {
                    s.hits += 1
                    Self.put(key, spans, into: &s, generationSize: generationSize)
                    return spans
                }
                s.misses += 1
                return nil
            }
        }

        func insert(_ key: Key, _ spans: [Span]) {
            state.withLock { Self.put(key, spans, into: &$0, generationSize: generationSize) }
        }

        var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

        private static func put(_ key: Key, _ spans: [Span], into s: inout State, generationSize: Int) {
            if s.current.count >= generationSize {
                s.previous = s.current
                s.current = [:]
            }
            s.current[key] = spans
        }
    }
}
