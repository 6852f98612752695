import Testing
@testable import Anonymizer

@Suite struct PersonNameDetectorTests {
    /// (text, the names found) — one case per cue, from the misses of the everyday prompts.
    static let positives: [(String, [String])] = [
        ("Hi Priya, can you review this?", ["Priya"]),
        ("Hi Jen, \nI hope you're well", ["Jen"]),
        ("Dear Anna Kowalska,\nthank you for your letter.", ["Anna Kowalska"]),
        ("Thanks, Tom!", ["Tom"]),
        ("Dear Mr. Thompson, thanks for your reply.", ["Mr. Thompson"]),
        ("Please ask Dr Anna Weber and Frau Müller.", ["Dr Anna Weber", "Frau Müller"]),
        ("Best regards,\nMarkus Lindqvist", ["Markus Lindqvist"]),
        ("Kind regards,\n\nMarkus Lindqvist, CTO", ["Markus Lindqvist"]),
        ("Regards, \n\nLaura Green \nProject Manager", ["Laura Green"]),
        ("Looks good.\nCheers, Tom", ["Tom"]),
        ("My colleague Jonas Weber will join the call tomorrow.", ["Jonas Weber"]),
        ("Other speakers included Teacher Oliver Malachi and Parent Kolby Reese.", ["Oliver Malachi", "Kolby Reese"]),
        ("Name: Jane\nMain points:", ["Jane"]),
        (#"{"first_name": "Kolby", "last_name": "Reese"}"#, ["Kolby", "Reese"]),
        (#"customer_name = "Ludwig van Beethoven""#, ["Ludwig van Beethoven"]),
        (#"From: "Joe Q. Public" <john.q.public@example.com>"#, ["Joe Q. Public"]),
        ("To: Sandy M. <noreply@rubyforge.org>", ["Sandy M."]),
        ("John: propose new idea\nJane: appointed to head project", ["John", "Jane"]),
        ("Ein Brief an Łukasz O'Brien-Smith, bitte.\nHallo Łukasz!", ["Łukasz"]),
    ]

    @Test(arguments: positives) func findsNames(_ c: (String, [String])) {
        #expect(DetectorHarness.values(PersonNameDetector(), c.0, .name) == c.1)
    }

    /// Capitalised words after the same cues that are no person, public figures without a cue, code.
    static let negatives: [String] = [
        "Hi team, please keep it private.",
        "Hello World!",
        "Dear Hiring Manager,",
        "Dear Sir or Madam,",
        "Hey ChatGPT, explain TCP.",
        "Hi Claude, summarise this.",
        "Who was Abraham Lincoln? Explain in simple terms.",
        "In Microsoft Excel, how do I sum a column?",
        "I have written a poem named Hayalet Sevgilim and need music for it.",
        "Note: nothing to add\nInput: a list\nOutput: a sorted list",
        "name: Checkout\n  uses: actions/checkout@v4",
        #""name": "Docker Compose", "version": "2.1""#,
        #"Reply-To: "Mary Smith: Personal Account" <smith@home.example>"#,
        "From: Testing <xxxxxxxx@xxx.example>",
        "Best regards,\nthe Veil team",
        "The customer Service Team will call.",
        "From: Rowan Avenue Elementary School, 600 S Rowan Ave",
        "print(\"Hello World\")",
    ]

    @Test(arguments: negatives) func leavesOrdinaryTextAlone(_ text: String) {
        #expect(DetectionInput(text).scalars.isEmpty == false)
        #expect(DetectorHarness.values(PersonNameDetector(), text, .name) == [])
    }

    @Test func plainPairsOnlyAtHighRecall() {
        let text = "Please send the contract to Anna Kowalska before Friday."
        let detector = PersonNameDetector()
        #expect(detector.spans(in: DetectionInput(text)).isEmpty)
        let input = DetectionInput(text, sensitivity: .highRecall)
        #expect(detector.spans(in: input).map { input.text(of: $0) } == ["Anna Kowalska"])
    }

    @Test func givenNamesLeaveOrdinaryWordsOut() {
        #expect(GivenNames.all.count > 10_000)
        for name in ["Anna", "Jonas", "Priya", "Łukasz", "Oliver"] { #expect(GivenNames.all.contains(name), "\(name)") }
        for word in ["Will", "Mark", "Rose", "Job", "Lincoln", "Summer", "Python"] { #expect(!GivenNames.all.contains(word), "\(word)") }
    }
}
