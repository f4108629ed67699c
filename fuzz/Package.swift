// swift-tools-version:6.0
// The fuzz target, a package of its own so the main build never links a program without main.
// Build and run with scripts/fuzz (libFuzzer with AddressSanitizer).
import PackageDescription

let package = Package(
    name: "loyalty-fuzz",
    dependencies: [.package(name: "loyalty", path: "..")],
    targets: [
        .executableTarget(name: "loyalty-fuzz", dependencies: [
            .product(name: "LoyaltyCore", package: "loyalty"), .product(name: "LoyaltyNumerics", package: "loyalty"),
        ]),
    ]
)
