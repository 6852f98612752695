import Anonymizer

extension SystemPreamble {
    /// Messages API: the top-level `system` — prepended to a string, a first text block
    /// before an array (so `cache_control` on later blocks keeps its prefix), or added.
    func insertAnthropic(into body: JSONValue) -> JSONValue {
        guard case .object(var members) = body else { return body }
        let block = JSONValue.object([(key: "type", value: .string("text")), (key: "text", value: .string(text))])
        if let i = members.firstIndex(where: { $0.key == "system" }) {
            switch members[i].value {
            case .string(let existing): members[i].value = .string(text + "\n\n" + existing)
            case .array(let blocks): members[i].value = .array([block] + blocks)
            default: members[i].value = .string(text)
            }
        } else {
            members.insert((key: "system", value: .string(text)), at: 0)
        }
        return .object(members)
    }
}
