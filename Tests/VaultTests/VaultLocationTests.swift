import Testing
@testable import Vault

@Suite struct VaultLocationTests {
    @Test func namedVaults() throws {
        #expect(try VaultLocation(parsing: "memory") == .memory)
        #expect(try VaultLocation(parsing: "") == .memory)
        #expect(try VaultLocation(parsing: "none") == .none)
        #expect(try VaultLocation(parsing: "redis://cache:6380/2") == .redis(RedisEndpoint(host: "cache", port: 6380, database: 2)))
    }

    @Test(arguments: [
        ("redis://localhost", RedisEndpoint(host: "localhost")),
        ("redis://127.0.0.1:7000", RedisEndpoint(host: "127.0.0.1", port: 7000)),
        ("redis://10.0.0.5:6379/", RedisEndpoint(host: "10.0.0.5")),
        ("redis://:s3cret@redis:6379/1", RedisEndpoint(host: "redis", database: 1, password: "s3cret")),
        ("redis://veil:s3cret@redis", RedisEndpoint(host: "redis", username: "veil", password: "s3cret")),
        ("redis://[::1]:6390", RedisEndpoint(host: "::1", port: 6390)),
    ])
    func redisURLs(_ url: String, _ expected: RedisEndpoint) throws {
        #expect(try RedisEndpoint(url: url) == expected)
    }

    @Test(arguments: ["redis://", "redis://host:port", "redis://host:0", "redis://host/x", "memcached://host", "http://redis"])
    func badLocationsAreRefused(_ text: String) {
        #expect(throws: VaultConfigError.self) { try VaultLocation(parsing: text) }
    }

    @Test func descriptionHidesThePassword() throws {
        let endpoint = try RedisEndpoint(url: "redis://:s3cret@redis:6379/1")
        #expect(endpoint.description == "redis://redis:6379/1")
    }
}
