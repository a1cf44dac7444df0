// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "stet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "stet", targets: ["stet"]),
        // The parsers, for the fuzz targets in fuzz/ (a separate package that depends on this one).
        .library(name: "StetRecords", targets: ["Records"]),
        .library(name: "StetSignatures", targets: ["Signatures"]),
        .library(name: "StetRepository", targets: ["Repository"]),
        .library(name: "StetMarkdown", targets: ["Markdown"]),
        .library(name: "StetTraining", targets: ["Training"]),
        .library(name: "StetPortal", targets: ["Portal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // C libraries, from Debian's -dev packages.
        .systemLibrary(
            name: "CGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "CLibCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .target(name: "CPosix"),

        // The domain, one folder per concern.
        .target(name: "Records", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Signatures", dependencies: ["Records", "CLibCrypto"]),
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        .target(name: "Repository", dependencies: ["Records", "CGit2"]),
        .target(name: "Control", dependencies: ["Records", "Signatures", "Markdown", "Repository"]),
        .target(name: "Training", dependencies: ["Records", "Control", "Repository"]),
        .target(
            name: "Portal",
            dependencies: [
                "Records", "Control", "Markdown", "Repository", "Training", "CPosix",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),

        .target(name: "Demo", dependencies: ["Records", "Control", "Signatures", "Repository", "Training", "Portal"]),
        .target(name: "Authoring", dependencies: ["Records", "Control", "Markdown"]),
        .target(
            name: "Validation",
            dependencies: [
                "Records", "Control", "Signatures", "Repository", "Training", "CGit2", "CCmarkGFM", "CLibCrypto", "CPosix",
                .product(name: "Yams", package: "Yams"),
            ]),

        // The thin executable.
        .executableTarget(
            name: "stet",
            dependencies: [
                "Records", "Control", "Portal", "Repository", "Signatures", "Training", "Demo", "Authoring", "Validation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(
            name: "StetTests",
            dependencies: [
                "Records", "Signatures", "Markdown", "Repository", "Control", "Training", "Portal", "Demo", "Authoring", "Validation",
                "stet",
                .product(name: "Yams", package: "Yams"),
            ]),
    ]
)
