// swift-tools-version: 6.0
import PackageDescription

/// QPIKit's benchmarks, a separate package so the main build never compiles them.
let package = Package(
    name: "QPIKitBenchmarks",
    dependencies: [.package(name: "QPIKit", path: "..")],
    targets: [
        .executableTarget(
            name: "QPIBench",
            dependencies: [.product(name: "QPICore", package: "QPIKit"), .product(name: "Model", package: "QPIKit"), .product(name: "Preprocess", package: "QPIKit"),
                           .product(name: "Formats", package: "QPIKit")],
            path: "Sources/QPIBench"),
    ]
)
