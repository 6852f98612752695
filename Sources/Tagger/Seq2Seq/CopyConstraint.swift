import T5
import Tokenizer

/// The tag a seq2seq anonymizer writes in place of a value: `[LABEL_N]`.
public struct Seq2SeqTag: Hashable, Sendable, CustomStringConvertible {
    public var label: String
    public var index: Int

    public init(label: String, index: Int) {
        self.label = label
        self.index = index
    }

    public var description: String { "[\(label)_\(index)]" }
}

/// Token spellings of tags, cached: `[NAME_1]` after a space is `encode("[NAME_1]")` (`▁[`, `NAME`, `_`,
/// `1`, `]` with Veil's tokenizer), glued to the preceding text it is the bare Unigram segmentation
/// (`[`, `NAME`, …; `Tokenizer.segment`). Both spellings are allowed wherever a tag may start.
struct TagSpeller: Sendable {
    let tokenizer: Tokenizer
    private var cache: [Seq2SeqTag: [[Int]]] = [:]

    init(tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
    }

    /// The distinct spellings of `tag`: spaced first, then unspaced.
    mutating func spellings(_ tag: Seq2SeqTag) -> [[Int]] {
        if let known = cache[tag] { return known }
        let text = tag.description
        let spaced = tokenizer.encode(text, addSpecialTokens: false)
        let glued = tokenizer.segment(text)
        let result = spaced == glued || glued.isEmpty ? [spaced] : [spaced, glued]
        cache[tag] = result
        return result
    }
}

/// The source side of one window: the ids the output may copy, and where a tag may start or end.
public struct CopySource: Sendable, Equatable {
    /// Token ids of the window's text, in order.
    public let ids: [Int]
    /// `boundary[j]` (j in 0...n): a tag may start or end before token j — never inside a run of tokens
    /// that share characters (byte-fallback pieces of one character, a `▁` glued to what follows).
    public let boundary: [Bool]
    /// `wordStart[j]`: token j starts a word (its piece starts with `▁`); used to split a run of
    /// adjacent tags.
    public let wordStart: [Bool]
    /// Boundaries before each position: `boundariesBefore[k]` = number of j < k with `boundary[j]`.
    let boundariesBefore: [Int]

    public init(ids: [Int], offsets: [Range<Int>], pieces: [String]) {
        let n = ids.count
        self.ids = ids
        var boundary = [Bool](repeating: true, count: n + 1)
        for j in stride(from: 1, to: n, by: 1) {
            boundary[j] = offsets[j - 1].upperBound <= offsets[j].lowerBound
        }
        self.boundary = boundary
        wordStart = (0..<n).map { boundary[$0] && pieces[$0].hasPrefix("▁") }
        var before = [0]
        for j in 0...n { before.append(before[j] + (boundary[j] ? 1 : 0)) }
        boundariesBefore = before
    }

    var count: Int { ids.count }

    /// Boundaries strictly between `start` and `end`.
    func innerBoundaries(_ start: Int, _ end: Int) -> Int {
        end <= start + 1 ? 0 : boundariesBefore[end] - boundariesBefore[start + 1]
    }
}

/// Copy-constrained decoding for a seq2seq anonymizer: the output can only be the source with some runs
/// of tokens replaced by tags, so it always aligns back to exact source spans and can never invent text.
///
/// A nondeterministic state machine over the source ids, simulated as an ordered set of paths:
/// - **copy(pos)**: the next token is `source[pos]`, or the first token of a tag (at a boundary), or
///   EOS once the whole source is copied;
/// - **tag(start, prefix)**: inside a tag's token spelling; only tokens that continue a spelling of
///   `[LABEL_N]` for a requested label with `N` at most one above the highest index that label used so
///   far (a new value takes the next number, a repeat names an earlier one);
/// - **after(start)**: one or more tags are written and replace the tokens from `start`; the next token
///   is a source token `source[j]` (copying resumes at j: the tags replace `start..<j`), the start of
///   another tag, or EOS (they replace the rest). Where a run holds several tags, the range is cut at
///   its last word starts (`resolve`).
///
/// `allowedTokens()` is exactly the union of what the live paths accept, so the path set never empties:
/// every output greedy decoding can produce ends in EOS with at least one complete path. Paths that
/// reach the same state keep the first one in order (shorter replacements first). `Training/seq2seq.py`
/// implements the same machine for the goldens.
public struct CopyConstraint: T5DecodingConstraint, Sendable {
    /// A run of source tokens the output replaced by a tag.
    public struct Replacement: Equatable, Sendable {
        public var tokens: Range<Int>
        public var tag: Seq2SeqTag
    }

