// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "loyalty",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loyalty", targets: ["loyalty"]),
        .executable(name: "loyalty-bench", targets: ["loyalty-bench"]),
        .library(name: "LoyaltyCore", targets: ["LoyaltyCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "CVectorMath"),
        .target(name: "LoyaltyCore", dependencies: ["CVectorMath"]),
        .target(name: "LoyaltyREPL", dependencies: ["LoyaltyCore", "CLibEdit"]),
        .executableTarget(
            name: "loyalty",
            dependencies: [
                "LoyaltyCore", "LoyaltyREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "loyalty-bench", dependencies: ["LoyaltyCore"]),
        .testTarget(name: "LoyaltyCoreTests", dependencies: ["LoyaltyCore", "CVectorMath"]),
        .testTarget(name: "LoyaltyREPLTests", dependencies: ["LoyaltyREPL", "LoyaltyCore"]),
        .testTarget(name: "loyaltyTests", dependencies: ["loyalty", "LoyaltyCore"]),
    ]
)
