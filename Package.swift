// swift-tools-version: 6.0
import PackageDescription

/// QPIKit: STM spectroscopic-imaging data, from lab formats to pairing symmetry.
///
/// Dependencies point one way: Tools → Model → Preprocess → Formats → C shims. Each native library has its own
/// system-library target holding only a module map and a header of `static inline` shims.
let package = Package(
    name: "QPIKit",
    products: [
        .executable(name: "qpi", targets: ["Tools"]),
        .library(name: "Formats", targets: ["Formats"]),
        .library(name: "Preprocess", targets: ["Preprocess"]),
        .library(name: "Model", targets: ["Model"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
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
            name: "Formats",
            dependencies: ["CHDF5", "CPNG", "CTIFF", "CZlib",
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/Formats",
            exclude: ["README.md"]),
        .target(
            name: "Preprocess",
            dependencies: ["Formats", "CFFTW", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Preprocess",
            exclude: ["README.md"]),
        .target(
            name: "Model",
            dependencies: ["Preprocess", "Formats", "CBLAS",
                           .product(name: "Numerics", package: "swift-numerics")],
            path: "Sources/Model",
            exclude: ["README.md"],
            resources: [.copy("Resources/NbSe2.json"), .copy("Resources/pairing-classifier.safetensors")]),
        .executableTarget(
            name: "Tools",
            dependencies: ["Model", "Preprocess", "Formats", "CCairo",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/Tools"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "FormatsTests",
            dependencies: ["Formats", "TestSupport"],
            path: "Tests/FormatsTests"),
        .testTarget(
            name: "PreprocessTests",
            dependencies: ["Preprocess", "TestSupport"],
            path: "Tests/PreprocessTests"),
        .testTarget(
            name: "ModelTests",
            dependencies: ["Model", "Preprocess", "Formats", "TestSupport",
                           .product(name: "Numerics", package: "swift-numerics")],
            path: "Tests/ModelTests"),
    ]
)
