import Anonymizer
import Foundation
import HTTPServer
import Logging
import T5
import Testing
import TestSupport
import Tokenizer
import Upstream
@testable import Proxy
@testable import Tagger

/// Copy-constrained decoding: whatever the logits, the output is the source with runs of tokens replaced
/// by tags, and it aligns back to exact character spans.
@Suite struct CopyConstraintTests {
    static let tokenizer: Tokenizer? = try? Tokenizer.load(from: Seq2SeqFixture.folder.appendingPathComponent("tokenizer.json"))

    static func source(_ text: String, _ tokenizer: Tokenizer) -> (CopySource, Encoding) {
        let e = tokenizer.encodeWithOffsets(text, addSpecialTokens: false)
        return (CopySource(ids: e.ids, offsets: e.offsets, pieces: e.tokens), e)
    }

    /// Checks that `output` is exactly `source` with each replacement's tokens spelled as its tag, then EOS.
    static func isCopyWithTags(_ output: [Int], _ source: CopySource, _ replacements: [CopyConstraint.Replacement],
                               _ tokenizer: Tokenizer) -> Bool {
        var speller = TagSpeller(tokenizer: tokenizer)
        var k = 0, pos = 0
        for r in replacements {
            guard r.tokens.lowerBound >= pos else { return false }
            while pos < r.tokens.lowerBound {
                guard k < output.count, output[k] == source.ids[pos] else { return false }
                k += 1; pos += 1
            }
            guard let spelling = speller.spellings(r.tag).first(where: { output[k...].starts(with: $0) }) else { return false }
            k += spelling.count
            pos = r.tokens.upperBound
        }
        while pos < source.count {
            guard k < output.count, output[k] == source.ids[pos] else { return false }
            k += 1; pos += 1
        }
        return k == output.count - 1 && output[k] == (tokenizer.eosId ?? 1)
    }

