/// The support chat the model benchmarks anonymize (model-bench, latency-bench): sentences with
/// personal data (names, an address, an e-mail, a phone, an account, an IBAN), cycled to a length.
public enum SupportChat {
    public static let sentences = [
        "Hi, my name is Maria Kowalski and I live at 14 Baker Street, Leeds LS1 4AB.",
        "You can reach me at maria.kowalski@example.com or on +44 7700 900123.",
        "My account number is 83920174 and the last payment of 120.50 EUR failed on 3 March 2024.",
        "Could you please check why the transfer to Northwind Traders did not go through?",
        "My colleague John Peters from Contoso Ltd said the IBAN GB33BUKB20201555555555 is correct.",
        "The meeting with Dr. Aisha Rahman is booked for Tuesday at 10:30 in the Manchester office.",
    ]

    /// ~`tokens` model tokens of the chat (~2.8 characters per token on the shipped tokenizer, its
    /// model card), starting at sentence `first`: the same length with another text for each `first`.
    public static func message(tokens: Int, startingAt first: Int = 0) -> String {
        var text = ""
        var i = first
        while Double(text.count) < Double(tokens) * 2.8 {
            text += sentences[i % sentences.count] + " "
            i += 1
        }
        return text
    }
}
