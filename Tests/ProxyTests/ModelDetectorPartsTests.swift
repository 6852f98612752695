import Testing
@testable import Proxy

@Suite struct TokenWindowsTests {
    @Test func shortInputIsOneWindow() {
        #expect(TokenWindows(count: 10, size: 16, overlap: 4).ranges == [0..<10])
    }

    @Test func longInputOverlapsAndCoversEverything() {
        let w = TokenWindows(count: 40, size: 16, overlap: 4)
        #expect(w.ranges == [0..<16, 12..<28, 24..<40])
        for t in 0..<40 { #expect(w.ranges[w.owner(of: t)].contains(t)) }
    }

    @Test func ownerPrefersTheWindowWithMoreContext() {
        let w = TokenWindows(count: 40, size: 16, overlap: 4)
        #expect(w.owner(of: 13) == 0)  // 2 tokens from window 0's end vs 1 from window 1's start
        #expect(w.owner(of: 14) == 1)
    }
}

@Suite struct BIOSpanDecoderTests {
    let tags = ["O", "B-NAME", "I-NAME", "B-EMAIL", "I-EMAIL"]

    func decode(_ text: String, _ tokens: [(Range<Int>, Int)]) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return BIOSpanDecoder.spans(tokens.map { .init(range: $0.0, tag: $0.1) }, tagNames: tags, scalars: scalars).map {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[$0.range])
            return "\($0.label):\(String(s))"
        }
    }

    @Test func joinsInsideTagsAndTrimsMetaspaceWhitespace() {
        // "Hi Alice Johnson, bye" tokens with their leading spaces, as Metaspace offsets give them.
        let out = decode("Hi Alice Johnson, bye", [(0..<2, 0), (2..<8, 1), (8..<16, 2), (16..<17, 0), (17..<21, 0)])
        #expect(out == ["NAME:Alice Johnson"])
    }

    @Test func insideAfterOutsideOpensASpan() {
        #expect(decode("a Bob c", [(0..<1, 0), (1..<5, 2), (5..<7, 0)]) == ["NAME:Bob"])
    }

    @Test func labelChangeClosesTheSpan() {
        #expect(decode("Bob bob@x.io", [(0..<3, 1), (3..<12, 4)]) == ["NAME:Bob", "EMAIL:bob@x.io"])
    }

    @Test func subwordPiecesOfOneWordMerge() {
        // "Johnson" split into "John" + "son": B then B of the same label, touching → one span.
        #expect(decode("Johnson", [(0..<4, 1), (4..<7, 1)]) == ["NAME:Johnson"])
    }
}