    /// Greedy decoding over random logits — half of the runs biased towards tokens that are not in the
    /// source at all (what an unconstrained model would "invent") — always ends in a complete path whose
    /// output is the source with tags.
    @Test func randomLogitsCannotInventText() throws {
        let tokenizer = try #require(Self.tokenizer)
        var rng = SplitMix64(seed: 17)
        let words = ["Anna", "Zoë", "[1]", "mail", "a@b.io", "12,50", "€", "日本", "—", "Dr.", "\n", "(x)", "[NAME_1]", "ok!", "🙂", "e\u{301}"]
        let labels = ["NAME", "EMAIL", "PHONE", "ID_NUMBER"]
        let vocab = 6736
        for run in 0..<300 {
            let text = (0..<(1 + Int(rng.next() % 14))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
                .joined(separator: rng.next() % 3 == 0 ? "" : " ")
            let (source, _) = Self.source(text, tokenizer)
            let wanted = Array(labels.prefix(1 + Int(rng.next() % 4)))
            var constraint = CopyConstraint(source: source, labels: wanted, tokenizer: tokenizer)
            let inSource = Set(source.ids)
            var output: [Int] = []
            for _ in 0..<(source.count * 24 + 2) {
                let allowed = constraint.allowedTokens()
                guard !allowed.isEmpty else { break }
                // Logits over the whole vocabulary; argmax restricted to `allowed` (what generate does).
                var logits = (0..<vocab).map { _ in Float(rng.next() % 10_000) / 100 }
                if run % 2 == 0 { for id in 0..<vocab where !inSource.contains(id) { logits[id] += 1_000 } }
                let best = allowed.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) } ?? allowed[0]
                output.append(best)
                constraint.advance(with: best)
                if best == (tokenizer.eosId ?? 1) { break }
            }
            let replacements = try #require(constraint.result, "run \(run): no complete path for \(text.debugDescription)")
            #expect(Self.isCopyWithTags(output, source, replacements, tokenizer), "run \(run): \(text.debugDescription)")
            #expect(replacements.allSatisfy { wanted.contains($0.tag.label) })
        }
    }

    /// Builds the output a model would write for `values` (token-aligned ranges) and runs it through the
    /// constraint: the constraint accepts it and alignment gives the values back.
    func roundTrip(_ text: String, _ values: [(String, String, Int)], labels: [String]) throws -> Seq2SeqAlignment {
        let tokenizer = try #require(Self.tokenizer)
        let (source, encoding) = Self.source(text, tokenizer)
        let scalars = Array(text.unicodeScalars)
        var speller = TagSpeller(tokenizer: tokenizer)
        var output: [Int] = []
        var pos = 0
        var searchFrom = text.startIndex
        for (value, label, index) in values {
            let range = try #require(text.range(of: value, range: searchFrom..<text.endIndex))
            searchFrom = range.upperBound
            let lo = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
            let hi = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.upperBound)
            let first = try #require(encoding.offsets.firstIndex { $0.upperBound > lo && !(scalars[($0.lowerBound)..<$0.upperBound].allSatisfy(\.properties.isWhitespace)) })
            let last = try #require(encoding.offsets.lastIndex { $0.lowerBound < hi })
            output += source.ids[pos..<first]
            let spellings = speller.spellings(Seq2SeqTag(label: label, index: index))
            output += source.wordStart[first] || spellings.count == 1 ? spellings[0] : spellings[1]
            pos = last + 1
        }
        output += source.ids[pos...]
        output.append(tokenizer.eosId ?? 1)
        var constraint = CopyConstraint(source: source, labels: labels, tokenizer: tokenizer)
        for token in output {
            #expect(constraint.allowedTokens().contains(token))
            constraint.advance(with: token)
        }
        let replacements = try #require(constraint.result)
        return try Seq2SeqAlignment(replacements: replacements, offsets: encoding.offsets, scalars: scalars)
    }

    func texts(_ a: Seq2SeqAlignment, _ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return a.spans.map { String(String.UnicodeScalarView(scalars[$0.range])) }
    }

    @Test func roundTripGivesTheExactValues() throws {
        let text = "Mail john@x.com or call Anna Kowalska (email:anna@firma.pl) today."
        let a = try roundTrip(text, [("john@x.com", "EMAIL", 1), ("Anna Kowalska", "NAME", 1), ("anna@firma.pl", "EMAIL", 2)],
                              labels: ["NAME", "EMAIL"])
        #expect(texts(a, text) == ["john@x.com", "Anna Kowalska", "anna@firma.pl"])
        #expect(a.spans.map(\.tag.label) == ["EMAIL", "NAME", "EMAIL"])
        #expect(a.inconsistentRepeats == 0)
    }

    @Test func repeatedValuesAreCheckedForConsistency() throws {
        let text = "Anna met Bob. Later anna called ANNA and Bob."
        let same = try roundTrip(text, [("Anna", "NAME", 1), ("Bob", "NAME", 2), ("anna", "NAME", 1), ("ANNA", "NAME", 1), ("Bob", "NAME", 2)],
                                 labels: ["NAME"])
        #expect(texts(same, text) == ["Anna", "Bob", "anna", "ANNA", "Bob"])
        #expect(same.inconsistentRepeats == 0)
        // [NAME_1] for Bob after [NAME_1] was Anna: still both redacted, counted as inconsistent.
        let wrong = try roundTrip(text, [("Anna", "NAME", 1), ("Bob", "NAME", 1)], labels: ["NAME"])
        #expect(texts(wrong, text) == ["Anna", "Bob"])
        #expect(wrong.inconsistentRepeats == 1)
    }

    @Test func tagsAtTheVeryStartAndEnd() throws {
        let text = "Kowalska wrote to anna@firma.pl"
        let a = try roundTrip(text, [("Kowalska", "NAME", 1), ("anna@firma.pl", "EMAIL", 1)], labels: ["NAME", "EMAIL"])
        #expect(texts(a, text) == ["Kowalska", "anna@firma.pl"])
        let whole = try roundTrip("Kowalska", [("Kowalska", "NAME", 1)], labels: ["NAME"])
        #expect(whole.spans.map(\.range) == [0..<8])
    }

    @Test func unicodeValuesAlignInScalars() throws {
        let text = "Zoë Ångström 🙂 met José\u{301} in 日本 — call Zoë."
        let a = try roundTrip(text, [("Zoë Ångström", "NAME", 1), ("José\u{301}", "NAME", 2), ("日本", "LOCATION", 1), ("Zoë", "NAME", 3)],
                              labels: ["NAME", "LOCATION"])
        #expect(texts(a, text) == ["Zoë Ångström", "José\u{301}", "日本", "Zoë"])
    }

    @Test func adjacentTagsSplitAtTheLastWordStart() throws {
        let tokenizer = try #require(Self.tokenizer)
        let text = "Hi Anna Maria Kowalska!"
        let (source, encoding) = Self.source(text, tokenizer)
        var constraint = CopyConstraint(source: source, labels: ["NAME"], tokenizer: tokenizer)
        var speller = TagSpeller(tokenizer: tokenizer)
        let output = [source.ids[0]] + speller.spellings(Seq2SeqTag(label: "NAME", index: 1))[0]
            + speller.spellings(Seq2SeqTag(label: "NAME", index: 2))[0] + [source.ids[source.count - 1], tokenizer.eosId ?? 1]
        for token in output { constraint.advance(with: token) }
        let a = try Seq2SeqAlignment(replacements: try #require(constraint.result), offsets: encoding.offsets, scalars: Array(text.unicodeScalars))
        #expect(texts(a, text) == ["Anna Maria", "Kowalska"])
    }

    @Test func decodingThatStopsEarlyHasNoResult() throws {
        let tokenizer = try #require(Self.tokenizer)
        let (source, _) = Self.source("Call Anna now", tokenizer)
        var constraint = CopyConstraint(source: source, labels: ["NAME"], tokenizer: tokenizer)
        constraint.advance(with: source.ids[0])
        #expect(constraint.result == nil)
    }

    @Test func windowsCutAtLinesThenSentences() throws {
        let tokenizer = try #require(Self.tokenizer)
        let text = "First line here\nSecond one. Third sentence is here and then more words follow on"
        let e = tokenizer.encodeWithOffsets(text, addSpecialTokens: false)
        let ranges = Seq2SeqWindows.ranges(offsets: e.offsets, pieces: e.tokens, scalars: Array(text.unicodeScalars), room: 8)
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == e.count)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(ranges.allSatisfy { $0.count <= 8 && !$0.isEmpty })
        // The first window ends at the line break.
        let firstEnd = e.offsets[ranges[0].upperBound - 1].upperBound
        #expect(Array(text.unicodeScalars)[firstEnd] == "\n")
    }

    @Test func promptTemplateFromConfig() throws {
        let prompt = try Seq2SeqPrompt(template: "Labels: {labels}\nText: {text} END", labelFormat: "<{label}>", separator: "|")
        let parts = prompt.parts(labels: ["NAME", "EMAIL"])
        #expect(parts.prefix == "Labels: <NAME>|<EMAIL>\nText:")
        #expect(parts.suffix == " END")
        #expect(throws: Seq2SeqAnonymizerError.self) { try Seq2SeqPrompt(template: "no text here") }
        let defaults = try Seq2SeqPrompt().parts(labels: ["NAME", "EMAIL"])
        #expect(defaults.prefix == "Anonymize the following text by replacing PII with tags. Labels: [NAME], [EMAIL]\nText:")
    }

    @Test func modelKindFromConfig() throws {
        func kind(_ json: String) throws -> ModelKind { try ModelKind.of(config: try JSONParser.parse(Array(json.utf8))) }
        #expect(try kind(#"{"architectures":["T5ForConditionalGeneration"]}"#) == .seq2seqAnonymizer)
        #expect(try kind(#"{"architectures":["T5ForTokenClassification"]}"#) == .tagger)
        #expect(try kind(#"{}"#) == .tagger)
        #expect(try kind(#"{"architectures":["T5ForConditionalGeneration"],"veil_kind":"tagger"}"#) == .tagger)
        #expect(try kind(#"{"veil_kind":"seq2seq-anonymizer"}"#) == .seq2seqAnonymizer)
        #expect(throws: Seq2SeqAnonymizerError.self) { try kind(#"{"veil_kind":"llm"}"#) }
    }
}

