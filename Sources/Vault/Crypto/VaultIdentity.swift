/// Whose conversation a stored map is: a keyed hash of the client's credential.
///
/// `tag` is HMAC-SHA256 under a subkey of the vault key (`HMAC(vault key, "veil.vault.identity-key.v1")`)
/// over the credential's bytes, so it is the same on every replica that shares the vault key,
/// different for every credential, and useless to anyone without the key: what sits in Redis
/// names no client key, and a tag cannot be computed for a guessed key without the vault key.
/// The proxy binds the tag into the storage key and — through it — into the AES-GCM
/// associated data, so one identity's lookups never reach another identity's values.
///
/// `credential == nil` is the one shared identity (clients that present no credential at all);
/// it is domain-separated from every credential, the empty one included.
public struct VaultIdentity: Sendable, Equatable, CustomStringConvertible {
    /// 64 lowercase hex digits.
    public let tag: String

    public init(credential: [UInt8]?, key: VaultKey) throws(SealError) {
        let subkey = try AESGCM.hmacSHA256(key: key.bytes, message: Array("veil.vault.identity-key.v1".utf8))
        let message: [UInt8] = credential.map { [1] + $0 } ?? [0]
        let digest = try AESGCM.hmacSHA256(key: subkey, message: message)
        tag = digest.map { Self.hexDigits[Int($0 >> 4)] + Self.hexDigits[Int($0 & 0x0F)] }.joined()
    }

    private static let hexDigits = (0..<16).map { String($0, radix: 16) }

    /// Never the tag: logs have no use for it.
    public var description: String { "VaultIdentity(…)" }
}
