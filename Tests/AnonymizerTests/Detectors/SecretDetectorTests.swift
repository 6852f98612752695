import Testing
@testable import Anonymizer

@Suite struct SecretDetectorTests {
    static let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    static let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw\n-----END RSA PRIVATE KEY-----"
    static let ghp = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"

    static let positives: [(String, String, EntityLabel)] = [
        ("key id AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", .secret),
        // Issue #15 item 14: a quote inside a bare value is part of it; one closing a string is not.
        (#"password: ab"cd\ef"#, #"ab"cd\ef"#, .password),
        (#"env = "password=abc123xyz" "#, "abc123xyz", .password),
        ("DB_PASSWORD=&82EdY3iIoToX#Xny", "&82EdY3iIoToX#Xny", .password),
        ("mysql --password %0KnZnPOg*h&c0gu8 -h db.internal", "%0KnZnPOg*h&c0gu8", .password),
        ("password: blue-horse84L!", "blue-horse84L!", .password),
        ("DB_PASSWORD=sunflower14M?", "sunflower14M?", .password),
        ("password: hunter2.", "hunter2", .password),
        ("https://x.example/login?password=abc123xyz&user=jd", "abc123xyz", .password),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", .secret),
        ("Zoë 😀 token \(ghp) leaked", ghp, .secret),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", .secret),
        ("glpat-AbCdEf1234567890GhIj", "glpat-AbCdEf1234567890GhIj", .secret),
        ("OPENAI sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL", "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL", .secret),
        ("sk-proj-AbCdEf1234567890_ghIJkl-MnOp", "sk-proj-AbCdEf1234567890_ghIJkl-MnOp", .secret),
        ("sk-ant-api03-AbCdEf1234567890_ghIJkl-MnOpQrSt", "sk-ant-api03-AbCdEf1234567890_ghIJkl-MnOpQrSt", .secret),
        ("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", .secret),
        ("hook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX.",
         "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", .secret),
        ("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", .secret),
        ("rk_live_AbCdEf1234567890ghIJ", "rk_live_AbCdEf1234567890ghIJ", .secret),
        ("pk_live_AbCdEf1234567890ghIJ", "pk_live_AbCdEf1234567890ghIJ", .secret),
        ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", .secret),
        ("maps AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", .secret),
        ("jwt=\(jwt)", jwt, .secret),
        ("key:\n\(pem)\nend", pem, .secret),
        ("password=hunter2", "hunter2", .password),
        ("DB_PASSWORD: \"s3cr3t!\"", "s3cr3t!", .password),
        ("{\"password\": \"p@ss w0rd\"}", "p@ss w0rd", .password),
        ("mysql --password xyz123 -h db", "xyz123", .password),
        ("export API_KEY='abc123def456ghi'", "abc123def456ghi", .secret),
        ("client_secret: 9f8e7d6c5b4a", "9f8e7d6c5b4a", .secret),
        ("Authorization: Bearer abcdef1234567890abcdef", "abcdef1234567890abcdef", .secret),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==", .secret),
        ("token := \"tkn_9a8b7c6d5e4f\"", "tkn_9a8b7c6d5e4f", .secret),
        ("'secret' => 'abcdef123456'", "abcdef123456", .secret),
        ("Zoë 😀 password: hunter2.", "hunter2", .password),
        ("{\\\"password\\\": \\\"esc4ped\\\"}", "esc4ped", .password),
        ("apiKey = \"AbC123dEf456\"", "AbC123dEf456", .secret),
        ("run --db-password=Zz9yy8xx7", "Zz9yy8xx7", .password),
        ("spring.datasource.password=Sup3rS3cret", "Sup3rS3cret", .password),
    ]

    static let negatives: [String] = [
        "consumer_secret => \"INSERT YOUR CONSUMER SECRET\"", "#private_key = \"~/.ssh/id_rsa\"",
        "password: ********", "password=<password>", "PASSWORD=${DB_PASSWORD}", "password: changeme",
        "token = get_token()", "password = self.password", "password: String", "max_tokens: 100",
        "if password == other", "password != ''", "api_key: your_api_key_here", "The password is required.",
        "sk-learn is a library", "token_type: Bearer", "AKIA123", "Bearer token authentication",
        "Basic authentication", "eyJhbGciOi.notajwt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "ghp_short", "password:", "\"password\": null",
        "secret: true", "token: 12345", "password = os.environ[\"PW\"]", "password_hash: abc123def456",
        "PASSWORD=$DB_PASS", "func login(password: String)", "let apiKey = config.apiKey",
    ]

    @Test(arguments: positives) func findsSecret(_ c: (String, String, EntityLabel)) {
        let input = DetectionInput(c.0)
        let spans = SecretDetector().spans(in: input)
        #expect(spans.map { input.text(of: $0) } == [c.1])
        #expect(spans.map(\.label) == [c.2])
    }

    @Test(arguments: negatives) func ignoresNonSecret(_ text: String) {
        #expect(DetectorHarness.spans(SecretDetector(), text).isEmpty)
    }

    @Test func truncatedPEMRunsToBlankLine() {
        let text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n\nnext paragraph"
        #expect(DetectorHarness.values(SecretDetector(), text, .secret)
            == ["-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU"])
    }

    @Test func prefixedTokenInsideAssignmentIsReportedOnce() {
        let spans = DetectorHarness.spans(SecretDetector(), "OPENAI_API_KEY=sk-proj-AbCdEf1234567890_ghIJkl-MnOp")
        #expect(spans.count == 1 && spans[0].validated)
    }
}
