// swift-tools-version:6.0
import PackageDescription

// Layers, dependencies pointing one way:
//   CGSL/CSupport (C) <- BuurtCore (engine: streams, registry, parallel chunks, files)
//   <- BuurtModel (the neighbourhood model) <- BuurtExperiments (designs, sweeps, analysis)
//   <- buurt (the command line, the only target that knows everything).
// The model's own targets are optimised in debug builds too, with assertions kept (`-assert-config
// Debug`, so the debug test run still checks every column index): the validation tests simulate
// districts for years, which unoptimised code runs many times slower.
let optimisedDebug: [SwiftSetting] = [.unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug))]
// The model's release build leaves out the run-time checks of exclusive access to a `World`'s
// properties (about 3% of a district's week); debug builds, and so every test run, keep them.
let modelSettings: [SwiftSetting] = optimisedDebug + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// The `buurt` executable carries the Swift runtime and Foundation in itself in Linux release builds
// (`-static-stdlib`, with Foundation's own static libraries named, which the flag alone leaves out):
// a process then started in about 7 ms instead of 12 (when measured), most of it the dynamic loading
// of Foundation and ICU, and a 2,000-resident run was about a tenth faster end to end. It is linked at a fixed address
// (`-no-pie`): a position-independent executable of this size has 108,000 relocations for the loader
// to apply at every start, on pages it must then copy (`buurt --version` took 4.4 ms, now 3.4). The
// price is that the executable's own code is not placed at a random address (libraries, stack and heap
// still are). Nor does it export its 25,900 symbols (`--no-export-dynamic`; nothing loads against
// them, and the runtime's start-up `dladdr` searched them all: 3.45 -> 3.12 ms). Debug builds,
// which the tests use, link as usual.
let staticRuntime: [LinkerSetting] = [
    .unsafeFlags([
        "-static-stdlib", "-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic", "-Xlinker", "--start-group",
        "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials", "-lCoreFoundation",
        "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
        "-Xlinker", "--end-group",
    ], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "Buurt",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "buurt", targets: ["buurt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
    ],
    targets: [
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev", "librandom123-dev"])]),
        // The C kernels (encounters, buurt_meet*.c; collect's sums, buurt_collect.c) optimised in debug
        // builds too, like the model's targets.
        .target(name: "CSupport", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "BuurtCore", dependencies: ["CGSL", "CSupport"], swiftSettings: optimisedDebug),
        .target(name: "BuurtModel", dependencies: ["BuurtCore", "CSupport", .product(name: "Yams", package: "Yams")], swiftSettings: modelSettings),
        .target(name: "BuurtExperiments", dependencies: ["CGSL", "BuurtCore", "BuurtModel"], swiftSettings: optimisedDebug),
        .target(name: "BuurtReport", dependencies: ["BuurtCore", "BuurtModel", "BuurtExperiments"]),
        // The live workshop page (`buurt serve`): Hummingbird with a WebSocket; knows the model, not experiments.
        // Its page lives in Page/ (html, css, js) and is compiled in as PageAssets.swift (scripts/embed-page).
        .target(name: "BuurtServer", dependencies: [
            "BuurtCore", "BuurtModel",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
        ], exclude: ["Page"]),
        .executableTarget(name: "buurt", dependencies: [
            "BuurtCore", "BuurtModel", "BuurtExperiments", "BuurtReport", "BuurtServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: staticRuntime),
        .executableTarget(name: "buurt-bench", dependencies: ["BuurtCore", "BuurtModel", "BuurtExperiments"]),
        .testTarget(name: "BuurtCoreTests", dependencies: ["BuurtCore", "CGSL"]),
        .testTarget(name: "BuurtModelTests", dependencies: ["BuurtModel"]),
        .testTarget(name: "BuurtExperimentsTests", dependencies: ["BuurtExperiments"]),
        .testTarget(name: "BuurtReportTests", dependencies: ["BuurtReport", "BuurtExperiments", "BuurtModel", "BuurtCore"]),
        .testTarget(name: "BuurtValidationTests", dependencies: ["BuurtCore", "BuurtModel", "BuurtExperiments"]),
        .testTarget(name: "BuurtServerTests", dependencies: [
            "BuurtServer", "BuurtModel",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
        ]),
        // The CLI tests run the `buurt` executable as a process (`swift build --build-tests` builds it);
        // they do not link its code, so its release link settings (above) stay out of the test bundle.
        .testTarget(name: "BuurtCLITests", dependencies: ["BuurtCore", "BuurtModel"]),
    ],
    // Swift 6 language mode everywhere: the compiler checks every target's concurrency.
    swiftLanguageModes: [.v6]
)
