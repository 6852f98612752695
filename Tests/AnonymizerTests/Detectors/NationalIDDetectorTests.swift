import Testing
@testable import Anonymizer

@Suite struct NationalIDDetectorTests {
    static let positives: [(String, String)] = [
        ("SSN: 536-22-1234", "536-22-1234"),
        ("Zoë 😀 her number 123-45-6789 is on file", "123-45-6789"),
        ("social security number 536221234", "536221234"),
        ("SSN 536 22 1234", "536 22 1234"),
        ("PESEL 44051401359", "44051401359"),
        ("PESEL: 02210301249.", "02210301249"),
        ("99123123453", "99123123453"),
        ("born 1800s: 00812301012", "00812301012"),
        ("85921500031", "85921500031"),
        ("00322901232", "00322901232"),
        ("NIP: 5260001246", "5260001246"),
        ("NIP 526-000-12-46", "526-000-12-46"),
        ("VAT PL5260001246", "PL5260001246"),
        ("nip 123-45-63-218", "123-45-63-218"),
        ("NINO AB123456C", "AB123456C"),
        ("AB 12 34 56 C", "AB 12 34 56 C"),
        ("JG103759A", "JG103759A"),
        ("NI number: CE 12 34 56 D.", "CE 12 34 56 D"),
        ("Steuer-ID: 86095742719", "86095742719"),
        ("Steuerliche IdNr 65 112 389 011", "65 112 389 011"),
        ("NIR 185057800608491", "185057800608491"),
        ("sécu 1 85 05 78 006 084 91", "1 85 05 78 006 084 91"),
        ("269059935000706", "269059935000706"),
    ]

    static let negatives: [String] = [
        "000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000", "536221234",
        "44051401358", "44151401352", "99023001233", "5260001246", "NIP: 5260001247", "AB123456E",
        "DA123456A", "BG123456A", "AO123456A", "ab123456c", "Steuer-ID: 47935018265", "86095742719",
        "185057800608492", "123-45-67890", "Phone 415-555-2671", "2023-10-01", "order 12345678901",
        "XAB123456C",
    ]

    @Test(arguments: positives) func findsID(_ c: (String, String)) {
        #expect(DetectorHarness.values(NationalIDDetector(), c.0, .nationalID) == [c.1])
    }

    @Test(arguments: negatives) func ignoresNonID(_ text: String) {
        #expect(DetectorHarness.values(NationalIDDetector(), text, .nationalID).isEmpty)
    }

    @Test func peselCenturyEncoding() {
        #expect(NationalIDDetector.isPESEL([0, 0, 3, 2, 2, 9, 0, 1, 2, 3, 2]))  // 2000-12-29
        #expect(NationalIDDetector.isDate(year: 2000, month: 2, day: 29))
        #expect(!NationalIDDetector.isDate(year: 1900, month: 2, day: 29))
    }
}
