import CCrypto

/// The one file that calls OpenSSL's libcrypto: AES-256-GCM seal/open (EVP_EncryptInit_ex(3),
/// "GCM and OCB Modes"), random bytes (RAND_bytes(3)), SHA-256 (SHA256(3)) and HMAC-SHA256 (HMAC(3)).
///
/// Lifetimes: each call owns one `EVP_CIPHER_CTX`, freed by `defer` before it returns; buffers
/// are Swift arrays pinned only for the duration of the C call that reads or writes them.
enum AESGCM {
    static let keySize = 32
    static let nonceSize = 12  // 96 bits: GCM's native IV length (NIST SP 800-38D §8.2)
    static let tagSize = 16

    static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) throws(SealError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard key.count == keySize, nonce.count == nonceSize else { throw .cryptoFailure("AES-256-GCM key or nonce size") }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw .cryptoFailure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              CCrypto_gcm_set_ivlen(ctx, Int32(nonceSize)) == 1,
              EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) == 1
        else { throw .cryptoFailure("EVP_EncryptInit_ex") }
        var length: Int32 = 0
        if !aad.isEmpty {
            // With a NULL output buffer, EVP_EncryptUpdate feeds additional authenticated data.
            guard EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else { throw .cryptoFailure("EVP_EncryptUpdate(aad)") }
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var written: Int32 = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(ctx, &ciphertext, &written, plaintext, Int32(plaintext.count)) == 1 else {
                throw .cryptoFailure("EVP_EncryptUpdate")
            }
        }
        var final: Int32 = 0
        let finished = ciphertext.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(ctx, buffer.baseAddress.map { $0 + Int(written) }, &final)
        }
        guard finished == 1 else { throw .cryptoFailure("EVP_EncryptFinal_ex") }
        ciphertext.removeLast(ciphertext.count - Int(written + final))
        var tag = [UInt8](repeating: 0, count: tagSize)
        guard CCrypto_gcm_get_tag(ctx, Int32(tagSize), &tag) == 1 else { throw .cryptoFailure("EVP_CTRL_AEAD_GET_TAG") }
        return (ciphertext, tag)
    }

    /// Decrypts and verifies; a wrong tag (tampered ciphertext, nonce, AAD or a different key)
    /// throws `.tampered` and returns no plaintext at all.
    static func open(_ ciphertext: ArraySlice<UInt8>, tag: ArraySlice<UInt8>, key: [UInt8], nonce: ArraySlice<UInt8>, aad: [UInt8]) throws(SealError) -> [UInt8] {
        guard key.count == keySize else { throw .cryptoFailure("AES-256-GCM key size") }
        guard nonce.count == nonceSize, tag.count == tagSize else { throw .malformed }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw .cryptoFailure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let nonce = Array(nonce)
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              CCrypto_gcm_set_ivlen(ctx, Int32(nonceSize)) == 1,
              EVP_DecryptInit_ex(ctx, nil, nil, key, nonce) == 1
        else { throw .cryptoFailure("EVP_DecryptInit_ex") }
        var length: Int32 = 0
        if !aad.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else { throw .cryptoFailure("EVP_DecryptUpdate(aad)") }
        }
        let input = Array(ciphertext)
        var plaintext = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        if !input.isEmpty {
            guard EVP_DecryptUpdate(ctx, &plaintext, &written, input, Int32(input.count)) == 1 else {
                throw .cryptoFailure("EVP_DecryptUpdate")
            }
        }
        var expected = Array(tag)
        guard CCrypto_gcm_set_tag(ctx, Int32(tagSize), &expected) == 1 else { throw .cryptoFailure("EVP_CTRL_AEAD_SET_TAG") }
        var final: Int32 = 0
        let verified = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(ctx, buffer.baseAddress.map { $0 + Int(written) }, &final)
        }
        // EVP_DecryptFinal_ex returns <= 0 when the tag does not verify (EVP_EncryptInit(3)).
        guard verified == 1 else { throw .tampered }
        plaintext.removeLast(plaintext.count - Int(written + final))
        return plaintext
    }

    static func randomBytes(_ count: Int) throws(SealError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw .cryptoFailure("RAND_bytes") }
        return bytes
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = SHA256(bytes, bytes.count, &digest)
        return digest
    }

    /// HMAC-SHA256 (RFC 2104) of `message` under `key`: 32 bytes.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) throws(SealError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &digest, &length) != nil, length == 32 else {
            throw .cryptoFailure("HMAC")
        }
        return Array(digest.prefix(Int(length)))
    }
}
