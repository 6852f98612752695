/// A kind of sensitive value: `NAME`, `EMAIL`, `CREDIT_CARD`, … Upper-case ASCII letters,
/// digits and `_`, so it can appear inside a placeholder such as `[CREDIT_CARD_1]`.
public struct EntityLabel: RawRepresentable, Hashable, Sendable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: EntityLabel, b: EntityLabel) -> Bool { a.rawValue < b.rawValue }

    public static let name: EntityLabel = "NAME"
    public static let organization: EntityLabel = "ORGANIZATION"
    public static let location: EntityLabel = "LOCATION"
    public static let address: EntityLabel = "ADDRESS"
    public static let email: EntityLabel = "EMAIL"
    public static let phone: EntityLabel = "PHONE"
    public static let creditCard: EntityLabel = "CREDIT_CARD"
    public static let iban: EntityLabel = "IBAN"
    public static let nationalID: EntityLabel = "NATIONAL_ID"
    public static let ipAddress: EntityLabel = "IP_ADDRESS"
    public static let url: EntityLabel = "URL"
    public static let macAddress: EntityLabel = "MAC_ADDRESS"
    public static let secret: EntityLabel = "SECRET"
    public static let password: EntityLabel = "PASSWORD"

    /// Other names of a label, as models and datasets spell them: the tagger's `ID_NUMBER` is
    /// Veil's `NATIONAL_ID`. A request, setting or JSON line may use either.
    public static let aliases: [String: EntityLabel] = ["ID_NUMBER": .nationalID]
}
