import Anonymizer
import HTTP1

extension ProxyError {
    /// A text in the request is longer than the model reads (`model_max_text`; issue #15, item 6):
    /// 413, nothing forwarded. The message gives sizes, never text. On `/v1/messages` the same
    /// error goes out in Anthropic's shape (`request_too_large`).
    public static func textTooLong(_ error: TextTooLongError) -> ProxyError {
        ProxyError(status: .contentTooLarge, type: "invalid_request_error", code: "text_too_long",
                   message: "A text in the request is \(error.bytes) bytes; Veil's model reads at most \(error.limit) bytes "
                       + "per text (model_max_text). Nothing was forwarded: split the text, or raise model_max_text.")
    }
}
