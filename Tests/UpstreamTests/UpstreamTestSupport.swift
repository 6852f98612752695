import Foundation
import TestSupport
@testable import Upstream

/// The mock's `/_connections` counters.
struct MockConnections: Decodable, Equatable {
    let accepted: Int
    let open: Int
    let closed: Int
    let aborted: Int
}

/// The mock's `/echo` answer: what it received.
struct Echo: Decodable {
    let method: String
    let path: String
    let query: String
    let headers: [[String]]
    let body: String
    let body_len: Int

    func values(_ name: String) -> [String] {
        headers.filter { $0.first?.lowercased() == name.lowercased() }.compactMap { $0.last }
    }
}

extension UpstreamConfiguration {
    /// Short timeouts so a broken test fails in seconds, not minutes.
    static func testing(_ baseURL: String) -> UpstreamConfiguration {
        UpstreamConfiguration(baseURL: baseURL, connectTimeout: .seconds(5), firstByteTimeout: .seconds(10),
                              idleTimeout: .seconds(10), totalTimeout: .seconds(30))
    }
}

func makeClient(_ mock: MockUpstream, _ tweak: (inout UpstreamConfiguration) -> Void = { _ in }) throws
    -> UpstreamClient
{
    var configuration = UpstreamConfiguration.testing(mock.baseURL)
    tweak(&configuration)
    return try UpstreamClient(configuration: configuration)
}

extension UpstreamClient {
    func get(_ path: String) async throws(UpstreamError) -> UpstreamResponse {
        try await execute(UpstreamRequest(method: "GET", path: path))
    }

    func getJSON<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        let body = try await get(path).body.collect(upTo: 1 << 20)
        return try JSONDecoder().decode(T.self, from: Data(body))
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// byte[i] = i % 251, the mock's `/big` pattern.
func isBigPattern(_ bytes: [UInt8]) -> Bool {
    bytes.enumerated().allSatisfy { Int($0.element) == $0.offset % 251 }
}
