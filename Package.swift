// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way:
//   C shims, TimeUnits → Sockets / HTTP1 / Tokenizer / Anonymizer → HTTPServer / Upstream / T5 → Proxy → veil
// HTTP1 does no I/O; Anonymizer never imports T5 (the glue lives in Proxy). Every target declares
// each module it imports.
let package = Package(
    name: "Veil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "veil", targets: ["veil"]),
        // For the fuzzing package in Fuzz/ (and embedders): the libraries without the CLI.
        .library(name: "VeilLibraries", targets: ["HTTP1", "Anonymizer", "Proxy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // MARK: C shims
        .target(name: "CLinuxShims"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // MARK: Libraries
        // Duration in seconds and milliseconds, for every layer (no dependencies).
        .target(name: "TimeUnits"),
        .target(name: "Sockets", dependencies: ["CLinuxShims", "TimeUnits"]),
        .target(name: "HTTP1", dependencies: ["CZlib"]),
        .target(
            name: "HTTPServer",
            dependencies: ["Sockets", "HTTP1", "TimeUnits", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Upstream",
            dependencies: ["CCurl", "TimeUnits", .product(name: "Logging", package: "swift-log")]
        ),
        // JSON values and the one JSON parser: request bodies and every config.json.
        .target(name: "JSON"),
        .target(name: "Anonymizer", dependencies: ["JSON"]),
        .target(name: "Tokenizer"),
        .target(name: "T5", dependencies: ["CBLAS", "JSON"]),
        // Conversation state between requests (memory or Redis over Sockets), sealed with libcrypto.
        .target(name: "Vault", dependencies: ["Sockets", "CCrypto", "TimeUnits"]),
        // The model detectors (the T5 tagger, the seq2seq anonymizer) between the engine and the proxy.
        .target(name: "Tagger", dependencies: ["Anonymizer", "T5", "Tokenizer"]),
        .target(
            name: "Proxy",
            dependencies: [
                "HTTPServer", "HTTP1", "Upstream", "Anonymizer", "Tagger", "Vault", "TimeUnits",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "veil",
            dependencies: [
                "Proxy", "Tagger", "Anonymizer", "HTTP1", "HTTPServer", "Upstream", "T5", "Tokenizer", "Vault", "TimeUnits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Benchmarks (opt-in executables; see Benchmarks/)
        .executableTarget(
            name: "veil-echo-server",
            dependencies: ["HTTPServer", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/EchoServer"
        ),
        .executableTarget(name: "t5-bench", dependencies: ["T5"], path: "Benchmarks/T5Bench"),
        .target(name: "BenchmarkSupport", path: "Benchmarks/Support"),
        .executableTarget(name: "anonymizer-bench", dependencies: ["Anonymizer", "BenchmarkSupport", "TimeUnits"], path: "Benchmarks/AnonymizerBench"),
        .executableTarget(name: "model-bench", dependencies: ["Anonymizer", "BenchmarkSupport", "Tagger", "TimeUnits"], path: "Benchmarks/ModelBench"),
        .executableTarget(name: "latency-bench", dependencies: ["Anonymizer", "BenchmarkSupport", "Tagger", "TimeUnits"], path: "Benchmarks/LatencyBench"),

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["HTTP1", "Sockets", .product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport"),
        .testTarget(name: "SocketsTests", dependencies: ["Sockets", "TestSupport"]),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1", "TestSupport"]),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: ["HTTPServer", "HTTP1", "Sockets", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "UpstreamTests", dependencies: ["Upstream", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "AnonymizerTests", dependencies: ["Anonymizer", "TestSupport"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "T5Tests", dependencies: ["T5", "Tokenizer", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "Sockets", "TestSupport"]),
        .testTarget(
            name: "ProxyTests",
            dependencies: [
                "Proxy", "Tagger", "HTTP1", "HTTPServer", "Sockets", "Upstream", "Anonymizer", "T5", "Tokenizer", "Vault", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
