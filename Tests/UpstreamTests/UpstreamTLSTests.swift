import Foundation
import Testing
import TestSupport
@testable import Upstream

/// Certificate verification against an HTTPS mock with a self-signed certificate (made with `openssl`).
@Suite(.serialized) struct UpstreamTLSTests {
    private func startTLSMock() async throws -> (MockUpstream, MockUpstream.TLSFiles) {
        let files = try #require(try MockUpstream.makeSelfSignedCertificate(), "openssl is needed for TLS tests")
        return (try await MockUpstream.start(tls: files), files)
    }

    @Test func untrustedCertificateIsRejectedByDefault() async throws {
        let (mock, _) = try await startTLSMock()
        let client = try makeClient(mock)
        #expect(client.configuration.insecureSkipVerify == false)
        do {
            _ = try await client.get("/status/200")
            Issue.record("expected a TLS failure")
        } catch {
            #expect(error == .tls)
            #expect(error.curlCode == 60)  // CURLE_PEER_FAILED_VERIFICATION
        }
    }

    @Test func caBundleMakesTheCertificateTrusted() async throws {
        let (mock, files) = try await startTLSMock()
        let client = try makeClient(mock) { $0.caBundlePath = files.certificatePath }
        let response = try await client.execute(UpstreamRequest(method: "POST", path: "/echo", body: Array("tls".utf8)))
        #expect(response.status == 200)
        let echo = try JSONDecoder().decode(Echo.self, from: Data(try await response.body.collect(upTo: 1 << 16)))
        #expect(echo.body == "tls")
    }

    @Test func insecureSkipVerifyIsAnExplicitOptIn() async throws {
        let (mock, _) = try await startTLSMock()
        let client = try makeClient(mock) { $0.insecureSkipVerify = true }
        #expect(try await client.get("/status/204").status == 204)
    }
}
