import Testing
@testable import Anonymizer

/// Inside code, JSON, config, SQL and log lines the model tags only string literals, comments
/// and prose values; patterns still find secrets, e-mails and addresses anywhere (issue #14).
@Suite struct StructureHygieneTests {
    @Test func codeFenceKeepsIdentifiersAndTagsComments() async throws {
        let text = """
        Here is my code:
        ```python
        def get_user(user_id):
            # look up Anna Kowalska by id
            return db.query("SELECT name FROM users WHERE id = %s", user_id)
        ```
        Why is it slow?
        """
        let anonymizer = withModel([("def", .init("SECRET")), ("get_user", .name), ("user_id", .init("USERNAME")),
                                    ("Anna Kowalska", .name), ("db", .organization), ("query", .name)])
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == text.replacingOccurrences(of: "Anna Kowalska", with: "[NAME_1]"))
    }

    @Test func jsonKeysAreNeverMaskedAndTheJSONStaysValid() async throws {
        let text = #"{"name": "John Smith", "customer_id": 4411, "city": "Boston", "tags": ["vip"]}"#
        let anonymizer = withModel([("name", .name), ("John Smith", .name), ("customer_id", .init("ACCOUNT")),
                                    ("4411", .init("ACCOUNT")), ("city", .location), ("Boston", .location)])
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == #"{"name": "[NAME_1]", "customer_id": 4411, "city": "[LOCATION_1]", "tags": ["vip"]}"#)
        #expect(throws: Never.self) { try JSONParser.parse(Array(result.text.utf8)) }
    }

    @Test func aModelSpanOverAKeyAndItsValueKeepsTheValue() async throws {
        let text = #"Payload: {"owner": "John Smith"}"#
        let (result, _) = try await anonymizeFresh(text, withModel([(#"owner": "John Smith"#, .name)]))
        #expect(result.text == #"Payload: {"owner": "[NAME_1]"}"#)
    }

    @Test func sqlTagsOnlyLiterals() async throws {
        let text = "Why is this slow? SELECT c.customer_name, SUM(o.total) FROM orders o WHERE c.first_name = 'John' GROUP BY 1;"
        let anonymizer = withModel([("c.customer_name", .name), (", SUM(o", .address), ("orders o", .name), ("John", .name)])
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == "Why is this slow? SELECT c.customer_name, SUM(o.total) FROM orders o WHERE c.first_name = '[NAME_1]' GROUP BY 1;")
    }

    @Test func logLinesKeepTheirHeaderAndNumbersAndPatternsStillFindTheAddress() async throws {
        let text = "2024-03-05 10:30:12 ERROR [payment-service] Refund failed for user John Smith (id=88231) from 10.20.30.40"
        let anonymizer = withModel([("2024-03-05", .init("DATE")), ("ERROR", .organization), ("payment-service", .organization),
                                    ("John Smith", .name), ("88231", .init("ACCOUNT")), ("id", .init("USERNAME"))])
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == "2024-03-05 10:30:12 ERROR [payment-service] Refund failed for user [NAME_1] (id=88231) from [IP_ADDRESS_1]")
    }

    @Test func nginxAccessLogKeepsTheRequestLine() async throws {
        let text = #"203.0.113.9 - - [10/Oct/2023:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326 "-" "Mozilla/5.0""#
        let anonymizer = withModel([("10/Oct/2023", .init("DATE")), ("/index.html", .url), ("HTTP/1.1", .url), ("200", .init("MONEY")),
                                    ("Mozilla", .organization)])
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == #"[IP_ADDRESS_1] - - [10/Oct/2023:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326 "-" "Mozilla/5.0""#)
    }

    @Test func configBlocksKeepKeysAndCodeValues() async throws {
        let text = "server:\n  host: db.internal.example.com\n  port: 5432\n  owner: John Smith\n  enabled: true\n"
        let anonymizer = withModel([("server", .location), ("db.internal.example.com", .url), ("5432", .init("COORDINATES")),
                                    ("owner", .init("DATE")), ("John Smith", .name), ("true", .name)])
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == "server:\n  host: db.internal.example.com\n  port: 5432\n  owner: [NAME_1]\n  enabled: true\n")
    }

    @Test func patternsAreNotRestrictedByStructure() async throws {
        let text = "```python\nAWS_KEY = AKIA4QZ7RX2M9TLKW3HD  # owner anna@firma.pl\nsend(\"x\", 5294 7716 3058 2245)\n```"
        let (result, _) = try await anonymizeFresh(text, withModel([]))
        #expect(result.text == "```python\nAWS_KEY = [SECRET_1]  # owner [EMAIL_1]\nsend(\"x\", [CREDIT_CARD_1])\n```")
    }

    @Test func inlineCodeKeepsIdentifiersAndTagsLiterals() async throws {
        let text = #"Run `send_email(to="Anna Kowalska")` for Anna Kowalska"#
        let anonymizer = Anonymizer(detectors: [ModelStub(marks: [
            .init(text: "send_email", label: .name), .init(text: "Anna Kowalska", label: .name),
            .init(text: "Anna Kowalska", label: .name, occurrence: 1),
        ])])
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == #"Run `send_email(to="[NAME_1]")` for [NAME_1]"#)
    }
}
