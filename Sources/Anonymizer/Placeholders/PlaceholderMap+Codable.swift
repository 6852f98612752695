/// The `--save-map` file format:
/// `{"version":1,"entries":[{"placeholder":"[NAME_1]","value":"Ada","bracketed":false}],"reserved":{"NAME":3}}`,
/// plus `"reserved_exactly":{"EMAIL":[1000000000000000]}` when the input held lookalikes with
/// indices past ``PlaceholderMap/maxReservedIndex`` (readers that predate it ignore it).
extension PlaceholderMap: Codable {
    private enum CodingKeys: String, CodingKey {
        case version, entries, reserved
        case reservedExactly = "reserved_exactly"
    }
    private enum EntryKeys: String, CodingKey { case placeholder, value, bracketed }

    public static let formatVersion = 1

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        var list = container.nestedUnkeyedContainer(forKey: .entries)
        for entry in entries {
            var item = list.nestedContainer(keyedBy: EntryKeys.self)
            try item.encode(entry.placeholder.token, forKey: .placeholder)
            try item.encode(entry.value, forKey: .value)
            try item.encode(entry.bracketedInInput, forKey: .bracketed)
        }
        try container.encode(Dictionary(uniqueKeysWithValues: reserved.map { ($0.key.rawValue, $0.value) }), forKey: .reserved)
        if !reservedExactly.isEmpty {
            try container.encode(Dictionary(uniqueKeysWithValues: reservedExactly.map { ($0.key.rawValue, $0.value.sorted()) }),
                                 forKey: .reservedExactly)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? Self.formatVersion
        guard version == Self.formatVersion else { throw PlaceholderMapError.unsupportedVersion(version) }
        var list = try container.nestedUnkeyedContainer(forKey: .entries)
        var entries: [Entry] = []
        while !list.isAtEnd {
            let item = try list.nestedContainer(keyedBy: EntryKeys.self)
            let token = try item.decode(String.self, forKey: .placeholder)
            guard let placeholder = Placeholder(token: token) else { throw PlaceholderMapError.invalidPlaceholder(token) }
            entries.append(Entry(
                placeholder: placeholder,
                value: try item.decode(String.self, forKey: .value),
                bracketedInInput: try item.decodeIfPresent(Bool.self, forKey: .bracketed) ?? false
            ))
        }
        let reserved = try container.decodeIfPresent([String: Int].self, forKey: .reserved) ?? [:]
        let exactly = try container.decodeIfPresent([String: [Int]].self, forKey: .reservedExactly) ?? [:]
        try self.init(entries: entries, reserved: Dictionary(uniqueKeysWithValues: reserved.map { (EntityLabel($0.key), $0.value) }),
                      reservedExactly: Dictionary(uniqueKeysWithValues: exactly.map { (EntityLabel($0.key), $0.value) }))
    }
}
