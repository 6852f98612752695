extension AnonymizedRequest {
    /// The two-pass anonymization every request walker shares: `walk` visits the selected
    /// strings of `body` in document order. First every string is scanned for placeholder
    /// lookalikes (so a `[NAME_1]` pasted in a later message reserves index 1 before any name
    /// is numbered), then strings are anonymized in order, all for the same `scope`, and written
    /// back in a second walk.
    static func anonymizing(
        _ body: JSONValue, anonymizer: Anonymizer, map: inout PlaceholderMap, scope: DetectionScope,
        walk: (inout JSONValue, TextVisit) throws -> Void
    ) async throws -> AnonymizedRequest {
        var originals: [String] = []
        var verbatim: [Int: String] = [:]  // index in `originals` → path, for `.verbatim` texts
        var scratch = body
        try walk(&scratch) { text, kind in
            if case .verbatim(let path) = kind { verbatim[originals.count] = path }
            originals.append(text)
        }
        for text in originals { map.reserveLookalikes(in: text) }
        var redacted: [String] = []
        var entities: [RedactedEntity] = []
        redacted.reserveCapacity(originals.count)
        for (i, text) in originals.enumerated() {
            let result = try await anonymizer.anonymize(text, scope: scope, map: &map)
            if let path = verbatim[i], result.text != text { throw WalkerError.sensitiveVerbatimValue(path: path) }
            redacted.append(result.text)
            entities.append(contentsOf: result.entities)
        }
        var result = body
        var next = 0
        try walk(&result) { text, _ in
            if next < redacted.count { text = redacted[next] }
            next += 1
        }
        return AnonymizedRequest(body: result, textCount: originals.count, entities: entities)
    }
}
