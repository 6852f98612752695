import Testing
@testable import Vault

@Suite struct VaultSealerTests {
    static let hexKey = String(repeating: "00", count: 16) + String(repeating: "ab", count: 16)
    let key: VaultKey
    var sealer: VaultSealer { VaultSealer(key: key) }
    let plaintext = Array(#"{"version":1,"entries":[{"placeholder":"[NAME_1]","value":"Ada"}]}"#.utf8)

    init() throws {
        key = try VaultKey(parsing: Self.hexKey)
    }

    /// The GCM specification's test case 14 (McGrew & Viega, "The Galois/Counter Mode of
    /// Operation", appendix B): AES-256, zero key, zero IV, one zero block, no AAD.
    @Test func matchesTheGCMSpecificationVector() throws {
        let (ciphertext, tag) = try AESGCM.seal([UInt8](repeating: 0, count: 16), key: [UInt8](repeating: 0, count: 32),
                                                nonce: [UInt8](repeating: 0, count: 12), aad: [])
        #expect(hex(ciphertext) == "cea7403d4d606b6e074ec5d3baf39d18")
        #expect(hex(tag) == "d0d1c8a799996bf0265b98b5d48ab919")
    }

    @Test func roundTrips() throws {
        let sealed = try sealer.seal(plaintext, context: "veil:resp:r1")
        #expect(sealed.count == 1 + 8 + 12 + plaintext.count + 16)
        #expect(try sealer.open(sealed, context: "veil:resp:r1") == plaintext)
        // The plaintext does not appear in what is stored.
        #expect(!String(decoding: sealed, as: UTF8.self).contains("Ada"))
    }

    @Test func emptyPlaintextRoundTrips() throws {
        let sealed = try sealer.seal([], context: "c")
        #expect(try sealer.open(sealed, context: "c") == [])
    }

    @Test func noncesDifferPerValue() throws {
        let a = try sealer.seal(plaintext, context: "c")
        let b = try sealer.seal(plaintext, context: "c")
        #expect(a[9..<21] != b[9..<21])
        #expect(a != b)
    }

    @Test(arguments: [0, 5, 12, 30, -1])
    func anyChangedByteIsDetected(_ position: Int) throws {
        var sealed = try sealer.seal(plaintext, context: "c")
        let i = position < 0 ? sealed.count + position : position
        sealed[i] ^= 0x01
        #expect(throws: SealError.self) { try sealer.open(sealed, context: "c") }
        if i >= 9 {  // past version and key id: only the tag can tell
            #expect(throws: SealError.tampered) { try sealer.open(sealed, context: "c") }
        }
    }

    @Test func valueMovedToAnotherKeyDoesNotOpen() throws {
        let sealed = try sealer.seal(plaintext, context: "veil:resp:r1")
        #expect(throws: SealError.tampered) { try sealer.open(sealed, context: "veil:resp:r2") }
    }

    @Test func wrongKeyIsReportedAsSuch() throws {
        let sealed = try sealer.seal(plaintext, context: "c")
        let other = VaultSealer(key: try VaultKey.random())
        #expect(throws: SealError.wrongKey) { try other.open(sealed, context: "c") }
    }

    @Test func truncatedOrUnknownVersionIsMalformed() throws {
        var sealed = try sealer.seal(plaintext, context: "c")
        #expect(throws: SealError.malformed) { try sealer.open(Array(sealed.prefix(20)), context: "c") }
        sealed[0] = 2
        #expect(throws: SealError.malformed) { try sealer.open(sealed, context: "c") }
    }

    @Test func keyParsesFromHexAndBase64() throws {
        let bytes = [UInt8](repeating: 0, count: 16) + [UInt8](repeating: 0xAB, count: 16)
        #expect(try VaultKey(parsing: Self.hexKey) == VaultKey(bytes: bytes))
        #expect(try VaultKey(parsing: Self.hexKey.uppercased()) == VaultKey(bytes: bytes))
        let base64 = "AAAAAAAAAAAAAAAAAAAAAKurq6urq6urq6urq6urq6s="
        #expect(try VaultKey(parsing: base64) == VaultKey(bytes: bytes))
        #expect(try VaultKey(parsing: String(base64.dropLast())) == VaultKey(bytes: bytes))  // unpadded
    }

    @Test(arguments: ["", "abcd", String(repeating: "zz", count: 32), String(repeating: "00", count: 31), "not base64!"])
    func badKeysAreRefused(_ text: String) {
        #expect(throws: VaultConfigError.self) { try VaultKey(parsing: text) }
    }

    @Test func descriptionNeverShowsTheKey() {
        #expect(!key.description.contains("abab"))
        #expect(key.description.contains(key.idHex))
    }

    func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
