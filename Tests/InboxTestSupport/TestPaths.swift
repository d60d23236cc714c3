import Foundation

/// Locations the tests use: the package root, its fixtures, the built binary, the shared corpora.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static var fixtures: String { root + "/Fixtures" }
    public static var demo: String { fixtures + "/demo" }

    /// `inbox` commands that make a fresh store of the whole demo mailbox (mbox, Maildir, eml).
    public static var demoImports: [[String]] {
        [
            ["init"], ["import", "mbox", demo + "/support.mbox"], ["import", "maildir", demo + "/returns"],
            ["import", "eml", demo + "/eml"],
        ]
    }

    /// `../shared/corpora` beside the package, or nil when absent (tests that need it skip).
    public static var corpora: String? {
        let path = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared/corpora").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The `inbox` binary built for the tests (`swift build --build-tests` builds it too).
    public static var inboxBinary: String {
        for candidate in [".build/debug/inbox", ".build/release/inbox"] {
            let path = root + "/" + candidate
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root + "/.build/debug/inbox"
    }
}

/// A temporary folder removed when the value is deinitialised.
public final class TemporaryFolder: @unchecked Sendable {
    // Immutable after init; the folder is only removed in deinit.
    public let path: String

    public init(_ prefix: String = "inbox-test") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = file(name)
        try! FileManager.default.createDirectory(
            atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}
