#ifndef VEIL_CCRYPTO_SHIM_H
#define VEIL_CCRYPTO_SHIM_H
// OpenSSL's libcrypto, only what the vault needs: AES-256-GCM sealing (EVP_EncryptInit_ex(3)) and
// HMAC-SHA256 for conversation owners (HMAC(3)).
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

// EVP_CTRL_AEAD_* are macros built from other macros, which do not import into Swift; one typed
// shim per control the GCM flow uses (see EVP_EncryptInit(3), "GCM and OCB Modes").
static inline int CCrypto_gcm_set_ivlen(EVP_CIPHER_CTX *c, int length) {
    return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, length, NULL);
}
static inline int CCrypto_gcm_get_tag(EVP_CIPHER_CTX *c, int length, unsigned char *tag) {
    return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, length, tag);
}
static inline int CCrypto_gcm_set_tag(EVP_CIPHER_CTX *c, int length, unsigned char *tag) {
    return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, length, tag);
}
#endif
