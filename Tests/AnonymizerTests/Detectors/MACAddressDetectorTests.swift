import Testing
@testable import Anonymizer

@Suite struct MACAddressDetectorTests {
    static let values = [
        "aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "00:1A:2B:3C:4D:5E", "aabb.ccdd.eeff", "0011.2233.4455",
        "3c:22:fb:12:34:56", "de:ad:be:ef:00:01", "01:23:45:67:89:ab", "f0-18-98-aa-bb-cc", "00:00:5e:00:53:af",
        "08:00:27:4e:66:a1", "b8:27:eb:12:34:56", "dc:a6:32:00:11:22", "00:0c:29:ab:cd:ef", "52:54:00:12:34:56",
        "fc:fb:fb:01:fa:21", "001a.2b3c.4d5e", "A0B1.C2D3.E4F5", "12-34-56-78-9a-bc", "ac:de:48:00:11:22",
    ]
    static let positives: [(String, String)] = values.map { ("Zoë 😀 hw=\($0).", $0) } + [
        ("(01:23:45:67:89:ab)", "01:23:45:67:89:ab"),
        ("\"f0-18-98-aa-bb-cc\"", "f0-18-98-aa-bb-cc"),
        ("MAC 3c:22:fb:12:34:56, port 2", "3c:22:fb:12:34:56"),
    ]

    static let negatives: [String] = [
        "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "FF-FF-FF-FF-FF-FF", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00",
        "aa:bb-cc:dd:ee:ff", "gg:hh:ii:jj:kk:ll", "12:30:45", "2001:db8::1", "aabb.ccdd", "aabb.ccdd.eeff.0011",
        "xaa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ffx", "a:b:c:d:e:f", "aaa:bb:cc:dd:ee:ff", "1.2.3",
        "0000.0000.0000", "ffff.ffff.ffff", "aa:bb:cc:dd:ee:fff", "time 10:20:30:40:50",
    ]

    @Test(arguments: positives) func findsMAC(_ c: (String, String)) {
        #expect(DetectorHarness.values(MACAddressDetector(), c.0, .macAddress) == [c.1])
    }

    @Test(arguments: negatives) func ignoresNonMAC(_ text: String) {
        #expect(DetectorHarness.values(MACAddressDetector(), text, .macAddress).isEmpty)
    }
}
