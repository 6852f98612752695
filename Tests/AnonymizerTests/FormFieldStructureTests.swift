import Testing
@testable import Anonymizer

/// `Key: value` blocks: a form filled in for a person keeps its values open to the model; a config
/// file keeps numbers and identifiers blocked. Code-shaped config and log values stay open to the
/// labels whose values look like identifiers (USERNAME, SECRET, …).
@Suite struct FormFieldStructureTests {
    @Test func formFieldValuesAreOpenLikeProse() {
        let text = "Account Number: 9876543210\nAmount: $500.00\nDate: 2023-10-03\nRecipient: Tom Brown"
        let structure = TextStructure(text)
        for value in ["$500.00", "2023-10-03", "Tom Brown"] {
            let start = Array(text.unicodeScalars).firstRange(of: Array(value.unicodeScalars))?.lowerBound ?? -1
            #expect(structure.allows(start..<(start + value.unicodeScalars.count)), "\(value) should be open")
        }
        #expect(!structure.allows(27..<33), "the field label 'Amount' stays blocked")
    }

    @Test func configValuesKeepNumbersBlocked() {
        let text = "host: db1.internal\nport: 5432\ntimeout: 30\nowner: Anna Kowalska"
        let structure = TextStructure(text)
        let s = Array(text.unicodeScalars)
        let port = s.firstRange(of: Array("5432".unicodeScalars))?.lowerBound ?? -1
        #expect(!structure.allows(port..<(port + 4)))
        let owner = s.firstRange(of: Array("Anna Kowalska".unicodeScalars))?.lowerBound ?? -1
        #expect(structure.allows(owner..<(owner + 13)))
    }

    @Test func aProgramTagInALogLineIsNoValue() {
        let text = "Mar 29 21:30:05 ip-10-77-20-248 sshd[6262]: pam_unix(sshd:session): session opened for user anna_k"
        let structure = TextStructure(text)
        let s = Array(text.unicodeScalars)
        let tag = s.firstRange(of: Array("pam_unix(sshd:session):".unicodeScalars)) ?? 0..<0
        #expect(!structure.blocked(for: "USERNAME").isDisjoint(RangeSet(tag)))
        let user = s.firstRange(of: Array("anna_k".unicodeScalars)) ?? 0..<0
        #expect(structure.blocked(for: "USERNAME").isDisjoint(RangeSet(user)))
    }

    @Test func codeShapedValuesAreOpenOnlyToIdentifierLabels() {
        let text = "deploy:\n  user: elwyn.skiles\n  password: gX69YO4CvBsVjz\n  image: app-v2.3"
        let structure = TextStructure(text)
        let s = Array(text.unicodeScalars)
        let user = s.firstRange(of: Array("elwyn.skiles".unicodeScalars)) ?? 0..<0
        #expect(!structure.blocked(for: .name).isDisjoint(RangeSet(user)))
        #expect(structure.blocked(for: "USERNAME").isDisjoint(RangeSet(user)))
        let key = s.firstRange(of: Array("gX69YO4CvBsVjz".unicodeScalars)) ?? 0..<0
        #expect(structure.blocked(for: .secret).isDisjoint(RangeSet(key)))
    }
}
