import Vault

extension ProxyError {
    /// The vault (Redis) cannot be reached or timed out: nothing was forwarded (a request that
    /// needed earlier state) or the answer was withheld (its state could not be saved).
    static func vaultUnavailable(_ error: VaultError) -> ProxyError {
        ProxyError(status: .serviceUnavailable, type: "server_error", code: "vault_unavailable",
                   message: "Veil's conversation vault is unavailable (\(error.kind)); nothing was forwarded. Retry shortly.",
                   retryAfter: 1)
    }

    /// The vault failed while saving this turn's map, after the redacted request had reached
    /// the upstream: the answer is withheld (the next turn could not be restored without the
    /// map), and the message says the request was forwarded — a retry sends it again.
    static func vaultSaveFailed(_ error: VaultError) -> ProxyError {
        ProxyError(status: .serviceUnavailable, type: "server_error", code: "vault_unavailable",
                   message: "Veil's conversation vault is unavailable (\(error.kind)), so this turn's conversation state could not be saved: the redacted request had reached the upstream and was answered, but Veil withheld the answer. Retry shortly.",
                   retryAfter: 1)
    }

    /// The map could not be sealed for saving, after the redacted request had reached the upstream.
    static func vaultSaveFailed(_ detail: String) -> ProxyError {
        ProxyError(status: .serviceUnavailable, type: "server_error", code: "vault_unavailable",
                   message: "Veil could not save this turn's conversation state (\(detail)): the redacted request had reached the upstream and was answered, but Veil withheld the answer.")
    }

    /// The upstream answered with a response id under which this identity's vault already holds
    /// another conversation's map. Saving would replace that map (the other conversation's next
    /// turn would restore this one's values), so nothing is saved and the answer is withheld.
    static let responseIDConflict = ProxyError(
        status: .badGateway, type: "server_error", code: "upstream_response_id_conflict",
        message: "The upstream API answered with a response id that another conversation already uses; Veil kept that conversation's state, did not save this turn's, and withheld the answer (the redacted request had reached the upstream).")

    /// A stored value did not open: another replica uses a different `vault_key`, or it was changed.
    static func vaultUnreadable(_ detail: String) -> ProxyError {
        ProxyError(status: .serviceUnavailable, type: "server_error", code: "vault_unreadable",
                   message: "Veil could not read the conversation state (\(detail)); nothing was forwarded.")
    }

    /// `previous_response_id` names a response whose map Veil does not hold (never seen, or
    /// expired after `vault_ttl_seconds`). Refused rather than starting a fresh map: the
    /// provider's copy of the earlier turns holds placeholders a fresh map would reissue for
    /// other values.
    static func conversationNotFound(_ responseID: String) -> ProxyError {
        ProxyError(status: .badRequest, type: "invalid_request_error", code: "previous_response_not_found",
                   message: "Veil holds no conversation state for previous_response_id '\(responseID)' (unknown, or expired after vault_ttl_seconds); nothing was forwarded. Start a new conversation or resend its history.")
    }
}

extension VaultError {
    /// A short, value-free word for messages and logs.
    var kind: String {
        switch self {
        case .unavailable: "unreachable"
        case .timedOut: "timed out"
        case .protocolViolation: "protocol error"
        case .server: "server error"
        case .cancelled: "cancelled"
        }
    }
}
