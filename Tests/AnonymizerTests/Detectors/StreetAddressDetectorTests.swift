import Testing
@testable import Anonymizer

@Suite struct StreetAddressDetectorTests {
    static let positives: [(String, [String])] = [
        ("From: Rowan Avenue Elementary School, 600 S Rowan Ave, Los Angeles, CA 90023, United States",
         ["600 S Rowan Ave, Los Angeles, CA 90023"]),
        ("Property Address: 412 Monterey Ave, Capitola, CA 95010\nParking: 3 cars", ["412 Monterey Ave, Capitola, CA 95010"]),
        ("the undeniable elegance of 444 29th St. The front", ["444 29th St."]),
        ("(3,'23 Workhaven Lane',NULL,'Alberta',300", ["23 Workhaven Lane"]),
        ("(314,'1224 Huejutla de Reyes Boulevard','','Lombardia'", ["1224 Huejutla de Reyes Boulevard"]),
        ("Ship to 221B Baker Street, Apt 2, London NW1 6XE today", ["221B Baker Street, Apt 2, London NW1 6XE"]),
        ("Lieferung an Hauptstraße 5, 10115 Berlin bitte", ["Hauptstraße 5, 10115 Berlin"]),
        ("Wir wohnen in der Berliner Straße 12a.", ["Berliner Straße 12a"]),
        ("Adres: ul. Marszałkowska 10, 00-950 Warszawa", ["ul. Marszałkowska 10, 00-950 Warszawa"]),
        ("Envoyez-le au 12 rue de la Paix, 75002 Paris.", ["12 rue de la Paix, 75002 Paris"]),
        ("Vivo en Calle Mayor 5, Madrid", ["Calle Mayor 5"]),
        ("Ship to:\nul. Długa 5\n00-001 Warszawa\nThanks", ["ul. Długa 5\n00-001 Warszawa"]),
        ("Mail it to\n412 Monterey Ave\nCapitola, CA 95010\n", ["412 Monterey Ave\nCapitola, CA 95010"]),
        (#""suite": "Apt. 950", "city": "Gwenborough""#, ["Apt. 950"]),
        (#""suite": "Suite 280""#, ["Suite 280"]),
    ]

    @Test(arguments: positives) func findsAddresses(_ c: (String, [String])) {
        #expect(DetectorHarness.values(StreetAddressDetector(), c.0, .address) == c.1)
    }

    /// Numbers followed by capitalised words that are no address; version strings; citations.
    static let negatives: [String] = [
        "Top 10 Ways To Improve Your Road Trip",
        "take 5 steps down the road",
        "Python 3 Way of doing things",
        "Chapter 3 covers the Main Street program.",
        "Windows 11 Home and Office 365",
        "Update via Docker 2 times a day",
        "See Smith et al. 2020 for details",
        "The Offering 3 was great and Spring 2 too",
        "Use Unit 5 of the course",
        "HTTP/1.1 200 OK",
        "version 2.4.1 St",
    ]

    @Test(arguments: negatives) func leavesLookalikesAlone(_ text: String) {
        #expect(DetectorHarness.values(StreetAddressDetector(), text, .address) == [])
    }
}
