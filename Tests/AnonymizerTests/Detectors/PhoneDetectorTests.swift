import Testing
@testable import Anonymizer

@Suite struct PhoneDetectorTests {
    static let positives: [(String, String)] = [
        ("Call me at +1 415 555 2671", "+1 415 555 2671"),
        ("+14155552671", "+14155552671"),
        ("Zoë 😀 tel: +48 601 234 567", "+48 601 234 567"),
        ("Office (415) 555-2671.", "(415) 555-2671"),
        ("415-555-2671", "415-555-2671"),
        ("415.555.2671", "415.555.2671"),
        ("1-800-555-0199", "1-800-555-0199"),
        ("London 020 7946 0958", "020 7946 0958"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("Berlin 030 12345678", "030 12345678"),
        ("0151 12345678", "0151 12345678"),
        ("Paris 01 23 45 67 89", "01 23 45 67 89"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("01.23.45.67.89", "01.23.45.67.89"),
        ("tel. 601 234 567", "601 234 567"),
        ("mobile: 601-234-567", "601-234-567"),
        ("WhatsApp 4155552671", "4155552671"),
        ("Fax: 030/1234567", "030/1234567"),
        ("☎ 601 234 567", "601 234 567"),
        ("Meeting 2023-10-01 415-555-2671", "415-555-2671"),
        ("+1 (415) 555-2671", "+1 (415) 555-2671"),
        ("call 0048 601 234 567", "0048 601 234 567"),
        ("(415-555-2671)", "415-555-2671"),
        ("tel:+4930123456", "+4930123456"),
        ("Telefon: 089 1234 5678", "089 1234 5678"),
        ("Order 1234 shipped; call 601 234 567 for help", "601 234 567"),
        ("reach me: 00 44 20 7946 0958", "00 44 20 7946 0958"),
    ]

    static let negatives: [String] = [
        "2023-10-01", "01/02/2024", "on 01.02.2024 at 10:30", "12:30:45", "$1,200.00", "1 234 567,89 €",
        "Total: 1 234 567 EUR", "version 1.2.3", "v10.0.1", "192.168.100.200", "Order 123456789",
        "Invoice 2023-001234", "Order #415-555-2671", "4111 1111 1111 1111", "tracking 1Z999AA10123456784",
        "id 12345678901234567890", "1696156800", "ISBN 978-3-16-148410-0", "10.0.19041.1", "Ref 020 7946 0958",
        "page 12 of 345", "3.14159265", "+0 123 456 789", "2023-10-01T12:00:00Z", "Population 38 000 000",
        "1.2.3.4.5.6.7.8", "€ 1 234 567", "build 20231001", "abc4155552671",
        "call us about invoice 2023-001234", "Phone support: ticket 55512345",
        "IBAN FR76 3043 8000 0836 8300 3000 905", "Austin, Texas 78712-1179 (phone)",
    ]

    @Test(arguments: positives) func findsPhone(_ c: (String, String)) {
        #expect(DetectorHarness.values(PhoneDetector(), c.0, .phone) == [c.1])
    }

    @Test(arguments: negatives) func ignoresNonPhone(_ text: String) {
        #expect(DetectorHarness.values(PhoneDetector(), text, .phone).isEmpty)
    }

    @Test func contextOnlyMatchesAreNotValidated() throws {
        let weak = try #require(DetectorHarness.spans(PhoneDetector(), "tel. 601 234 567").first)
        #expect(!weak.validated && weak.score < 1)
        let e164 = try #require(DetectorHarness.spans(PhoneDetector(), "+48 601 234 567").first)
        #expect(e164.validated && e164.score == 1)
    }

    /// An extension is part of the number: `x09125` left in clear would be half of the value.
    @Test(arguments: [("\"phone\": \"010-692-6593 x09125\",", "010-692-6593 x09125"),
                      ("Call 415-555-2671 ext. 12 today", "415-555-2671 ext. 12"),
                      ("phone 586.493.6943 x140", "586.493.6943 x140"),
                      ("Office (415) 555-2671 extension 7", "(415) 555-2671 extension 7"),
                      ("Call 415-555-2671 x-ray results", "415-555-2671")])
    func takesTheExtension(_ c: (String, String)) {
        #expect(DetectorHarness.values(PhoneDetector(), c.0, .phone) == [c.1])
    }
}
