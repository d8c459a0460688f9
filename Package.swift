// swift-tools-version: 6.0
import PackageDescription

/// QPIKit: STM spectroscopic-imaging data, from lab formats to pairing symmetry.
///
/// Dependencies point one way: Tools → Analysis → Model → Preprocess → Formats → QPICore → C shims. QPICore
/// holds what every layer shares (lattice geometry, the q-frame, the map-stack type, seeded randomness,
/// FFTW). Each native library has its own system-library target holding only a module map and a header of
/// `static inline` shims.
let package = Package(
    name: "QPIKit",
    products: [
        .executable(name: "qpi", targets: ["Tools"]),
        .library(name: "QPICore", targets: ["QPICore"]),
        .library(name: "Formats", targets: ["Formats"]),
        .library(name: "Preprocess", targets: ["Preprocess"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "Analysis", targets: ["Analysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CFFTW", path: "Sources/CFFTW", pkgConfig: "fftw3",
                       providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTIFF", path: "Sources/CTIFF", pkgConfig: "libtiff-4",
                       providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "QPICore",
            dependencies: ["CFFTW"],
            path: "Sources/QPICore",
            exclude: ["README.md"]),
        .target(
            name: "Formats",
            dependencies: ["QPICore", "CHDF5", "CPNG", "CTIFF", "CZlib",
                           .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Formats",
            exclude: ["README.md"]),
        .target(
            name: "Preprocess",
            dependencies: ["QPICore", "Formats", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Preprocess",
            exclude: ["README.md"]),
        .target(
            name: "Model",
            dependencies: ["QPICore", "Preprocess", "Formats", "CBLAS",
                           .product(name: "Numerics", package: "swift-numerics")],
            path: "Sources/Model",
            exclude: ["README.md"],
            resources: [.copy("Resources/NbSe2.json"), .copy("Resources/pairing-classifier.safetensors")]),
        .target(
            name: "Analysis",
            dependencies: ["QPICore", "Model", "Preprocess", "Formats"],
            path: "Sources/Analysis",
            exclude: ["README.md"]),
        .executableTarget(
            name: "Tools",
            dependencies: ["QPICore", "Analysis", "Model", "Preprocess", "Formats", "CCairo",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/Tools"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "FormatsTests",
            dependencies: ["QPICore", "Formats", "TestSupport"],
            path: "Tests/FormatsTests"),
        .testTarget(
            name: "PreprocessTests",
            dependencies: ["QPICore", "Preprocess", "TestSupport"],
            path: "Tests/PreprocessTests"),
        .testTarget(
            name: "ToolsTests",
            dependencies: ["Tools"],
            path: "Tests/ToolsTests"),
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["QPICore", "Analysis", "Model", "Preprocess", "Formats", "TestSupport"],
            path: "Tests/AnalysisTests"),
        .testTarget(
            name: "ModelTests",
            dependencies: ["QPICore", "Model", "Preprocess", "Formats", "TestSupport",
                           .product(name: "Numerics", package: "swift-numerics")],
            path: "Tests/ModelTests"),
    ]
)
