// swift-tools-version: 6.0
import PackageDescription

/// QPIKit: STM spectroscopic-imaging data, from lab formats to pairing symmetry.
///
/// Dependencies point one way: Tools → Formats → C shims (Preprocess and Model join
/// between Tools and Formats as they are built). Each native library has its own
/// system-library target holding only a module map and a header of `static inline` shims.
let package = Package(
    name: "QPIKit",
    products: [
        .executable(name: "qpi", targets: ["Tools"]),
        .library(name: "Formats", targets: ["Formats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
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
            path: "Sources/Formats"),
        .executableTarget(
            name: "Tools",
            dependencies: ["Formats",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/Tools"),
        .testTarget(
            name: "FormatsTests",
            dependencies: ["Formats"],
            path: "Tests/FormatsTests"),
    ]
)
