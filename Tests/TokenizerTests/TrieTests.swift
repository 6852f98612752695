import Testing
@testable import Tokenizer

@Suite struct TrieTests {
    let trie = Trie(pieces: ["a", "ab", "abc", "b", "日本", "日"])

    func prefixes(_ text: String, from start: Int = 0) -> [[Int]] {
        var found: [[Int]] = []
        trie.forEachPrefix(of: Array(text.unicodeScalars), from: start) { found.append([$0, $1]) }
        return found
    }

    @Test func findsEveryPrefixShortestFirst() {
        #expect(prefixes("abcd") == [[0, 1], [1, 2], [2, 3]])
    }

    @Test func startsAtTheGivenOffset() {
        #expect(prefixes("xab", from: 1) == [[0, 1], [1, 2]])
        #expect(prefixes("xab", from: 2) == [[3, 1]])
    }

    @Test func matchesNonASCIIScalars() {
        #expect(prefixes("日本語") == [[5, 1], [4, 2]])
    }

    @Test func noMatchYieldsNothing() {
        #expect(prefixes("zzz").isEmpty)
        #expect(prefixes("").isEmpty)
    }

    @Test func duplicatePieceResolvesToLastId() {
        let duplicated = Trie(pieces: ["x", "x"])
        var ids: [Int] = []
        duplicated.forEachPrefix(of: ["x"], from: 0) { id, _ in ids.append(id) }
        #expect(ids == [1])
    }
}
