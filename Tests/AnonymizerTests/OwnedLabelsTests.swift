import Testing
@testable import Anonymizer

/// The model keeps a label the patterns own only where the pattern validator accepts the value.
@Suite struct OwnedLabelsTests {
    static func accepted(_ value: String, _ label: EntityLabel) -> String? {
        let s = Array(value.unicodeScalars)
        return OwnedLabels.accepted(0..<s.count, label: label, in: s).map { s.string($0) }
    }

    @Test(arguments: [
        ("anna.kowalska@firma.pl", EntityLabel.email, "anna.kowalska@firma.pl"),
        ("<anna@firma.pl>", .email, "anna@firma.pl"),
        ("601 234 567", .phone, "601 234 567"),  // bare national number: the label stands in for "tel"
        ("+48 601 234 567", .phone, "+48 601 234 567"),
        ("5294 7716 3058 2245", .creditCard, "5294 7716 3058 2245"),
        ("DE02500105170137075030", .iban, "DE02500105170137075030"),
        ("203.0.113.9", .ipAddress, "203.0.113.9"),
        ("00:1A:2B:3C:4D:5E", .macAddress, "00:1A:2B:3C:4D:5E"),
        ("AKIA4QZ7RX2M9TLKW3HD", .secret, "AKIA4QZ7RX2M9TLKW3HD"),
        ("Tr0ub4dor&3", .secret, "Tr0ub4dor&3"),
        ("xK9mQ2vL7pR4", .password, "xK9mQ2vL7pR4"),
        ("X1234567", .nationalID, "X1234567"),
        ("123-45-6789", .nationalID, "123-45-6789"),
        ("AB 12 34 56 C", "ID_NUMBER", "AB 12 34 56 C"),
        ("https://linkedin.com/in/anna", .url, "https://linkedin.com/in/anna"),
        ("github.com/anna-k", .url, "github.com/anna-k"),
        ("www.anna.pl", .url, "www.anna.pl"),
        ("Anna Kowalska", .name, "Anna Kowalska"),  // not owned: unchanged
    ])
    func validatorsAccept(_ value: String, _ label: EntityLabel, _ kept: String) {
        #expect(Self.accepted(value, label) == kept)
    }

    @Test(arguments: [
        ("contacted", EntityLabel.email), ("Mail anna.kowalska@firma.pl", .email), ("anna at firma dot pl", .email),
        ("3:46", .phone), ("2024-01-15", .phone), ("v2.3.3", .phone),
        ("1234 5678 9012 3456", .creditCard), ("DE02500105170137075031", .iban),
        ("2.3.3", .ipAddress), ("127.0.0.1", .ipAddress), ("HTTP/1.1", .ipAddress),
        ("00:00:00:00:00:00", .macAddress),
        ("hunter2", .secret), ("python3.11", .secret), ("3f2c1e9b7a6d5c4b3a29", .secret), ("password", .password),
        ("2024-01-15", .nationalID), ("2.3.3", .nationalID), ("978-3-16-148410-0", .nationalID), ("1234", .nationalID),
        ("10.0.0.1", .nationalID), ("Anna Kowalska", .nationalID),
        ("HTTP/1.1", .url), ("index.html", .url), ("src/main.swift", .url), ("a b.com/x", .url),
    ])
    func validatorsReject(_ value: String, _ label: EntityLabel) {
        #expect(Self.accepted(value, label) == nil)
    }
}
