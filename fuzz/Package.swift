// swift-tools-version:6.0
// libFuzzer targets for stet's parsers of hostile input; not part of the product.
// Build and run them with `fuzz/run.sh [SECONDS]` (it passes -sanitize=fuzzer,address).
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which depends on where the repository
// was cloned: find that name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let stet = root.lastPathComponent

func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies)
}

let package = Package(
    name: "stet-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer"]),
        fuzzTarget("FuzzSSHSignature", [.product(name: "StetSignatures", package: stet)]),
        fuzzTarget("FuzzOpenPGPSignature", [.product(name: "StetSignatures", package: stet), .product(name: "StetRecords", package: stet)]),
        fuzzTarget("FuzzOpenPGPKey", [.product(name: "StetSignatures", package: stet)]),
        fuzzTarget("FuzzAllowedSigners", [.product(name: "StetSignatures", package: stet)]),
        fuzzTarget("FuzzCommitObject", [.product(name: "StetRepository", package: stet)]),
        fuzzTarget("FuzzStrictYAML", [.product(name: "StetRecords", package: stet)]),
        fuzzTarget("FuzzTrainingCSV", [.product(name: "StetTraining", package: stet), .product(name: "StetRecords", package: stet)]),
        fuzzTarget("FuzzMarkdown", [.product(name: "StetMarkdown", package: stet), .product(name: "StetRecords", package: stet)]),
        fuzzTarget("FuzzMarkdownLimits", [.product(name: "StetMarkdown", package: stet), .product(name: "StetRecords", package: stet)]),
        fuzzTarget("FuzzWordDiff", [.product(name: "StetPortal", package: stet)]),
    ]
)
