import HTTP1
import TestSupport
import Testing

/// The request table, replayed through the drip-feed verifier (whole, byte by byte, random
/// slices, and all valid rows pipelined on one connection).
@Suite struct HTTPRequestParserTableTests {
    @Test(arguments: allCases)
    func dripFeed(_ row: ParserCase) {
        let mismatches = httpVerifier(limits: tableLimits).verify(row.dripFeedCase)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test(arguments: validCases.filter { $0.keepAlive != nil })
    func keepAlive(_ row: ParserCase) throws {
        let outcome = httpVerifier(limits: tableLimits).replay(row.input, sliceSizes: [])
        guard case .head(let head)? = outcome.parts.first else {
            Issue.record("\(row.name): no head")
            return
        }
        #expect(head.keepAlive == row.keepAlive)
    }

    @Test func validRowsPipelined() {
        let mismatches = httpVerifier(limits: tableLimits).verifyPipelined(allCases.map(\.dripFeedCase))
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test func tableIsLargeEnough() {
        #expect(allCases.count >= 40)
        #expect(Set(allCases.map(\.name)).count == allCases.count, "row names are unique")
    }
}
