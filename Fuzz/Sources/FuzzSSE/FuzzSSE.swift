// Differential: the SSE parser gives the same events whole and one byte at a time; rewriting
// the events of any stream never crashes.
import Anonymizer
import Proxy
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var whole = SSEParser(maxEventBytes: 1 << 16)
    var drip = SSEParser(maxEventBytes: 1 << 16)
    guard var a = try? whole.feed(bytes) else { return 0 }
    var b: [ServerSentEvent] = []
    for byte in bytes {
        guard let events = try? drip.feed([byte]) else { return 0 }
        b += events
    }
    a += whole.finish().map { [$0] } ?? []
    b += drip.finish().map { [$0] } ?? []
    precondition(a == b, "SSE events differ when fed byte by byte")
    var map = PlaceholderMap()
    _ = map.placeholder(for: "bob@example.com", label: .email)
    for endpoint in OpenAIEndpoint.allCases {
        var rewriter = OpenAIEventRewriter(endpoint: endpoint, map: map)
        for event in a { _ = rewriter.rewrite(event) }
        _ = rewriter.finish()
    }
    return 0
}

@_cdecl("FuzzSSE_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzz($0, $1) }
}
