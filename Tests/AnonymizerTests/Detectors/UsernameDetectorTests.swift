import Testing
@testable import Anonymizer

@Suite struct UsernameDetectorTests {
    /// (text, the user names found) — from the kinds of text where everyday prompts carry them.
    static let positives: [(String, [String])] = [
        ("sshd[4]: Failed password for invalid user elastic_user_5 from 85.245.107.41 port 61863", ["elastic_user_5"]),
        ("sshd[4]: Accepted publickey for jdoe from 10.0.0.1 port 22 ssh2", ["jdoe"]),
        ("pam_unix(sshd:session): session opened for user anna.k by (uid=0)", ["anna.k"]),
        ("useradd[858]: failed adding user 'elastic_user_1', data deleted", ["elastic_user_1"]),
        ("authentication failure; logname= uid=0 rhost=24.151.103.17  user=mkowalski", ["mkowalski"]),
        (#"{"username":"Bret","email":"b@x.io"}"#, ["Bret"]),
        ("deploy:\n    user: aaronloo\n    password: x", ["aaronloo"]),
        ("* Fix header case ([#162], thanks [@baboateng])", ["@baboateng"]),
        ("[#398]: https://github.com/Yelp/detect-secrets/pull/398\n[@DariuszPorowski]: https://github.com/DariuszPorowski",
         ["@DariuszPorowski"]),
        ("* Improve multipart mail @kapfenho", ["@kapfenho"]),
        ("@sweet_tree_co can't wait to try these", ["@sweet_tree_co"]),
        ("RT @trutherbot : http://t.co/AHFJ0HL4wF", ["@trutherbot"]),
        ("I need to reset my password. My username is emily_clark.", ["emily_clark"]),
        ("- Kitchen: /Users/jdoe/Desktop and /home/mkowalski/.ssh", ["jdoe", "mkowalski"]),
    ]

    @Test(arguments: positives) func findsUserNames(_ c: (String, [String])) {
        #expect(DetectorHarness.values(UsernameDetector(), c.0, .username) == c.1)
    }

    /// Look-alikes: system accounts, chat turns, decorators, scoped packages, e-mail addresses.
    static let negatives: [String] = [
        "session closed for user root",
        "Failed password for invalid user ubnt from 183.146.159.20 port 22",
        "Failed password for invalid user user1 from 103.230.120.26 port 22",
        "User: Can you help me with my essay?",
        "@property\ndef name(self): ...",
        "    @Override\n    public String toString()",
        "@app.route(\"/\")\ndef index(): ...",
        "@dataclass(frozen=True)\nclass Point: ...",
        "@Override public String toString()",
        "npm install @types/node --save-dev",
        "Write to anna@example.com today",
        "user_id=12345",
        "username: the name you log in with, e.g. your e-mail",
    ]

    @Test(arguments: negatives) func leavesLookAlikes(_ text: String) {
        #expect(DetectorHarness.values(UsernameDetector(), text, .username).isEmpty)
    }

    @Test func skipsWhenTheLabelIsNotWanted() {
        let input = DetectionInput("user=jdoe", labels: [.email])
        #expect(UsernameDetector().spans(in: input).isEmpty)
    }
}
