// Placeholder restoration at scale (issue #15, item 7): an answer made of N copies of
// `[EMAIL_1]`, restored whole (`Reidentifier`), streamed as one fragment and as 64-byte
// fragments (`StreamingReidentifier`), and as one chat-completion SSE event (JSON parse,
// `ChatStreamReidentifier`, serialize — what the proxy does per event).
// Run: swift run -c release anonymizer-bench --restore [--max 1000000]
import Anonymizer
import Foundation
import TimeUnits

enum RestoreBench {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return start.duration(to: .now).seconds
    }

    static func run(upTo limit: Int) throws {
        var map = PlaceholderMap()
        let value = "alice.secret@example.com"
        let token = map.placeholder(for: value, label: .email).token
        var counts = [10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000].filter { $0 <= limit }
        if counts.isEmpty { counts = [limit] }
        print("restoring N copies of \(token) separated by spaces (times in seconds; ns per placeholder of the whole restore)")
        let columns = [("N", 9), ("bytes", 10), ("whole", 8), ("stream1", 8), ("stream64", 8), ("sse", 8), ("ns/ph", 8)]
        print(columns.map { String(repeating: " ", count: max(0, $0.1 - $0.0.count)) + $0.0 }.joined(separator: " "))
        for n in counts {
            let text = String(repeating: token + " ", count: n)
            let expectedBytes = (value.utf8.count + 1) * n
            var restored = ""
            let whole = seconds { restored = Reidentifier(map: map).reidentify(text) }
            guard restored.utf8.count == expectedBytes else { throw BenchError.wrongOutput("whole") }

            var stream = StreamingReidentifier(map: map)
            var streamed = 0
            let one = seconds {
                streamed = stream.feed(text).utf8.count
                streamed += stream.finish().utf8.count
            }
            guard streamed == expectedBytes else { throw BenchError.wrongOutput("stream1") }

            let bytes = Array(text.utf8)
            var fragments: [String] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 64)
                fragments.append(String(decoding: bytes[start..<end], as: UTF8.self))
                start = end
            }
            var pieces = StreamingReidentifier(map: map)
            streamed = 0
            let many = seconds {
                for fragment in fragments { streamed += pieces.feed(fragment).utf8.count }
                streamed += pieces.finish().utf8.count
            }
            guard streamed == expectedBytes else { throw BenchError.wrongOutput("stream64") }

            let event = JSONValue.object([(key: "object", value: .string("chat.completion.chunk")), (key: "choices", value: .array([
                .object([(key: "index", value: .int(0)), (key: "delta", value: .object([(key: "content", value: .string(text))]))]),
            ]))]).serializedBytes()
            var chunks = ChatStreamReidentifier(map: map)
            var out: [UInt8] = []
            let sse = try seconds {
                out = chunks.reidentify(chunk: try JSONParser.parse(event)).serializedBytes()
            }
            guard out.count > expectedBytes else { throw BenchError.wrongOutput("sse") }

            print(String(format: "%9d %10d %8.3f %8.3f %8.3f %8.3f %8.0f", n, text.utf8.count, whole, one, many, sse,
                         whole / Double(n) * 1e9))
        }
    }

    enum BenchError: Error { case wrongOutput(String) }
}
