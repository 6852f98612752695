import Vault

extension ProxyError {
    /// The vault (Redis) cannot be reached or timed out: nothing was forwarded (a request that
    /// needed earlier state) or the answer was withheld (its state could not be saved).
    static func vaultUnavailable(_ error: VaultError) -> ProxyError {
        ProxyError(status: .serviceUnavailable, type: "server_error", code: "vault_unavailable",
                   message: "Veil's conversation vault is unavailable (\(error.kind)); nothing was forwarded. Retry shortly.",
                   retryAfter: 1)
    }

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
