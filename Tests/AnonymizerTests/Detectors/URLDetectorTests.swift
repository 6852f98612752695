import Testing
@testable import Anonymizer

@Suite struct URLDetectorTests {
    static let positives: [(String, String, EntityLabel)] = [
        ("postgres://admin:s3cr3t@db.example.com:5432/app", "s3cr3t", .password),
        ("https://user:hunter2@example.com", "hunter2", .password),
        // In user-info a word is the working default credential, not a placeholder for one.
        ("ES_HOST='http://elastic:password@localhost:9200'", "password", .password),
        ("# ES_HOST='https://elastic:changeme@abcdef.es.io:9243'", "changeme", .password),
        // Issue #15 item 14: quotes and backslashes in the password end the URL early, not the user-info.
        (#"postgres://admin:p\ss"w@db.example.com"#, #"p\ss"w"#, .password),
        ("Zoë 😀 https://x.com/?email=jane%40example.com", "jane%40example.com", .email),
        ("https://api.example.com/v1?token=abc123def456", "abc123def456", .secret),
        ("https://maps.googleapis.com/maps/api?key=XYZabc123&q=paris", "XYZabc123", .secret),
        ("https://site.com/profile?name=John+Smith", "John+Smith", .name),
        ("https://x.io/a?phone=%2B14155552671", "%2B14155552671", .phone),
        ("https://x.io/a?access_token=ya29.a0AfH6SM&b=1", "ya29.a0AfH6SM", .secret),
        ("https://b.s3.amazonaws.com/f?X-Amz-Signature=abcdef0123456789", "abcdef0123456789", .secret),
        ("redis://:p4ssw0rd@cache:6379", "p4ssw0rd", .password),
        ("https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/org/repo",
         "ghp_abcdefghijklmnopqrstuvwxyz0123456789", .secret),
        ("mongodb+srv://bob:Pa55word!@cluster0.mongodb.net/db", "Pa55word!", .password),
        ("See https://example.com/login?user=jdoe.", "jdoe", .name),
        ("https://example.com/cb?code=4/P7q7W91a-oMsCeLvIaQm6bTrgtp7#frag", "4/P7q7W91a-oMsCeLvIaQm6bTrgtp7", .secret),
        ("https://x.com/?a=1&api_key=K3yV4lu3;b=2", "K3yV4lu3", .secret),
        ("ftp://anon:guest123@ftp.example.org/", "guest123", .password),
        ("https://example.com/?ip=203.0.113.9", "203.0.113.9", .ipAddress),
        ("https://example.com/?first_name=Zoë", "Zoë", .name),
        ("<https://x.com/?email=a@b.co>", "a@b.co", .email),
        ("https://x.com/?ssn=536-22-1234", "536-22-1234", .nationalID),
        ("https://x.com/reset?Token=AbC123xyz789", "AbC123xyz789", .secret),
        ("amqp://guest:Gu3st!Pw@rabbit:5672", "Gu3st!Pw", .password),
    ]

    static let negatives: [String] = [
        "https://example.com/path/to/page", "https://example.com/?q=weather&page=2", "https://github.com/apple/swift",
        "ssh://git@github.com/org/repo.git", "https://user:****@example.com", "https://user:<password>@example.com",
        "https://x.com/?token=", "https://x.com/?token={token}", "https://x.com/?token=${TOKEN}",
        "www.example.com?email=a@b.co", "https://example.com/users/42", "http://localhost:8080/health",
        "mailto:a@b.co", "https://example.com/?lang=en&sort=desc", "https://example.com/search?query=password",
        "file:///etc/passwd", "https://cdn.example.com/app.js?v=1.2.3", "https://example.com:443/",
        "https://example.com/?name=", "http://[2001:db8::1]:80/", "https://x.com/?user_id=12345",
        "text with :// but no scheme",
    ]

    @Test(arguments: positives) func findsValue(_ c: (String, String, EntityLabel)) {
        let spans = DetectorHarness.spans(URLDetector(), c.0)
        let input = DetectionInput(c.0)
        #expect(spans.map { input.text(of: $0) } == [c.1])
        #expect(spans.map(\.label) == [c.2])
    }

    @Test(arguments: negatives) func leavesURLAlone(_ text: String) {
        #expect(DetectorHarness.spans(URLDetector(), text).isEmpty)
    }

    @Test func wantedLabelsFilterQueryValues() {
        let input = DetectionInput("https://u:pw123@x.com/?email=a@b.co", labels: [.email])
        #expect(URLDetector().spans(in: input).map(\.label) == [.email])
    }
}
