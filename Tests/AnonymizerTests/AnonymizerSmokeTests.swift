import Testing
@testable import Anonymizer

@Suite struct AnonymizerSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
