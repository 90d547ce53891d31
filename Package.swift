// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "smartconnect",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "smartconnect", targets: ["smartconnect"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
    .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.5.0"),
  ],
  targets: [
    // The domain: pure, no I/O, no clock, no randomness of its own.
    .target(name: "Subscriptions"),
    // The store interface only: the async protocol, its values and errors, and the rules
    // every store shares. No GRDB, no postgres-nio.
    .target(
      name: "SubscriptionStore",
      dependencies: [
        "Subscriptions",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // The embedded store (GRDB).
    .target(
      name: "SQLiteStore",
      dependencies: [
        "Subscriptions", "SubscriptionStore",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    // NUT's upsd client: a pure protocol parser and a connection (SwiftNIO, NIOSSL for STARTTLS).
    .target(
      name: "UPSDiscovery",
      dependencies: [
        "Subscriptions",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ]
    ),
    // The shared store (postgres-nio), for a team whose technicians work on one fleet.
    .target(
      name: "PostgresStore",
      dependencies: [
        "Subscriptions", "SubscriptionStore",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]
    ),
    // The portal's words: gettext catalogs (po/) compiled in by Scripts/po2swift.py.
    .target(name: "Localization"),
    // The state machine, the pure rendering of every screen, and the runtime that performs
    // its effects against the store.
    .target(name: "Wizard", dependencies: ["Subscriptions", "SubscriptionStore", "Localization"]),
    .systemLibrary(
      name: "CNCurses",
      pkgConfig: "ncursesw",
      providers: [.apt(["libncurses-dev"])]
    ),
    // Async-signal-safe terminal restore on signals and crashes (C for real statics).
    .target(name: "CTerminalRescue"),
    // The only module that imports CNCurses.
    .target(
      name: "CursesTerminal",
      dependencies: [
        "Wizard", "Subscriptions", "SubscriptionStore", "Localization", "CNCurses",
        "CTerminalRescue",
      ]
    ),
    .executableTarget(
      name: "smartconnect",
      dependencies: [
        "Subscriptions",
        "SubscriptionStore",
        "SQLiteStore",
        "PostgresStore",
        "Wizard",
        "CursesTerminal",
        "CTerminalRescue",
        "UPSDiscovery",
        "Localization",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      exclude: ["hot-functions.txt"],
      // The release links with LLVM's lld (shipped with the toolchain) and packs its relative
      // relocations (DT_RELR, glibc 2.36+): a release built with --static-swift-stdlib has
      // some 120 000 of them, a 3 MB table that ld.so read and applied at every start.
      // It also puts the functions a session runs first (hot-functions.txt, written by
      // Scripts/hot-functions.py): the kernel maps the executable in blocks of 128 KB and
      // more, and the 1.3 MB of code a session runs touched blocks over 13 MB of it.
      linkerSettings: [
        .unsafeFlags(
          ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
           "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/smartconnect/hot-functions.txt",
           "-Xlinker", "--no-warn-symbol-ordering"],
          .when(platforms: [.linux], configuration: .release))
      ]
    ),
    // The domain benchmark (not a test): `python3 Benchmarks/bench.py` runs it release-built.
    .executableTarget(
      name: "smartconnect-bench",
      dependencies: [
        "Subscriptions",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Benchmarks/DomainBench"
    ),
    .testTarget(
      name: "SubscriptionsTests",
      dependencies: [
        "Subscriptions",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    // The store contract, run against every implementation.
    .testTarget(
      name: "StoreConformanceTests",
      dependencies: [
        "SubscriptionStore", "SQLiteStore", "PostgresStore", "PostgresTestServer",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    // How the test support starts programs (posix_spawn; see why in ChildProcess.swift).
    .target(name: "ChildProcess", path: "Tests/ChildProcess"),
    // A throw-away PostgreSQL server for the tests (one per test process), shared by the
    // store tests and the end-to-end tests.
    .target(
      name: "PostgresTestServer",
      dependencies: ["PostgresStore", "ChildProcess"],
      path: "Tests/PostgresTestServer"
    ),
    .testTarget(
      name: "PostgresStoreTests",
      dependencies: [
        "PostgresStore", "PostgresTestServer", "SubscriptionStore", "Subscriptions",
        "ChildProcess",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .testTarget(
      name: "WizardTests",
      dependencies: [
        "Wizard", "Subscriptions", "SubscriptionStore", "SQLiteStore", "Localization",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal"]),
    // Debian's real upsd started from a temporary folder, and a scripted fake for faults.
    .target(
      name: "NUTTestSupport",
      dependencies: [
        "ChildProcess",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ],
      path: "Tests/NUTTestSupport"
    ),
    // The parser, and the client against the real upsd and the fake.
    .testTarget(name: "UPSDiscoveryTests", dependencies: ["UPSDiscovery", "NUTTestSupport"]),
    .testTarget(name: "LocalizationTests", dependencies: ["Localization"]),
    // The command line's words and choices, from inside the executable (@testable).
    .testTarget(
      name: "CommandLineTests",
      dependencies: ["smartconnect", "Localization", "SubscriptionStore", "Subscriptions"]),
    // Drives the built `smartconnect` binary (pipes and a real pty).
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "Subscriptions", "SubscriptionStore", "SQLiteStore", "PostgresStore", "CNCurses",
        "NUTTestSupport", "PostgresTestServer", "ChildProcess",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
