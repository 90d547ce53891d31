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
  ],
  targets: [
    // The domain: pure, no I/O, no clock, no randomness of its own.
    .target(name: "Subscriptions"),
    // The store interface and its SQLite (GRDB) implementation.
    .target(
      name: "SubscriptionStore",
      dependencies: [
        "Subscriptions",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // The state machine and the pure rendering of every screen.
    // The portal's words: gettext catalogs (po/) compiled in by Scripts/po2swift.py.
    .target(name: "Localization"),
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
      dependencies: ["Wizard", "Subscriptions", "SubscriptionStore", "CNCurses", "CTerminalRescue"]
    ),
    .executableTarget(
      name: "smartconnect",
      dependencies: [
        "Subscriptions",
        "SubscriptionStore",
        "Wizard",
        "CursesTerminal",
        "CTerminalRescue",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
    .testTarget(
      name: "SubscriptionStoreTests",
      dependencies: ["SubscriptionStore", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    .testTarget(
      name: "WizardTests",
      dependencies: ["Wizard", "Subscriptions", "SubscriptionStore", "Localization"]),
    .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal"]),
    // Drives the built `smartconnect` binary (pipes and a real pty).
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["Subscriptions", "CNCurses", .product(name: "GRDB", package: "GRDB.swift")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
