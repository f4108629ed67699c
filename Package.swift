// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "loyalty",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loyalty", targets: ["loyalty"]),
        .executable(name: "loyalty-bench", targets: ["loyalty-bench"]),
        .library(name: "LoyaltyCore", targets: ["LoyaltyCore"]),
        .library(name: "LoyaltyNumerics", targets: ["LoyaltyNumerics"]),
        .library(name: "LoyaltyModel", targets: ["LoyaltyModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Persistent hash maps: a session copied per REPL line shares its definitions (issue 12).
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // config.toml (issue 13).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // read_csv (issue 14); the tests also read exports back with it (issue 13).
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // Reports render a script's comments as Markdown (issue 15); the tests read Markdown
        // exports back with it (issue 13).
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "CVectorMath"),
        // Units, sampling and statistics: numbers only, no language types.
        .target(name: "LoyaltyNumerics", dependencies: ["CVectorMath"]),
        // The economics on numbers: cohorts' parameters, the customer-loss model, CLV, projection.
        .target(name: "LoyaltyModel", dependencies: ["LoyaltyNumerics"]),
        .target(
            name: "LoyaltyCore",
            dependencies: [
                "LoyaltyModel", "LoyaltyNumerics", "CVectorMath",
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                // The prose of reports: a script's `#` comments are Markdown (issue 15).
                .product(name: "Ink", package: "Ink"),
            ]
        ),
        .target(
            name: "LoyaltyREPL",
            dependencies: [
                "LoyaltyCore", "LoyaltyNumerics", "CLibEdit", .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "loyalty",
            dependencies: [
                "LoyaltyCore", "LoyaltyNumerics", "LoyaltyREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "loyalty-bench", dependencies: ["LoyaltyCore", "LoyaltyNumerics", "LoyaltyREPL"]),
        .testTarget(name: "LoyaltyNumericsTests", dependencies: ["LoyaltyNumerics"]),
        .testTarget(name: "LoyaltyModelTests", dependencies: ["LoyaltyModel", "LoyaltyNumerics"]),
        .testTarget(name: "LoyaltyCoreTests", dependencies: ["LoyaltyCore", "LoyaltyModel", "LoyaltyNumerics", "CVectorMath"]),
        .testTarget(name: "LoyaltyREPLTests", dependencies: ["LoyaltyREPL", "LoyaltyCore", "LoyaltyNumerics"]),
        .testTarget(
            name: "loyaltyTests",
            dependencies: [
                "loyalty", "LoyaltyCore", "LoyaltyNumerics",
                .product(name: "SwiftCSV", package: "SwiftCSV"), .product(name: "Ink", package: "Ink"),
            ]
        ),
    ]
)
