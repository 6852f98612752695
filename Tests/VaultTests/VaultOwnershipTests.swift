import Testing
@testable import Vault

/// Issue #15 items 1 and 2: a stored map is never replaced (`insert`, Redis `SET … NX`), and
/// maps are owned by a keyed hash of the client's credential (`VaultIdentity`).
@Suite struct VaultInsertTests {
    let t0 = ContinuousClock.now

    @Test func lruInsertNeverReplacesALiveValue() {
        var s = LRUStore(limits: .init(maxEntries: 10, maxBytes: 1000))
        let first = s.insert("a", [1], expires: t0 + .seconds(10), now: t0)
        let second = s.insert("a", [2], expires: t0 + .seconds(10), now: t0)
        #expect(first && !second)
        #expect(s.get("a", now: t0) == [1])
        // The same bytes again (a retried save) are not a conflict.
        let again = s.insert("a", [1], expires: t0 + .seconds(10), now: t0)
        #expect(again)
        // An expired value is gone: the key is free again.
        let afterExpiry = s.insert("a", [3], expires: t0 + .seconds(30), now: t0 + .seconds(10))
        #expect(afterExpiry)
        #expect(s.get("a", now: t0 + .seconds(11)) == [3])
        #expect(s.count == 1 && s.totalBytes == 1)
    }

    @Test func memoryVaultInsertRefusesATakenKey() async throws {
        let vault = MemoryVault()
        #expect(try await vault.insert([1], forKey: "k", ttl: .seconds(60)))
        #expect(try await vault.insert([2], forKey: "k", ttl: .seconds(60)) == false)
        #expect(try await vault.get("k") == [1])
    }

    @Test func redisInsertIsSetNXAndNeverReplaces() async throws {
        let server = try FakeRedis()
        defer { server.stop() }
        let vault = RedisVault(endpoint: server.endpoint, options: .patient)
        #expect(try await vault.insert([1, 13, 10], forKey: "veil:resp:r1", ttl: .seconds(90)))
        let set = try #require(server.commands.withLock { $0.first })
        #expect(set.count == 6 && set[0] == "SET" && set[3] == "PX" && set[4] == "90000" && set[5] == "NX")
        #expect(try await vault.insert([2], forKey: "veil:resp:r1", ttl: .seconds(90)) == false)
        #expect(try await vault.get("veil:resp:r1") == [1, 13, 10])
        // Our own value already there (a retry after a lost reply) counts as stored.
        #expect(try await vault.insert([1, 13, 10], forKey: "veil:resp:r1", ttl: .seconds(90)))
    }
}

@Suite struct VaultIdentityTests {
    let key: VaultKey
    init() throws {
        key = try VaultKey(parsing: String(repeating: "00", count: 16) + String(repeating: "ab", count: 16))
    }

    /// RFC 4231, test case 2.
    @Test func hmacMatchesTheRFC4231Vector() throws {
        let mac = try AESGCM.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func sameCredentialSameTagOtherCredentialOtherTag() throws {
        let a = try VaultIdentity(credential: Array("veil-key:keyA".utf8), key: key)
        #expect(a == (try VaultIdentity(credential: Array("veil-key:keyA".utf8), key: key)))
        #expect(a.tag.count == 64 && a.tag.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(a != (try VaultIdentity(credential: Array("veil-key:keyB".utf8), key: key)))
        // The shared identity (no credential) is not the empty credential's.
        #expect(try VaultIdentity(credential: nil, key: key) != VaultIdentity(credential: [], key: key))
    }

    @Test func tagDependsOnTheVaultKeyAndHidesTheCredential() throws {
        let credential = Array("veil-key:keyA".utf8)
        let other = try VaultKey(parsing: String(repeating: "11", count: 32))
        let tag = try VaultIdentity(credential: credential, key: key).tag
        #expect(tag != (try VaultIdentity(credential: credential, key: other).tag))
        #expect(!tag.contains("6b657941"))  // "keyA" in hex
        #expect(!"\(try VaultIdentity(credential: credential, key: key))".contains(tag))
    }
}
