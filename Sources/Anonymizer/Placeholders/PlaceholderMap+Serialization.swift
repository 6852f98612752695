/// The map's one serialization, for `veil anonymize --save-map` / `veil reidentify --map` and
/// the proxy's conversation vault:
/// `{"version":1,"entries":[{"placeholder":"[NAME_1]","value":"Ada","bracketed":false}],"reserved":{"NAME":3}}`,
/// plus `"reserved_exactly":{"EMAIL":[1000000000000000]}` when the input held lookalikes with
/// indices past ``PlaceholderMap/maxReservedIndex`` (readers that predate it ignore it).
///
/// Written and read through Veil's own `JSONValue`: the vault saves and loads a map on every
/// Responses API turn, where Foundation's `JSONEncoder`/`JSONDecoder` cost more than
/// anonymizing the request itself (perf: 13 % of a turn's samples against 3 % for the request
/// walk). Members are read by name, so files written by the former `Codable` form (any member
/// order) still load.
extension PlaceholderMap {
    public static let formatVersion = 1

    /// The map as the bytes of its JSON form.
    public var serializedBytes: [UInt8] { jsonValue.serializedBytes() }

    /// A map from the bytes of its JSON form.
    public init(serialized bytes: [UInt8]) throws(PlaceholderMapError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .malformed("not JSON (\(error.description))")
        }
        try self.init(jsonValue: json)
    }

    public var jsonValue: JSONValue {
        let list = entries.map { entry -> JSONValue in
            .object([
                (key: "placeholder", value: .string(entry.placeholder.token)),
                (key: "value", value: .string(entry.value)),
                (key: "bracketed", value: .bool(entry.bracketedInInput)),
            ])
        }
        let reservedMembers = reserved.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { (key: $0.key.rawValue, value: JSONValue.number(String($0.value))) }
        var members: [(key: String, value: JSONValue)] = [
            (key: "version", value: .number(String(Self.formatVersion))),
            (key: "entries", value: .array(list)),
            (key: "reserved", value: .object(reservedMembers)),
        ]
        if !reservedExactly.isEmpty {
            members.append((key: "reserved_exactly", value: .object(reservedExactly.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                (key: $0.key.rawValue, value: JSONValue.array($0.value.sorted().map { .number(String($0)) }))
            })))
        }
        return .object(members)
    }

    public init(jsonValue: JSONValue) throws(PlaceholderMapError) {
        guard case .object = jsonValue else { throw .malformed("not an object") }
        let version = jsonValue["version"].map { $0.intValue ?? -1 } ?? Self.formatVersion
        guard version == Self.formatVersion else { throw .unsupportedVersion(version) }
        guard let list = jsonValue["entries"]?.arrayValue else { throw .malformed("'entries' must be a list") }
        var entries: [Entry] = []
        entries.reserveCapacity(list.count)
        for item in list {
            guard let token = item["placeholder"]?.stringValue, let value = item["value"]?.stringValue else {
                throw .malformed("each entry needs string members 'placeholder' and 'value'")
            }
            guard let placeholder = Placeholder(token: token) else { throw .invalidPlaceholder(token) }
            var bracketed = false
            if case .bool(let b)? = item["bracketed"] { bracketed = b }
            entries.append(Entry(placeholder: placeholder, value: value, bracketedInInput: bracketed))
        }
        var reserved: [EntityLabel: Int] = [:]
        if let members = jsonValue["reserved"] {
            guard case .object(let pairs) = members else { throw .malformed("'reserved' must be an object") }
            for (label, index) in pairs {
                guard let n = index.intValue else { throw .malformed("'reserved' values must be integers") }
                reserved[EntityLabel(label)] = n
            }
        }
        var exactly: [EntityLabel: [Int]] = [:]
        if let members = jsonValue["reserved_exactly"] {
            guard case .object(let pairs) = members else { throw .malformed("'reserved_exactly' must be an object") }
            for (label, list) in pairs {
                guard let items = list.arrayValue else { throw .malformed("'reserved_exactly' values must be lists of integers") }
                var indices: [Int] = []
                for item in items {
                    guard let n = item.intValue else { throw .malformed("'reserved_exactly' values must be lists of integers") }
                    indices.append(n)
                }
                exactly[EntityLabel(label)] = indices
            }
        }
        try self.init(entries: entries, reserved: reserved, reservedExactly: exactly)
    }
}
