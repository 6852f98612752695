import Testing
@testable import Proxy

@Suite struct APIKeyAuthenticatorTests {
    let auth = APIKeyAuthenticator(keys: ["veil-key-one", "veil-key-two"])

    @Test func acceptsEveryConfiguredKey() {
        #expect(auth.authorize(authorizationHeader: "Bearer veil-key-one"))
        #expect(auth.authorize(authorizationHeader: "bearer veil-key-two"))
    }

    @Test(arguments: [nil, "", "Bearer", "Bearer ", "Bearer veil-key-on", "Bearer veil-key-one2", "Basic veil-key-one", "veil-key-one"])
    func rejects(_ header: String?) {
        #expect(!auth.authorize(authorizationHeader: header))
    }

    @Test func disabledWithoutKeys() {
        #expect(APIKeyAuthenticator(keys: []).authorize(authorizationHeader: nil))
    }

    @Test func constantTimeEqualsHandlesLengths() {
        #expect(APIKeyAuthenticator.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!APIKeyAuthenticator.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!APIKeyAuthenticator.constantTimeEquals([], Array("a".utf8)))
    }
}
