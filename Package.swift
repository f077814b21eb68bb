// swift-tools-version:6.2
import PackageDescription

/// Swift 6 mode everywhere, with the upcoming features STYLE.md asks for.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Bosun",
    products: [
        .executable(name: "bosun", targets: ["bosun"]),
        .executable(name: "bosund", targets: ["bosund"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-extras/swift-extras-base64", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Pure domain: states, name specs. No Foundation, no system calls.
        .target(name: "BosunCore", swiftSettings: strictSettings),
        // XML-RPC values and wire codec; knows nothing of supervisor.
        .target(
            name: "XMLRPC",
            dependencies: [.product(name: "ExtrasBase64", package: "swift-extras-base64")],
            swiftSettings: strictSettings
        ),
        // The wire contract shared by client and daemon.
        .target(name: "BosunAPI", dependencies: ["BosunCore", "XMLRPC"], swiftSettings: strictSettings),
        // supervisord.conf reading: INI with positions, %(...)s expansion, typed sections.
        .target(
            name: "BosunConfig",
            dependencies: ["BosunCore", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings),
        // The real machine for config reading: files, globs, accounts, host name, environment.
        .target(
            name: "BosunPlatform",
            dependencies: ["BosunConfig", "BosunCore", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings),
        // The supervisorctl engine: blocking HTTP client, every command, exit codes.
        .target(
            name: "BosunControl",
            dependencies: [
                "BosunCore", "BosunAPI", "BosunConfig", "XMLRPC",
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // The scripting language: lexer, parser, interpreter over a host. No I/O of its own.
        .target(name: "BosunScript", dependencies: ["BosunCore"], swiftSettings: strictSettings),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The interactive shell: line editing, history, completion.
        .target(
            name: "BosunShell",
            dependencies: ["BosunControl", "BosunConfig", "BosunPlatform", "BosunScript", "BosunAPI", "BosunCore", "CEditLine"],
            swiftSettings: strictSettings),
        .executableTarget(name: "bosun", dependencies: ["BosunShell", "BosunControl"], swiftSettings: strictSettings),
        // zlib's gzip files: rotated logs compressed off the daemon's loop.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // C: fork/exec with everything posix_spawn cannot do, and the signal self-pipe.
        .target(name: "CSpawn"),
        // The supervisord runtime: one event loop owns every process, log and connection.
        .target(
            name: "BosunDaemon",
            dependencies: [
                "BosunCore", "BosunAPI", "BosunConfig", "BosunPlatform", "BosunWeb", "XMLRPC", "CSpawn", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "bosund", dependencies: ["BosunDaemon", "BosunPlatform"], swiftSettings: strictSettings),
        // The daemon's core in a simulated world (docs/simulation.md); scripts/simulate runs it.
        .target(
            name: "BosunSimulation",
            dependencies: [
                "BosunDaemon", "BosunAPI", "BosunConfig", "BosunCore", "XMLRPC",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(name: "bosun-simulate", dependencies: ["BosunSimulation"], swiftSettings: strictSettings),
        // The web UI: pages, rows, actions and assets, rendered with escaping. No I/O.
        .target(name: "BosunWeb", dependencies: ["BosunCore", "BosunAPI", "XMLRPC"], swiftSettings: strictSettings),
        // libFuzzer targets for every parser that reads outside input (scripts/libfuzz); the
        // driver replays files in a normal build.
        .target(
            name: "BosunFuzzTargets",
            dependencies: [
                "BosunConfig", "BosunCore", "BosunPlatform", "BosunScript", "XMLRPC",
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Fuzz/Targets",
            swiftSettings: strictSettings
        ),
        // Declares libFuzzer's driver; -sanitize=fuzzer links its definition.
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "bosun-fuzz", dependencies: ["BosunFuzzTargets", "CLibFuzzer"], path: "Fuzz/Driver", swiftSettings: strictSettings),

        .target(
            name: "TestSupport",
            dependencies: ["BosunConfig", .product(name: "OrderedCollections", package: "swift-collections")],
            path: "Tests/TestSupport", exclude: ["Scripts"], swiftSettings: strictSettings),
        .testTarget(name: "BosunCoreTests", dependencies: ["BosunCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "BosunScriptTests", dependencies: ["BosunScript", "BosunCore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "BosunWebTests", dependencies: ["BosunWeb", "BosunAPI", "BosunCore", "XMLRPC"], swiftSettings: strictSettings),
        .testTarget(name: "XMLRPCTests", dependencies: ["XMLRPC"], swiftSettings: strictSettings),
        .testTarget(
            name: "BosunConfigTests",
            dependencies: ["BosunConfig", "TestSupport", .product(name: "OrderedCollections", package: "swift-collections")], swiftSettings: strictSettings),
        .testTarget(
            name: "BosunDaemonTests",
            dependencies: [
                "BosunDaemon", "BosunAPI", "BosunCore", "BosunConfig", "BosunSimulation", "XMLRPC",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "BosunControlTests",
            dependencies: [
                "BosunControl", "BosunAPI", "BosunConfig", "XMLRPC", "TestSupport",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["BosunFuzzTargets"], swiftSettings: strictSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["TestSupport"],
            swiftSettings: strictSettings
        ),
        // One suite, four pairings: every scenario against supervisord and bosund, driven by
        // supervisorctl and by bosun, compared with supervisord + supervisorctl.
        .testTarget(
            name: "CompatibilityTests",
            dependencies: ["TestSupport"],
            path: "Tests/Compatibility",
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
