/// Seals vault values with AES-256-GCM so that what sits in Redis (or memory) is useless
/// without the key, and any change to it is detected.
///
/// Format (version 1): `0x01 ‖ key id (8) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`.
/// The nonce is random per value: with 96-bit random nonces one key may seal ~2³² values
/// before the collision risk reaches 2⁻³² (NIST SP 800-38D §8.3) — far more conversation turns
/// than any deployment keeps within a key's life.
/// Associated data: `"veil.vault.v1" ‖ key id ‖ context` — the context is the storage key (owner
/// tag and response id), so a value copied under another response id or owner does not open.
public struct VaultSealer: Sendable {
    public let key: VaultKey
    static let version: UInt8 = 1
    static let headerSize = 1 + 8 + AESGCM.nonceSize

    public init(key: VaultKey) {
        self.key = key
    }

    public func seal(_ plaintext: [UInt8], context: String) throws(SealError) -> [UInt8] {
        let nonce = try AESGCM.randomBytes(AESGCM.nonceSize)
        let (ciphertext, tag) = try AESGCM.seal(plaintext, key: key.bytes, nonce: nonce, aad: associatedData(context))
        var out: [UInt8] = [Self.version]
        out.reserveCapacity(Self.headerSize + ciphertext.count + AESGCM.tagSize)
        out += key.id
        out += nonce
        out += ciphertext
        out += tag
        return out
    }

    public func open(_ sealed: [UInt8], context: String) throws(SealError) -> [UInt8] {
        guard sealed.count >= Self.headerSize + AESGCM.tagSize, sealed[0] == Self.version else { throw .malformed }
        guard sealed[1..<9].elementsEqual(key.id) else { throw .wrongKey }
        let nonce = sealed[9..<Self.headerSize]
        let tag = sealed[(sealed.count - AESGCM.tagSize)...]
        let ciphertext = sealed[Self.headerSize..<(sealed.count - AESGCM.tagSize)]
        return try AESGCM.open(ciphertext, tag: tag, key: key.bytes, nonce: nonce, aad: associatedData(context))
    }

    private func associatedData(_ context: String) -> [UInt8] {
        Array("veil.vault.v1".utf8) + key.id + Array(context.utf8)
    }
}