/// Alignment failure fails closed: the detector throws, and the proxy answers 503 without forwarding.
@Suite struct Seq2SeqFailClosedTests {
    func starved() throws -> Seq2SeqAnonymizer {
        var detector = try Seq2SeqAnonymizer(folder: Seq2SeqFixture.folder)
        detector.stepsPerSourceToken = 0  // two decoding steps: no output of a 3-token text can be complete
        return detector
    }

    @Test func detectorThrowsWhenTheOutputDoesNotAlign() async throws {
        let detector = try starved()
        let text = "Please call Anna Kowalska tomorrow"
        await #expect(throws: Seq2SeqAnonymizerError.self) {
            _ = try await detector.detect(in: DetectionInput(text, labels: [.name]))
        }
    }

    @Test func proxyAnswers503AndForwardsNothing() async throws {
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        let handler = ProxyHandler(configuration: ProxyConfiguration(), upstream: upstream,
                                   anonymizer: Anonymizer(detectors: [try starved()]), logger: Logger(label: "test"))
        let body = #"{"model":"m","messages":[{"role":"user","content":"Please call Anna Kowalska tomorrow"}]}"#
        let request = HTTPRequest(head: HTTPRequestHead(method: .post, target: "/v1/chat/completions", fields: HTTPFields([])),
                                  body: Array(body.utf8), id: "t1")
        let response = await handler.forwardAnonymized(request, endpoint: .chatCompletions)
        // A closed upstream port: had anything been forwarded, the answer would be 502.
        #expect(response.status.code == 503)
        guard case .bytes(let bytes) = response.body else { Issue.record("streamed error"); return }
        #expect(String(decoding: bytes, as: UTF8.self).contains("anonymizer_unavailable"))
    }
}
