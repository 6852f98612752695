import Anonymizer
import HTTPServer
import T5

extension AnthropicHandler {
    /// Parses, anonymizes every text field through one map, and adds the preamble.
    /// Throws before anything could be sent: the fail-closed point.
    func prepare(_ request: HTTPRequest) async throws(ProxyError) -> PreparedRequest {
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw .invalidJSON(error.description)
        }
        let scope = try proxy.requestScope(request)
        var map = PlaceholderMap()
        let report: AnonymizedRequest
        do {
            report = try await walker.anonymizeRequestReport(body, anonymizer: proxy.anonymizer, map: &map, scope: scope)
        } catch let error as WalkerError {
            throw .unsupportedShape(error.description)
        } catch T5Error.busy {
            throw .overloaded
        } catch let error as TextTooLongError {
            throw .textTooLong(error)
        } catch {
            throw .anonymizerFailed(String(describing: type(of: error)))
        }
        var outgoing = report.body
        if let preamble = proxy.configuration.systemPreamble {
            outgoing = SystemPreamble(text: preamble).insertAnthropic(into: outgoing)
        }
        var counts: [EntityLabel: Int] = [:]
        for entity in report.entities { counts[entity.label, default: 0] += 1 }
        return PreparedRequest(body: outgoing.serializedBytes(), map: map,
                               entityCount: report.entities.count, labelCounts: counts,
                               wantsJSONContent: body["output_format"]?["type"]?.stringValue == "json_schema")
    }
}

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