    enum Phase: Hashable, Sendable {
        case copy(Int)
        case tag(start: Int, prefix: [Int])
        case after(start: Int)
        case done
    }

    struct Path: Sendable {
        var phase: Phase
        var pending: [Seq2SeqTag] = []
        var replacements: [Replacement] = []
        var highest: [String: Int] = [:]
    }

    struct Key: Hashable {
        var phase: Phase
        var pending: Int
    }

    public let source: CopySource
    /// Labels a tag may name, in prompt order.
    public let labels: [String]
    public let eos: Int
    var speller: TagSpeller
    private(set) var paths: [Path]
    /// Candidates and their first tokens per "highest index per label" state (most paths share one).
    private var candidateCache: [[String: Int]: [(Seq2SeqTag, [Int])]] = [:]
    private var firstTokenCache: [[String: Int]: Set<Int>] = [:]

    init(source: CopySource, labels: [String], eos: Int, speller: TagSpeller) {
        self.source = source
        self.labels = labels
        self.eos = eos
        self.speller = speller
        paths = [Path(phase: .copy(0))]
    }

    public init(source: CopySource, labels: [String], tokenizer: Tokenizer) {
        self.init(source: source, labels: labels, eos: tokenizer.eosId ?? 1, speller: TagSpeller(tokenizer: tokenizer))
    }

    /// The replacements of the first complete path (EOS taken), or nil when decoding stopped before one.
    public var result: [Replacement]? {
        paths.first { $0.phase == .done }?.replacements
    }

    /// Tags a path may write next, with their spellings.
    mutating func candidates(_ path: Path) -> [(Seq2SeqTag, [Int])] {
        if let known = candidateCache[path.highest] { return known }
        var out: [(Seq2SeqTag, [Int])] = []
        for label in labels {
            for index in 1...((path.highest[label] ?? 0) + 1) {
                let tag = Seq2SeqTag(label: label, index: index)
                for spelling in speller.spellings(tag) where !spelling.isEmpty { out.append((tag, spelling)) }
            }
        }
        candidateCache[path.highest] = out
        return out
    }

    /// The first tokens of `candidates(path)`.
    mutating func firstTokens(_ path: Path) -> Set<Int> {
        if let known = firstTokenCache[path.highest] { return known }
        let firsts = Set(candidates(path).map { $0.1[0] })
        firstTokenCache[path.highest] = firsts
        return firsts
    }

    /// Whether `tags` tags can replace `start..<end`: one token each at least, cut at boundaries.
    func feasible(_ start: Int, _ end: Int, _ tags: Int) -> Bool {
        end - start >= tags && (tags <= 1 || source.innerBoundaries(start, end) >= tags - 1)
    }

    /// `start..<end` cut among `tags` in order: at the last word starts inside the range when there are
    /// enough, else at the last boundaries.
    func resolve(_ start: Int, _ end: Int, _ tags: [Seq2SeqTag]) -> [Replacement] {
        guard tags.count > 1 else { return tags.map { Replacement(tokens: start..<end, tag: $0) } }
        let inner = ((start + 1)..<end).filter { source.boundary[$0] }
        let words = inner.filter { source.wordStart[$0] }
        let cuts = Array((words.count >= tags.count - 1 ? words : inner).suffix(tags.count - 1))
        let edges = [start] + cuts + [end]
        return tags.enumerated().map { Replacement(tokens: edges[$0.offset]..<edges[$0.offset + 1], tag: $0.element) }
    }

