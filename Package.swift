// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "AgentInbox",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "inbox", targets: ["inbox"]),
        .library(name: "InboxCore", targets: ["InboxCore"]),
        .library(name: "InboxMail", targets: ["InboxMail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The shim includes <ncursesw/curses.h> by path and the module map links ncursesw;
        // no pkgConfig, whose -D_XOPEN_SOURCE flags SwiftPM refuses with a warning.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        // sqlite3_config is variadic, so Swift cannot call it: a few lines of C do (SQLite
        // from libsqlite3-dev, the same library GRDB links).
        .target(name: "CInboxSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        // libpq for the PostgreSQL store (DESIGN §20): synchronous like GRDB, and it handles
        // TLS, .pgpass and PGPASSWORD itself (docs/architecture.md says why not PostgresNIO).
        // It is opened on first use (dlopen), not linked: Sources/CLibpq/include/CLibpq.h says why.
        .target(name: "CLibpq"),
        .target(
            name: "InboxCore",
            dependencies: [
                "CInboxSQLite", "CLibpq",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "InboxMail",
            dependencies: [
                "InboxCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "InboxTUI",
            // InboxMail for replies (ReplyComposer, OutboxSender); Logging to keep the outbox sender quiet.
            dependencies: [
                "InboxCore", "InboxMail", "CNcursesw", .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "inbox",
            dependencies: [
                "InboxCore", "InboxMail", "InboxTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "inbox-bench",
            dependencies: ["InboxCore", "InboxMail", "InboxTUI", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/InboxBench"
        ),
        .executableTarget(
            name: "parsebench",
            dependencies: ["InboxCore", "InboxMail"],
            path: "Sources/parsebench"
        ),
        .target(
            name: "InboxTestSupport",
            dependencies: ["InboxCore", "InboxMail"],
            path: "Tests/InboxTestSupport"
        ),
        .testTarget(name: "InboxCoreTests", dependencies: ["InboxCore", "InboxMail", "InboxTestSupport"]),
        .testTarget(name: "InboxMailTests", dependencies: ["InboxMail", "InboxTestSupport"]),
        .testTarget(
            name: "InboxCLITests",
            dependencies: ["InboxCore", "InboxMail", "InboxTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "InboxTUITests",
            dependencies: ["InboxTUI", "InboxCore", "InboxMail", "InboxTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
