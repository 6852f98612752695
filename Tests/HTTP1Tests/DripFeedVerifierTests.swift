import HTTP1
import TestSupport
import Testing

/// The verifier must itself catch incremental bugs, or a green table proves nothing.
@Suite struct DripFeedVerifierTests {
    /// Splits input at LF; the broken variant forgets a partial line whenever new bytes arrive.
    struct LineDecoder {
        struct Bang: Error {}
        var forgetsPartialLines: Bool
        var pending: [UInt8] = []

        mutating func feed(_ bytes: ArraySlice<UInt8>) {
            if forgetsPartialLines { pending.removeAll() }
            pending += bytes
        }

        mutating func next() throws -> String? {
            guard let lf = pending.firstIndex(of: 0x0A) else { return nil }
            let line = String(decoding: pending[..<lf], as: UTF8.self)
            pending.removeSubrange(...lf)
            if line == "!" { throw Bang() }
            return line
        }
    }

    static func verifier(broken: Bool) -> DripFeedVerifier<LineDecoder, String, String> {
        DripFeedVerifier(
            makeDecoder: { LineDecoder(forgetsPartialLines: broken) },
            feed: { $0.feed($1) },
            next: { try $0.next() },
            classify: { "\(type(of: $0))" }
        )
    }

    static let cases = [
        DripFeedCase<String, String>("two lines", input: Array("ab\ncd\n".utf8), parts: ["ab", "cd"]),
        DripFeedCase<String, String>("fails", input: Array("ok\n!\nlost\n".utf8), parts: ["ok"], failure: "Bang"),
    ]

    @Test func correctDecoderPassesEveryMode() {
        for c in Self.cases { #expect(Self.verifier(broken: false).verify(c).isEmpty) }
        #expect(Self.verifier(broken: false).verifyPipelined(Self.cases).isEmpty)
    }

    @Test func brokenDecoderIsCaughtByteByByte() {
        let mismatches = Self.verifier(broken: true).verify(Self.cases[0])
        #expect(mismatches.contains { $0.contains("[byte-by-byte]") })
        #expect(!mismatches.contains { $0.contains("[whole]") }, "whole-buffer replay cannot see the bug")
    }

    @Test func wrongExpectationIsReported() {
        var wrong = Self.cases[1]
        wrong.failure = "Other"
        #expect(Self.verifier(broken: false).verify(wrong).count == 3)
    }

    @Test func mergeNormalisesBodySplits() {
        #expect(mergeBodies([.body([1]), .body([2, 3]), .end, .body([4])]) == [.body([1, 2, 3]), .end, .body([4])])
    }
}
