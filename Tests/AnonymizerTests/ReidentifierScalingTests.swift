import Testing
@testable import Anonymizer

/// Issue #15, item 7: restoring N placeholders took quadratic time (50k / 100k / 200k copies of
/// `[EMAIL_1]`: 0.32 / 1.45 / 7.44 s; 900k: 146 s, whole or in one SSE event). The output was
/// built in a `String.UnicodeScalarView`, whose `append(contentsOf:)` re-copies the string it
/// grows. These tests restore a million placeholders whole (900k took 146 s in a release build
/// before the fix; ~3 s in a debug build now) and a quarter million streamed and in one SSE
/// chunk, and check structurally that the output is built in one buffer that grows by doubling
/// (no timing assertions; `anonymizer-bench --restore` has the times).
@Suite struct ReidentifierScalingTests {
    static let value = "alice.secret@example.com"
    static let count = 1_000_000
    /// The streamed and SSE paths share the restore core; a quarter million keeps the suite's
    /// debug-build time to seconds.
    static let streamedCount = 250_000

    func map() -> (PlaceholderMap, String) {
        var map = PlaceholderMap()
        let token = map.placeholder(for: Self.value, label: .email).token
        return (map, token)
    }

    /// `[EMAIL_1] ` a million times, restored whole: every copy, byte for byte.
    @Test func aMillionPlaceholdersRestoreWhole() {
        let (map, token) = map()
        let text = String(repeating: token + " ", count: Self.count)
        let out = Reidentifier(map: map).reidentify(text)
        #expect(out.utf8.count == (Self.value.utf8.count + 1) * Self.count)
        #expect(out.hasPrefix(Self.value + " " + Self.value + " "))
        #expect(out.hasSuffix(" " + Self.value + " "))
        #expect(!out.contains("[EMAIL"))
    }

    /// The same kind of text fed as one fragment (one SSE event) and in 4 KB fragments.
    @Test func placeholdersRestoreStreamedInOneFragmentOrMany() {
        let (map, token) = map()
        let text = String(repeating: token + " ", count: Self.streamedCount)
        let expected = (Self.value.utf8.count + 1) * Self.streamedCount

        var one = StreamingReidentifier(map: map)
        let whole = one.feed(text) + one.finish()
        #expect(whole.utf8.count == expected)

        var pieces = StreamingReidentifier(map: map)
        var total = 0
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 4096)
            total += pieces.feed(String(decoding: bytes[start..<end], as: UTF8.self)).utf8.count
            #expect(pieces.heldBackCount <= StreamingReidentifier.maxHeldBack)
            start = end
        }
        total += pieces.finish().utf8.count
        #expect(total == expected)
    }

    /// One chat-completion chunk whose content and tool-call arguments (JSON-escaped values)
    /// each hold a quarter million placeholders: the SSE path restores it in one call.
    @Test func placeholdersInOneSSEChunk() {
        var map = PlaceholderMap()
        let token = map.placeholder(for: #"a"b@example.com"#, label: .email).token
        let text = String(repeating: token + ",", count: Self.streamedCount)
        let chunk = JSONValue.object([(key: "choices", value: .array([.object([
            (key: "index", value: .int(0)),
            (key: "delta", value: .object([
                (key: "content", value: .string(text)),
                (key: "tool_calls", value: .array([.object([
                    (key: "index", value: .int(0)),
                    (key: "function", value: .object([(key: "arguments", value: .string(text))])),
                ])])),
            ])),
        ])]))])
        var reidentifier = ChatStreamReidentifier(map: map)
        let out = reidentifier.reidentify(chunk: chunk)
        let delta = out["choices"]?.arrayValue?.first?["delta"]
        let content = delta?["content"]?.stringValue ?? ""
        let arguments = delta?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?.stringValue ?? ""
        #expect(content.utf8.count + reidentifier.flush().map(\.text.utf8.count).reduce(0, +) > 0)
        #expect(content.hasPrefix(#"a"b@example.com,a"b@example.com,"#))
        #expect(arguments.hasPrefix(#"a\"b@example.com,a\"b@example.com,"#))
        // Whatever is held back at the end is at most one placeholder's worth.
        #expect(content.utf8.count >= (#"a"b@example.com,"#.utf8.count) * (Self.streamedCount - 1))
        #expect(arguments.utf8.count >= (#"a\"b@example.com,"#.utf8.count) * (Self.streamedCount - 1))
    }

    /// Structural: the restore writes into one byte buffer that is reallocated O(log n) times
    /// (each time doubling), not once per placeholder — so no placeholder re-copies what came
    /// before it. A quadratic builder would need a reallocation (a full copy) per append.
    @Test func outputStorageGrowsLogarithmicallyNotPerPlaceholder() {
        let (map, token) = map()
        let text = String(repeating: token + " ", count: Self.streamedCount)
        let scalars = Array(text.unicodeScalars)
        var out = RestoredText()  // no reservation: every growth is counted
        let cut = Reidentifier(map: map).restore(scalars, before: nil, isFinal: true, into: &out)
        #expect(cut == scalars.count)
        #expect(out.bytes.count == (Self.value.utf8.count + 1) * Self.streamedCount)
        // 6 MB from empty by doubling is ~25 growths; one per append would be half a million.
        #expect(out.storageGrowths <= 64, "\(out.storageGrowths) reallocations for \(Self.streamedCount) placeholders")
    }
}
