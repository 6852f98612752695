import Testing
@testable import Anonymizer

@Suite struct PatternDetectorsTests {
    static let cleanProse = """
    The quarterly review went well. We shipped version 2.4.1 on 2023-10-01 and closed 37 issues; \
    revenue grew 12.5% to $1,200.00 per seat (1 234,56 € in Europe). The build took 3:45 minutes on 16 cores.
    Order 123456789 shipped on 01/02/2024. See https://example.com/docs/getting-started?page=2#install.
    func total(items: [Item]) -> Int { items.reduce(0) { $0 + $1.price * 2 } } // O(n)
    let password = try keychain.password(for: account)
    if token == nil { throw AuthError.missingToken }
    SELECT id, name FROM users WHERE created_at > '2024-01-01' LIMIT 100;
    std::vector<int> v; v.push_back(42); auto x = a ? b : c;
    @MainActor final class ViewModel { @Published var count = 0 }
    Zoë said 😀 the café opens at 10:30 and closes at 22:00, room 4B, floor 3.
    Versions: 1.2.3.4.5, v10.0.19041.1, Python 3.11.4, node@18.17.0, icon@2x.png.
    {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 512, "stream": true}
    tokens = tokenizer.encode(text); token = tokenizer.decode(ids[0]); api_key = os.getenv("OPENAI_API_KEY")
    def login(username: str, password: str) -> Session: auth_token: Optional[str] = None
    const token = req.headers.authorization; passwordField.text = ""; PASSWORD_MIN_LENGTH = 8
    use std::io::Result; impl Foo for Bar {} // see RFC 9112 §6.1 and ISO 8601 timestamps like 2024-05-01T10:00:00Z
    Call stack: 0x7ffee3b5c8a0, PID 48213, uptime 12:34:56, checksum e3b0c44298fc1c149afbf4c8996fb924.
    """

    @Test func findsNothingInOrdinaryText() {
        let input = DetectionInput(Self.cleanProse)
        let spans = PatternDetectors.spans(in: input)
        #expect(spans.isEmpty, "unexpected: \(spans.map { "\($0.label): \(input.text(of: $0))" })")
    }

    @Test func standardSetCoversEveryStructuredLabel() {
        let labels = PatternDetectors.all().reduce(into: Set<EntityLabel>()) { $0.formUnion($1.supportedLabels) }
        let expected: Set<EntityLabel> = [.email, .phone, .creditCard, .iban, .nationalID, .ipAddress, .macAddress, .secret, .password]
        #expect(expected.isSubset(of: labels))
    }

    @Test func findsEachKindInOneMessage() throws {
        let text = "Zoë 😀 (jane@example.com, +48 601 234 567) paid 4111 1111 1111 1111 from DE89370400440532013000; " +
            "PESEL 44051401359, host 10.1.2.3, mac 3c:22:fb:12:34:56, password=hunter2"
        let input = DetectionInput(text)
        let found = Dictionary(grouping: PatternDetectors.spans(in: input), by: \.label).mapValues { $0.map { input.text(of: $0) } }
        #expect(found[.email] == ["jane@example.com"])
        #expect(found[.phone] == ["+48 601 234 567"])
        #expect(found[.creditCard] == ["4111 1111 1111 1111"])
        #expect(found[.iban] == ["DE89370400440532013000"])
        #expect(found[.nationalID] == ["44051401359"])
        #expect(found[.ipAddress] == ["10.1.2.3"])
        #expect(found[.macAddress] == ["3c:22:fb:12:34:56"])
        #expect(found[.password] == ["hunter2"])
    }

    @Test func customDetectorsJoinTheSet() throws {
        let custom = try CustomRegexDetector(label: "EMPLOYEE_ID", pattern: #"EMP-\d{6}"#)
        let spans = PatternDetectors.spans(in: DetectionInput("id EMP-000123"), using: PatternDetectors.all(custom: [custom]))
        #expect(spans.map(\.label) == ["EMPLOYEE_ID"])
    }
}
