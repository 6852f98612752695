import Testing
@testable import Proxy

/// The vault keys of the one settings table: `vault`, `vault_ttl_seconds`, `vault_key`.
@Suite struct VeilSettingsVaultTests {
    func settings(_ environment: [String: String]) throws -> VeilSettings {
        try VeilSettings.resolve(file: nil, environment: ["VEIL_UPSTREAM": "http://x"].merging(environment) { $1 })
    }

    @Test func memoryIsTheDefaultAndNeedsNoKey() throws {
        let s = try settings([:])
        try s.validate()
        #expect(s.vault == "memory")
        #expect(s.vaultTTLSeconds == 86_400)
        #expect(try s.parsedVaultKey() == nil)
    }

    @Test func redisWithoutAKeyRefusesToStart() throws {
        let s = try settings(["VEIL_VAULT": "redis://127.0.0.1:6379/0"])
        #expect { try s.validate() } throws: { String(describing: $0).contains("'vault_key' is required") }
    }

    @Test func redisWithAKeyIsAccepted() throws {
        let s = try settings(["VEIL_VAULT": "redis://127.0.0.1:6379/0", "VEIL_VAULT_KEY": String(repeating: "a1", count: 32),
                              "VEIL_VAULT_TTL_SECONDS": "600"])
        try s.validate()
        #expect(s.vaultTTLSeconds == 600)
        #expect(try s.parsedVaultKey() != nil)
    }

    @Test(arguments: [
        (["VEIL_VAULT": "memcached://x"], "'vault'"),
        (["VEIL_VAULT": "redis://x:notaport"], "'vault'"),
        (["VEIL_VAULT_KEY": "tooshort"], "'vault_key'"),
        (["VEIL_VAULT_TTL_SECONDS": "0"], "'vault_ttl_seconds'"),
    ])
    func badValuesNameTheKey(_ environment: [String: String], _ expected: String) throws {
        let s = try settings(environment)
        #expect { try s.validate() } throws: { String(describing: $0).contains(expected) }
    }

    @Test func keyNeverAppearsInErrors() throws {
        let s = try settings(["VEIL_VAULT_KEY": "secret-ish-value-that-is-not-a-key"])
        #expect { try s.validate() } throws: { !String(describing: $0).contains("secret-ish") }
    }
}
