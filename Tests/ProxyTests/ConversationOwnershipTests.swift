import Anonymizer
import HTTPServer
import Logging
import Testing
import Upstream
import Vault
@testable import Proxy

/// Issue #15 items 1, 2 and 11: conversation maps belong to the client identity that created
/// them, a save never replaces a stored map, and errors after forwarding say what happened.
/// The upstream is a closed port: a request that got past the vault answers 502
/// `upstream_unreachable`, one refused before forwarding answers its own status.
@Suite struct ConversationOwnershipTests {
    func map(_ email: String = "alice.secret@example.com") -> PlaceholderMap {
        var map = PlaceholderMap()
        _ = map.placeholder(for: email, label: .email)
        _ = map.placeholder(for: "+44 20 7946 0958", label: .phone)
        return map
    }

    func handler(_ store: ConversationStore, keys: [String] = [], metrics: ProxyMetrics = ProxyMetrics()) throws -> ProxyHandler {
        let upstream = try UpstreamClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:9"))
        return ProxyHandler(configuration: ProxyConfiguration(upstreamAPIKey: keys.isEmpty ? nil : "sk-upstream", apiKeys: keys),
                            upstream: upstream, anonymizer: Anonymizer(detectors: PatternDetectors.all()),
                            metrics: metrics, conversations: store, logger: Logger(label: "test"))
    }

