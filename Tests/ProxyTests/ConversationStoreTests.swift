import Anonymizer
import HTTPServer
import Logging
import Testing
import Upstream
import Vault
@testable import Proxy

/// Responses API conversation state: the sealed round trip, and every way a continued turn is
/// refused before the upstream is contacted. The upstream is a closed port, so a request that
/// was forwarded would answer 502, not the status expected.
@Suite struct ConversationStoreTests {
    struct DownVault: ConversationVault {
        var kind: String { "redis" }
        func put(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError) { throw .unavailable("refused") }
        func insert(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError) -> Bool { throw .unavailable("refused") }
        func get(_ key: String) async throws(VaultError) -> [UInt8]? { throw .unavailable("refused") }
    }

    /// The identity of requests that present no credential (no client keys configured).
    func shared(_ store: ConversationStore) throws -> VaultIdentity {
        try store.identity(credential: nil)
    }

    func map() -> PlaceholderMap {
        var map = PlaceholderMap()
        _ = map.placeholder(for: "ada@example.com", label: .email)
        _ = map.placeholder(for: "bob@example.com", label: .email)
        map.reserve(label: .phone, index: 4)
        return map
    }

    func handler(_ store: ConversationStore?) throws -> ProxyHandler {
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        return ProxyHandler(configuration: ProxyConfiguration(), upstream: upstream,
                            anonymizer: Anonymizer(detectors: PatternDetectors.all()),
                            conversations: store, logger: Logger(label: "test"))
    }

    func turn(previous: String) -> HTTPRequest {
        let body = #"{"model":"m","previous_response_id":\#(previous),"input":"mail ada@example.com"}"#
        return HTTPRequest(head: HTTPRequestHead(method: .post, target: "/v1/responses", fields: HTTPFields([])),
                           body: Array(body.utf8), id: "t1")
    }

    @Test func savedMapLoadsBackEqual() async throws {
        let store = ConversationStore(vault: MemoryVault(), key: try VaultKey.random(), ttl: .seconds(60))
        try await store.save(map(), responseID: "resp_1", owner: shared(store))
        let loaded = try await store.load(responseID: "resp_1", owner: shared(store))
        #expect(loaded == map())
        // Numbering continues: a known value keeps its placeholder, a new one gets the next index.
        var next = loaded
        #expect(next.placeholder(for: "ada@example.com", label: .email).token == "[EMAIL_1]")
        #expect(next.placeholder(for: "eve@example.com", label: .email).token == "[EMAIL_3]")
    }

    @Test func storedBytesAreSealed() async throws {
        let vault = MemoryVault()
        let store = ConversationStore(vault: vault, key: try VaultKey.random(), ttl: .seconds(60))
        try await store.save(map(), responseID: "resp_1", owner: shared(store))
        let raw = try #require(try await vault.get("veil:resp:\(try shared(store).tag):resp_1"))
        #expect(!String(decoding: raw, as: UTF8.self).contains("ada@example.com"))
    }

    @Test func unknownPreviousResponseIs400BeforeForwarding() async throws {
        let store = ConversationStore(vault: MemoryVault(), key: try VaultKey.random(), ttl: .seconds(60))
        let response = try await handler(store).forwardAnonymized(turn(previous: #""resp_x""#), endpoint: .responses)
        #expect(response.status.code == 400)
        #expect(response.bodyText.contains("previous_response_not_found"))
    }

    @Test func unreachableVaultIs503BeforeForwarding() async throws {
        let store = ConversationStore(vault: DownVault(), key: try VaultKey.random(), ttl: .seconds(60))
        let response = try await handler(store).forwardAnonymized(turn(previous: #""resp_1""#), endpoint: .responses)
        #expect(response.status.code == 503)
        #expect(response.fields["Retry-After"] == "1")
        #expect(response.bodyText.contains("vault_unavailable"))
    }

    @Test func stateSealedUnderAnotherKeyIs503() async throws {
        let vault = MemoryVault()
        // Both keys derive the same identity tag only when they are the same key, so the value
        // is copied to where the other store looks, as a replica with another key would find it.
        let first = ConversationStore(vault: vault, key: try VaultKey.random(), ttl: .seconds(60))
        try await first.save(map(), responseID: "resp_1", owner: shared(first))
        let other = ConversationStore(vault: vault, key: try VaultKey.random(), ttl: .seconds(60))
        let sealed = try #require(try await vault.get(ConversationStore.storageKey("resp_1", owner: shared(first))))
        try await vault.put(sealed, forKey: ConversationStore.storageKey("resp_1", owner: shared(other)), ttl: .seconds(60))
        let response = try await handler(other).forwardAnonymized(turn(previous: #""resp_1""#), endpoint: .responses)
        #expect(response.status.code == 503)
        #expect(response.bodyText.contains("vault_unreadable"))
    }

    @Test(arguments: ["42", #""has space""#, "\"" + String(repeating: "x", count: 300) + "\""])
    func malformedPreviousResponseIDIs400(_ previous: String) async throws {
        let store = ConversationStore(vault: MemoryVault(), key: try VaultKey.random(), ttl: .seconds(60))
        let response = try await handler(store).forwardAnonymized(turn(previous: previous), endpoint: .responses)
        #expect(response.status.code == 400)
    }

    @Test func withoutAVaultTheTurnIsForwardedAsBefore() async throws {
        let response = try await handler(nil).forwardAnonymized(turn(previous: #""resp_1""#), endpoint: .responses)
        #expect(response.status.code == 502)  // reached the (closed) upstream
    }
}

extension HTTPResponse {
    var bodyText: String {
        if case .bytes(let bytes) = body { String(decoding: bytes, as: UTF8.self) } else { "" }
    }
}

@Suite struct VaultMetricsTests {
    @Test func loadsAndSavesAreCountedByResult() async throws {
        let metrics = ProxyMetrics()
        let store = ConversationStore(vault: MemoryVault(), key: try VaultKey.random(), ttl: .seconds(60))
        try await ConversationSave(store: store, map: PlaceholderMap(), owner: store.identity(credential: nil), metrics: metrics)
            .save(id: "resp_1", logger: Logger(label: "test"))
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        let handler = ProxyHandler(configuration: ProxyConfiguration(), upstream: upstream, anonymizer: Anonymizer(detectors: []),
                                   metrics: metrics, conversations: store, logger: Logger(label: "test"))
        let body = #"{"model":"m","previous_response_id":"resp_missing","input":"x"}"#
        _ = await handler.forwardAnonymized(HTTPRequest(head: HTTPRequestHead(method: .post, target: "/v1/responses", fields: HTTPFields([])),
                                                        body: Array(body.utf8), id: "t"), endpoint: .responses)
        let text = metrics.render()
        #expect(text.contains(#"veil_vault_operations_total{operation="save",result="ok"} 1"#))
        #expect(text.contains(#"veil_vault_operations_total{operation="load",result="previous_response_not_found"} 1"#))
        #expect(text.contains(#"veil_vault_duration_seconds_count{operation="load"} 1"#))
    }
}
