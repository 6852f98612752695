/// How two detected values are judged "the same value" (and so share one placeholder).
public enum ValueNormalization: Sendable, Hashable {
    /// Byte-for-byte equality: secrets, e-mails, numbers.
    case exact
    /// Case-folded, whitespace runs collapsed, trimmed: `John  Smith` == `john smith`.
    case caseAndWhitespaceInsensitive

    /// The comparison key for `value`.
    public func key(for value: String) -> String {
        switch self {
        case .exact:
            return value
        case .caseAndWhitespaceInsensitive:
            var out = ""
            var pendingSpace = false
            for scalar in value.lowercased().unicodeScalars {
                if scalar.properties.isWhitespace {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.unicodeScalars.append(" ") }
                    pendingSpace = false
                    out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }
}

extension EntityLabel {
    /// Labels naming people, organisations and places compare case- and whitespace-insensitively
    /// (`ACME corp` is `Acme Corp`); everything else (secrets, e-mails, numbers) exactly.
    public var normalization: ValueNormalization {
        switch self {
        case .name, .organization, .location, .address: return .caseAndWhitespaceInsensitive
        default:
            let raw = rawValue
            return raw.hasSuffix("NAME") || raw == "CITY" || raw == "COUNTRY" || raw == "STREET" || raw == "COMPANY"
                ? .caseAndWhitespaceInsensitive : .exact
        }
    }

    /// The label as it may appear inside a placeholder: upper-case ASCII letters, digits and `_`,
    /// starting with a letter, at most ``Placeholder/maxLabelLength`` scalars. Model-produced labels
    /// are sanitized so that every issued placeholder is recognised again by ``PlaceholderGrammar``.
    public var placeholderSafe: EntityLabel {
        var out = String.UnicodeScalarView()
        for scalar in rawValue.unicodeScalars {
            switch scalar {
            case "A"..."Z", "0"..."9", "_": out.append(scalar)
            case "a"..."z": out.append(Unicode.Scalar(scalar.value - 32) ?? "_")
            default: out.append("_")
            }
        }
        if out.first.map({ !("A"..."Z").contains($0) }) ?? true { out.insert("X", at: out.startIndex) }
        let text = String(String(out).prefix(Placeholder.maxLabelLength))
        return text == rawValue ? self : EntityLabel(text)
    }
}