    func request(previous: String?, extra: String = "", headers: [(String, String)]) -> HTTPRequest {
        let previousField = previous.map { #""previous_response_id":"\#($0)","# } ?? ""
        let body = #"{"model":"m",\#(previousField)\#(extra)"input":"please repeat [EMAIL_1] and [PHONE_1]"}"#
        return HTTPRequest(head: HTTPRequestHead(method: .post, target: "/v1/responses", fields: HTTPFields(headers)),
                           body: Array(body.utf8), id: "t")
    }

    func store(_ vault: any ConversationVault = MemoryVault()) throws -> ConversationStore {
        ConversationStore(vault: vault, key: try VaultKey.random(), ttl: .seconds(60))
    }

    static let clientA = [("Authorization", "Bearer keyA")]
    static let clientB = [("Authorization", "Bearer keyB")]

    /// Client B names client A's response id: plain, streamed, with `store: false`. The answer
    /// is byte for byte the one B got for the same id before A's map existed (an unknown id),
    /// nothing is forwarded, nothing restored; A itself continues (its turn reaches the upstream).
    @Test(arguments: ["", #""stream":true,"#, #""store":false,"#])
    func anotherClientKeyGetsExactlyTheUnknownIdAnswer(_ extra: String) async throws {
        let store = try store()
        let handler = try handler(store, keys: ["keyA", "keyB"])
        let unknown = await handler.forwardAnonymized(request(previous: "resp_1", extra: extra, headers: Self.clientB), endpoint: .responses)
        #expect(unknown.status.code == 400)
        #expect(unknown.bodyText.contains("previous_response_not_found"))

        let owner = try #require(try handler.conversationOwner(request(previous: nil, headers: Self.clientA)))
        try await store.save(map(), responseID: "resp_1", owner: owner)

        let probe = await handler.forwardAnonymized(request(previous: "resp_1", extra: extra, headers: Self.clientB), endpoint: .responses)
        #expect(probe.status == unknown.status)
        #expect(probe.bodyText == unknown.bodyText)
        #expect(probe.fields == unknown.fields)
        #expect(!probe.bodyText.contains("alice.secret@example.com"))

        for sameKey in [Self.clientA, [("x-api-key", "keyA")]] {
            let own = await handler.forwardAnonymized(request(previous: "resp_1", extra: extra, headers: sameKey), endpoint: .responses)
            #expect(own.status.code == 502)  // loaded, then forwarded to the closed upstream
        }
    }

    /// Without client keys, the identity is the credential the client sends for the provider;
    /// clients that send none share one identity.
    @Test func withoutClientKeysTheProviderCredentialIsTheIdentity() async throws {
        let store = try store()
        let handler = try handler(store)
        let a = [("Authorization", "Bearer sk-tenant-a")]
        let owner = try #require(try handler.conversationOwner(request(previous: nil, headers: a)))
        try await store.save(map(), responseID: "resp_a", owner: owner)
        let anonymous = try #require(try handler.conversationOwner(request(previous: nil, headers: [])))
        try await store.save(map(), responseID: "resp_anon", owner: anonymous)

        let cases: [(String, [(String, String)], Int)] = [
            ("resp_a", a, 502), ("resp_a", [("Authorization", "Bearer sk-tenant-b")], 400), ("resp_a", [], 400),
            ("resp_a", [("x-api-key", "sk-tenant-a")], 400),
            ("resp_anon", [], 502), ("resp_anon", a, 400),
        ]
        for (id, headers, status) in cases {
            let response = await handler.forwardAnonymized(request(previous: id, headers: headers), endpoint: .responses)
            #expect(response.status.code == status, "\(id) with \(headers.map(\.0))")
        }
    }

    @Test func matchedKeyIsTheConfiguredKeyOfEitherHeader() {
        let auth = APIKeyAuthenticator(keys: ["keyA", "keyB"])
        #expect(auth.matchedKey(authorizationHeader: "Bearer keyB", apiKeyHeader: nil) == Array("keyB".utf8))
        #expect(auth.matchedKey(authorizationHeader: nil, apiKeyHeader: "keyA") == Array("keyA".utf8))
        #expect(auth.matchedKey(authorizationHeader: "Bearer nope", apiKeyHeader: "keyA") == Array("keyA".utf8))
        #expect(auth.matchedKey(authorizationHeader: "Bearer nope", apiKeyHeader: nil) == nil)
        #expect(APIKeyAuthenticator(keys: []).matchedKey(authorizationHeader: "Bearer keyA", apiKeyHeader: nil) == nil)
    }

    /// An upstream that answers with an id this identity's vault already holds cannot replace
    /// that map: the save is refused (502, counted), the first map stays. Another identity's save
    /// under the same id goes to its own key and touches nothing of the first.
    @Test func aSaveNeverReplacesAStoredMap() async throws {
        let metrics = ProxyMetrics()
        let store = try store()
        let alice = try store.identity(credential: Array("veil-key:keyA".utf8))
        let bob = try store.identity(credential: Array("veil-key:keyB".utf8))
        try await store.save(map(), responseID: "resp_1", owner: alice)
        let save = ConversationSave(store: store, map: map("bob.other@example.org"), owner: alice, metrics: metrics)
        await #expect(throws: ProxyError.responseIDConflict) { try await save.save(id: "resp_1", logger: Logger(label: "test")) }
        #expect(ProxyError.responseIDConflict.status.code == 502)
        #expect(try await store.load(responseID: "resp_1", owner: alice) == map())
        #expect(metrics.render().contains(#"veil_vault_operations_total{operation="save",result="upstream_response_id_conflict"} 1"#))

        try await store.save(map("bob.other@example.org"), responseID: "resp_1", owner: bob)
        #expect(try await store.load(responseID: "resp_1", owner: bob) == map("bob.other@example.org"))
        #expect(try await store.load(responseID: "resp_1", owner: alice) == map())
    }

    /// A response id Veil cannot store under is the upstream's fault, not the client's (who may
    /// have sent no previous_response_id at all).
    @Test(arguments: ["resp_a\r\nX-Evil: 1", "resp_" + String(repeating: "a", count: 10_240), "", "has space"])
    func malformedUpstreamResponseIDIsAnUpstreamError(_ id: String) async throws {
        let store = try store()
        await #expect {
            try await store.save(map(), responseID: id, owner: store.identity(credential: nil))
        } throws: { error in
            guard let error = error as? ProxyError else { return false }
            return error.status.code == 502 && error.code == "upstream_invalid_response"
        }
    }

    /// A vault that fails during the save fails after forwarding: the message says so. A load
    /// that fails is before forwarding, and says that.
    @Test func vaultDownDuringASaveSaysTheRequestWasForwarded() async throws {
        let store = try store(ConversationStoreTests.DownVault())
        let owner = try store.identity(credential: nil)
        do {
            try await store.save(map(), responseID: "resp_1", owner: owner)
            Issue.record("the save succeeded on a down vault")
        } catch {
            #expect(error.code == "vault_unavailable" && error.status.code == 503)
            #expect(!error.message.contains("nothing was forwarded"))
            #expect(error.message.contains("reached the upstream"))
        }
        do {
            _ = try await store.load(responseID: "resp_1", owner: owner)
            Issue.record("the load succeeded on a down vault")
        } catch {
            #expect(error.code == "vault_unavailable" && error.message.contains("nothing was forwarded"))
        }
    }
}
