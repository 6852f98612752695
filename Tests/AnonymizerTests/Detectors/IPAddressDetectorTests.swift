import Testing
@testable import Anonymizer

@Suite struct IPAddressDetectorTests {
    static let positives: [(String, String)] = [
        ("Server at 192.168.1.10", "192.168.1.10"),
        ("10.0.0.1:8080", "10.0.0.1"),
        ("route 10.0.0.0/8 via gw", "10.0.0.0"),
        ("Zoë 😀 from 8.8.8.8.", "8.8.8.8"),
        ("ip=172.16.254.1", "172.16.254.1"),
        ("http://203.0.113.5/path", "203.0.113.5"),
        ("host 2001:db8::1 up", "2001:db8::1"),
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
        ("link fe80::1ff:fe23:4567:890a%eth0 ok", "fe80::1ff:fe23:4567:890a%eth0"),
        ("::ffff:192.0.2.128", "::ffff:192.0.2.128"),
        ("[2001:db8::2]:443", "2001:db8::2"),
        ("client 198.51.100.23, port 5", "198.51.100.23"),
        ("from 2001:db8:0:0:1:0:0:1.", "2001:db8:0:0:1:0:0:1"),
        ("dns 1.1.1.1", "1.1.1.1"),
        ("mcast ff02::1", "ff02::1"),
        ("prefix 2001:db8:: is doc", "2001:db8::"),
        ("(100.64.0.1)", "100.64.0.1"),
        ("\"192.0.2.1\"", "192.0.2.1"),
        ("X-Forwarded-For: 203.0.113.195", "203.0.113.195"),
        ("peer=[fd00::abcd]", "fd00::abcd"),
        ("IP: 192.168.001.001", "192.168.001.001"),
        ("Zoë 😀 v6 2001:DB8:AC10:FE01::", "2001:DB8:AC10:FE01::"),
    ]

    static let negatives: [String] = [
        "1.2.3.4.5", "version 1.2.3.4", "256.1.1.1", "1.2.3", "0.0.0.0", "127.0.0.1", "::1", "::",
        "12:30:45", "aa:bb:cc:dd:ee:ff", "std::vector", "a::b::c", "v1.2.3.4", "10.0.0", "1.2.3.4abc",
        "192.168.1.300", "3.14.15.9265", "Foo::bar", "x = a ? b : c", "2001:db8:::1", "abc.10.0.0.1",
        "255.255.255.255", "build 10.0.19041.1",
    ]

    @Test(arguments: positives) func findsAddress(_ c: (String, String)) {
        #expect(DetectorHarness.values(IPAddressDetector(), c.0, .ipAddress) == [c.1])
    }

    @Test(arguments: negatives) func ignoresNonAddress(_ text: String) {
        #expect(DetectorHarness.values(IPAddressDetector(), text, .ipAddress).isEmpty)
    }
}
