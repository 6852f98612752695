import Foundation

/// Splitting of comma-separated variable values (`VEIL_API_KEYS=a,b`).
enum Environment {
    static func split(_ value: String?) -> [String]? {
        guard let value, !value.isEmpty else { return nil }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
