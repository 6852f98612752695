import Testing
@testable import Anonymizer

/// The structure scanner: which parts of a message the model may tag.
@Suite struct TextStructureTests {
    /// The maximal runs of open (not blocked) scalars that hold a letter or digit, trimmed.
    static func open(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let structure = TextStructure(scalars)
        var runs: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            let run = String(current).trimmingWhitespace
            if run.unicodeScalars.contains(where: \.isWordLike) { runs.append(run) }
            current = String.UnicodeScalarView()
        }
        for (i, s) in scalars.enumerated() {
            if structure.blocked.contains(i) { flush() } else { current.append(s) }
        }
        flush()
        return runs
    }

    @Test func proseIsOpen() {
        let text = "Write a Python function that parses a CSV file.\nThanks, Anna"
        #expect(Self.open(text) == [text])
        #expect(TextStructure("").blocked.isEmpty)
    }

    @Test func fencedCodeOpensOnlyLiteralsAndComments() {
        let text = """
        Look:
        ```python
        def greet(name):  # says hi to Anna
            return f"Hello {name}, from Bob" + 'x' // 2
        \"\"\"Docstring by Carol\"\"\"
        ```
        Done
        """
        #expect(Self.open(text) == ["Look:", "says hi to Anna", "Hello {name}, from Bob", "x", "2", "Docstring by Carol", "Done"])
    }

    @Test func unlabelledFencesAreCodeOnlyWhenTheyLookLikeIt() {
        #expect(Self.open("```\nlet x = load(path)\nprint(x)\n```") == [])
        #expect(Self.open("```\nDear Bob,\nsee you Monday.\n```") == ["Dear Bob,\nsee you Monday."])
        #expect(Self.open("```text\nx = 1;\n```\nafter") == ["x = 1;", "after"])
    }

    @Test func unclosedFenceRunsToTheEnd() {
        #expect(Self.open("intro\n```js\nconst name = 'Anna';\nconsole.log(name)") == ["intro", "Anna"])
    }

    @Test func inlineCodeIsLexed() {
        #expect(Self.open(#"Call `send_email(to="Anna")` then `x` done"#) == ["Call", "Anna", "then", "done"])
        #expect(Self.open("a `b and c") == ["a `b and c"])  // no closing backtick: prose
    }

    @Test func jsonKeysAreBlockedAndStringValuesOpen() {
        let text = #"Body: {"name": "John Smith", "age": 42, "tags": ["vip", "new"], "ok": true, "nested": {"city": "Boston"}} end"#
        #expect(Self.open(text) == ["Body:", "John Smith", "vip", "new", "Boston", "end"])
        #expect(Self.open("{'name': 'Anna', 'n': None}") == ["Anna"])
        #expect(Self.open("[{\"id\": 1}, {\"id\": 2}]") == [])
    }

    @Test func bracketsInProseAreNoJSON() {
        for text in ["[10:08 AM] Anna: hi", "{name} is a placeholder", "see [1] and [Bob]", "{\"unclosed\": \"x\""] {
            #expect(Self.open(text) == [text])
        }
    }

    @Test func configBlocksBlockKeysAndCodeValues() {
        let text = "server:\n  host: db.internal.example.com\n  port: 5432\n  owner: John Smith\n  address: 12 Main St\n  enabled: true\n"
        #expect(Self.open(text) == ["John Smith", "12 Main St"])
        #expect(Self.open("DB_USER=anna\nDB_PORT=5432") == ["anna"])
        // Mail headers are form fields: only their labels are blocked (the address is the e-mail detector's).
        #expect(Self.open("From: Anna Kowalska <anna@firma.pl>\nTo: Bob\nSubject: Lunch on Friday") == [
            "Anna Kowalska <anna@firma.pl>", "Bob", "Lunch on Friday",
        ])
    }

    @Test func aSingleColonLineIsProse() {
        #expect(Self.open("Note: call John tomorrow") == ["Note: call John tomorrow"])
        #expect(Self.open("See https://example.com/x\nand http://a.b") == ["See https://example.com/x\nand http://a.b"])
    }

    @Test func sqlOpensOnlyLiteralsAndComments() {
        let text = "Why slow? SELECT c.customer_name, SUM(o.total) FROM orders o WHERE name = 'John' -- by Anna\nGROUP BY 1; Thanks!"
        #expect(Self.open(text) == ["Why slow?", "John", "by Anna", "Thanks!"])
        #expect(Self.open("select * from users where id = 7") == [])
        #expect(Self.open("UPDATE users SET name = 'Bob' WHERE id = 1") == ["Bob"])
        #expect(Self.open("INSERT INTO t VALUES ('Anna', 3);") == ["Anna"])
    }

    @Test func sqlLookalikesInProseStayOpen() {
        for text in ["select the one you like from the list", "Please SELECT a seat", "Delete from my calendar the 3pm call",
                     "We UPDATE weekly"] {
            #expect(Self.open(text) == [text])
        }
    }

    @Test func sqlStatementsEndAtABlankLine() {
        #expect(Self.open("SELECT a FROM t\nWHERE b = 2\n\nAnna wrote this") == ["Anna wrote this"])
    }

    @Test func logLinesBlockHeaderNumbersAndCode() {
        #expect(Self.open("2024-03-05 10:30:12 ERROR [payment-service] Refund failed for user John Smith (id=88231) from 10.20.30.40")
            == ["Refund failed for user John Smith", "from"])
        #expect(Self.open("Oct 11 22:14:15 web01 sshd[4123]: Failed password for invalid user jsmith from 203.0.113.9 port 52144 ssh2")
            == ["Failed password for invalid user jsmith from", "port"])
        #expect(Self.open("[2024-03-05T10:30:12Z] user=anna action=\"login ok\"") == ["anna", "\"login ok\""])
        #expect(Self.open("WARN: disk almost full on node7, value null") == ["disk almost full on", "value null"])
    }

    @Test func accessLogsBlockTheRequestLine() {
        let text = #"203.0.113.9 - - [10/Oct/2023:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326 "-" "Mozilla/5.0""#
        #expect(Self.open(text) == ["\"GET"])
    }

    @Test func crlfLinesAreLines() {
        #expect(Self.open("a: x y\r\nb: 5\r\n\r\nAnna") == ["x y", "Anna"])
    }

    static func pathological(_ name: String) -> String {
        switch name {
        case "unclosed objects": String(repeating: "{\"a\": \"b\", ", count: 20_000)
        case "invalid nested objects": String(repeating: "{\"a\": {\"b\": x ", count: 20_000)
        case "apostrophes in code": "```\n" + String(repeating: "f(x) 'it ", count: 20_000)
        case "unconfirmed statements": String(repeating: "SELECT a, ", count: 20_000)
        case "backtick runs": "x" + String(repeating: " `` y `", count: 20_000)
        default: String(repeating: "a: b\n", count: 50_000)
        }
    }

    @Test(arguments: ["unclosed objects", "invalid nested objects", "apostrophes in code", "unconfirmed statements",
                      "backtick runs", "config lines"])
    func pathologicalInputStaysLinear(_ name: String) {
        let text = Self.pathological(name)
        let elapsed = ContinuousClock().measure { _ = TextStructure(text) }
        #expect(elapsed < .seconds(2))
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, f.properties.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
