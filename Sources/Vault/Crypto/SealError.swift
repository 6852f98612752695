/// Why a sealed vault value could not be opened (or made). Every case fails closed: no
/// plaintext is returned, and the proxy refuses the request.
public enum SealError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Too short, or an unknown format version.
    case malformed
    /// Sealed under a different vault key (the key id in the value does not match ours).
    case wrongKey
    /// The GCM tag did not verify: the value, its nonce or its context were changed.
    case tampered
    /// libcrypto reported a failure (names the function).
    case cryptoFailure(String)

    public var description: String {
        switch self {
        case .malformed: "sealed value is malformed"
        case .wrongKey: "sealed value was written with a different vault key"
        case .tampered: "sealed value failed authentication (tampered or corrupted)"
        case .cryptoFailure(let function): "libcrypto failure in \(function)"
        }
    }
}