    public mutating func allowedTokens() -> [Int] {
        var allowed = Set<Int>()
        let n = source.count
        for path in paths {
            switch path.phase {
            case .copy(let pos):
                if pos < n {
                    allowed.insert(source.ids[pos])
                    if source.boundary[pos] { allowed.formUnion(firstTokens(path)) }
                } else {
                    allowed.insert(eos)
                }
            case .tag(_, let prefix):
                for (_, s) in candidates(path) where s.count > prefix.count && s.starts(with: prefix) {
                    allowed.insert(s[prefix.count])
                }
            case .after(let start):
                let p = path.pending.count
                if start + p < n {
                    for j in (start + p)..<n where source.boundary[j] && feasible(start, j, p) { allowed.insert(source.ids[j]) }
                }
                if feasible(start, n, p + 1) { allowed.formUnion(firstTokens(path)) }
                if feasible(start, n, p) { allowed.insert(eos) }
            case .done:
                break
            }
        }
        return allowed.sorted()
    }

    /// The tokens decoding will take next if the model keeps copying: along the first path, a forced token
    /// (the only one allowed) or, from a copying path, the next source token. A guess for
    /// `generateConstrained` to check in one block; it never changes the result.
    public func guessNext(_ limit: Int) -> [Int] {
        var probe = self
        var out: [Int] = []
        while out.count < limit {
            let next: Int
            if probe.paths.count == 1, case .copy(let pos) = probe.paths[0].phase, pos < source.count {
                next = source.ids[pos]
            } else {
                let allowed = probe.allowedTokens()
                if allowed.count == 1 {
                    next = allowed[0]
                } else if case .copy(let pos)? = probe.paths.first?.phase, pos < source.count {
                    next = source.ids[pos]
                } else {
                    break
                }
            }
            if next == eos { break }
            out.append(next)
            probe.advance(with: next)
        }
        return out
    }

    public mutating func advance(with token: Int) {
        var next: [Path] = []
        var seen = Set<Key>()
        func add(_ path: Path) {
            if seen.insert(Key(phase: path.phase, pending: path.pending.count)).inserted { next.append(path) }
        }
        let n = source.count
        for path in paths {
            switch path.phase {
            case .copy(let pos):
                if pos < n, source.ids[pos] == token {
                    var copied = path
                    copied.phase = .copy(pos + 1)
                    add(copied)
                }
                if pos < n, source.boundary[pos], firstTokens(path).contains(token) {
                    for extended in extend(path, start: pos, prefix: [token]) { add(extended) }
                }
                if pos == n, token == eos {
                    var finished = path
                    finished.phase = .done
                    add(finished)
                }
            case .tag(let start, let prefix):
                for extended in extend(path, start: start, prefix: prefix + [token]) { add(extended) }
            case .after(let start):
                let p = path.pending.count
                if start + p < n {
                    for j in (start + p)..<n where source.boundary[j] && source.ids[j] == token && feasible(start, j, p) {
                        var resumed = path
                        resumed.replacements += resolve(start, j, path.pending)
                        resumed.pending = []
                        resumed.phase = .copy(j + 1)
                        add(resumed)
                    }
                }
                if feasible(start, n, p + 1), firstTokens(path).contains(token) {
                    for extended in extend(path, start: start, prefix: [token]) { add(extended) }
                }
                if token == eos, feasible(start, n, p) {
                    var finished = path
                    finished.replacements += resolve(start, n, path.pending)
                    finished.pending = []
                    finished.phase = .done
                    add(finished)
                }
            case .done:
                break
            }
        }
        paths = next
    }

    /// The paths `path` continues into once a tag spelling starting at `start` reads `prefix`: the tag
    /// complete (`after`), and/or still being spelled (`tag`).
    private mutating func extend(_ path: Path, start: Int, prefix: [Int]) -> [Path] {
        var out: [Path] = []
        var complete: Seq2SeqTag?
        var longer = false
        for (tag, spelling) in candidates(path) where spelling.starts(with: prefix) {
            if spelling.count == prefix.count {
                if complete == nil { complete = tag }
            } else {
                longer = true
            }
        }
        if let tag = complete {
            var done = path
            done.pending.append(tag)
            done.highest[tag.label] = max(done.highest[tag.label] ?? 0, tag.index)
            done.phase = .after(start: start)
            out.append(done)
        }
        if longer {
            var spelling = path
            spelling.phase = .tag(start: start, prefix: prefix)
            out.append(spelling)
        }
        return out
    }
}
