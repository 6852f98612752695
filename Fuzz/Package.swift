// swift-tools-version: 6.1
// libFuzzer targets for Veil's parsers and re-identifiers (issue #7). A separate package so the
// main build never needs the fuzzer runtime. Run: Fuzz/run.sh [seconds-per-target]
import PackageDescription

let targets = ["FuzzHTTP1", "FuzzJSON", "FuzzReidentify", "FuzzSSE", "FuzzAnonymize"]

let package = Package(
    name: "VeilFuzz",
    dependencies: [.package(name: "Veil", path: "..")],
    targets: targets.map {
        .executableTarget(name: $0, dependencies: [.product(name: "VeilLibraries", package: "Veil")])
    },
    swiftLanguageModes: [.v6]
)
