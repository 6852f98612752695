import Testing
import HTTP1
import TestSupport

/// One row of the parser table: raw request text, and either the parts it parses into or the
/// status code it is rejected with (after the parts produced before the error).
struct ParserCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var parts: [HTTPRequestPart]
    var status: Int?
    /// The expected `keepAlive` of the parsed head, when the row is about it.
    var keepAlive: Bool?

    var testDescription: String { name }

    var dripFeedCase: DripFeedCase<HTTPRequestPart, Int> {
        DripFeedCase(name, input: input, parts: parts, failure: status)
    }

    static func valid(_ name: String, _ input: String, _ parts: [HTTPRequestPart], keepAlive: Bool? = nil) -> ParserCase {
        ParserCase(name: name, input: Array(input.utf8), parts: parts, status: nil, keepAlive: keepAlive)
    }

    static func invalid(_ name: String, _ input: String, _ status: Int, after parts: [HTTPRequestPart] = []) -> ParserCase {
        ParserCase(name: name, input: Array(input.utf8), parts: parts, status: status, keepAlive: nil)
    }
}

/// Builders that keep the table readable.
func head(_ method: String, _ target: String, _ fields: [(String, String)]) -> HTTPRequestPart {
    head(method, target, .http1_1, fields)
}

func head(_ method: String, _ target: String, _ version: HTTPVersion, _ fields: [(String, String)]) -> HTTPRequestPart {
    .head(HTTPRequestHead(method: HTTPMethod(method), target: target, version: version, fields: HTTPFields(fields)))
}

func body(_ text: String) -> HTTPRequestPart { .body(Array(text.utf8)) }

/// The parser, driven through the generic drip-feed verifier; failures compare by status code.
func httpVerifier(limits: HTTPLimits) -> DripFeedVerifier<HTTPRequestParser, HTTPRequestPart, Int> {
    DripFeedVerifier(
        makeDecoder: { HTTPRequestParser(limits: limits) },
        feed: { $0.append($1) },
        next: { try $0.next() },
        classify: { ($0 as? HTTPParserError)?.status.code ?? -1 },
        merge: mergeBodies
    )
}

/// Adjacent `.body` parts joined: how bytes are split into parts depends on how they arrived.
func mergeBodies(_ parts: [HTTPRequestPart]) -> [HTTPRequestPart] {
    var merged: [HTTPRequestPart] = []
    for part in parts {
        if case .body(let more) = part, case .body(let previous)? = merged.last {
            merged[merged.count - 1] = .body(previous + more)
        } else {
            merged.append(part)
        }
    }
    return merged
}
