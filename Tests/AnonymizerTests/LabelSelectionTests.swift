import Testing
@testable import Anonymizer

/// Issue #15 item 3: label lists are read against the loaded detectors' labels; empty and unknown
/// lists are errors, never "detect nothing".
@Suite struct LabelSelectionTests {
    let known: Set<EntityLabel> = [.email, .phone, .name]

    @Test func knownNamesAreTrimmedAndUpperCased() throws {
        #expect(try LabelSelection.parse(commaSeparated: " email ,PHONE,,\tname", known: known) == [.email, .phone, .name])
    }

    @Test(arguments: ["", ",", " , ,", "\t"])
    func aListWithNoNameIsAnError(_ text: String) {
        #expect(throws: LabelSelection.Failure.empty(known: [.email, .name, .phone])) {
            try LabelSelection.parse(commaSeparated: text, known: known)
        }
    }

    @Test(arguments: [("FOO", ["FOO"]), ("EMIAL", ["EMIAL"]), ("EMAILS", ["EMAILS"]), ("EMAIL, PHOEN", ["PHOEN"]),
                      ("bad label!", ["BAD?LABEL?"])])
    func unknownNamesAreAnErrorNamingThemAndTheValidLabels(_ text: String, _ unknown: [String]) {
        #expect(throws: LabelSelection.Failure.unknown(unknown, known: [.email, .name, .phone])) {
            try LabelSelection.parse(commaSeparated: text, known: known)
        }
        #expect(LabelSelection.Failure.unknown(unknown, known: [.email, .name, .phone]).description
            == "names unknown label \(unknown.joined(separator: ", ")); valid labels: EMAIL, NAME, PHONE")
    }

    @Test func theMessageIsBounded() {
        let names = (0..<100).map { "X\($0)" + String(repeating: "Y", count: 100) }
        do {
            _ = try LabelSelection.parse(names, known: known)
            Issue.record("no error")
        } catch {
            guard case .unknown(let shown, _) = error else { Issue.record("\(error)"); return }
            #expect(shown.count == 8 && shown.allSatisfy { $0.count <= 41 })
        }
    }

    @Test func anAnonymizerSupportsTheUnionOfItsDetectorsLabels() throws {
        let custom = try #require(try? CustomRegexDetector(label: "EMPLOYEE_ID", pattern: #"EMP-\d{6}"#))
        let anonymizer = Anonymizer(detectors: PatternDetectors.all(custom: [custom]))
        #expect(anonymizer.supportedLabels.isSuperset(of: [.email, .phone, .creditCard, .iban, "EMPLOYEE_ID"]))
        #expect(!anonymizer.supportedLabels.contains("EMIAL"))
        #expect(Anonymizer(detectors: []).supportedLabels.isEmpty)
    }

    /// The model's name for national ids, listed in its default labels, selects NATIONAL_ID.
    @Test func aliasesSelectTheirLabel() throws {
        let labels = try LabelSelection.parse(commaSeparated: "id_number, EMAIL", known: [.nationalID, .email])
        #expect(labels == [.nationalID, .email])
    }
}
