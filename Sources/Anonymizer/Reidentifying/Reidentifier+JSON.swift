extension Reidentifier {
    /// Every string value of `value` restored, member names kept (error bodies and unknown
    /// events: providers echo input in messages).
    public func reidentifyingEveryString(_ value: JSONValue) -> JSONValue {
        if map.isEmpty { return value }
        var result = value
        JSONTextVisitor.allStrings(&result, keys: false) { s, _ in s = reidentify(s) }
        return result
    }
}
