import Foundation

/// The proxy benchmark's request body (`Benchmarks/proxy/chat-body.json`, what `chat.lua` sends with wrk),
/// read from the checkout so that in-process and over-the-wire figures measure the same bytes.
public enum ProxyChatBody {
    public static func bytes() throws -> [UInt8] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("proxy/chat-body.json")
        return Array(try Data(contentsOf: file))
    }
}
