import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 19: the store is the one owner of SQL. Ingest, threading, the search language, the
/// mail layer, the TUI and the CLI ask `AppDatabase`; only `Sources/InboxCore/Store/` (and the
/// bench targets, which fill stores with raw statements) holds statements.
@Suite struct StoreOwnsSQLTests {
    /// Lines that are SQL: a statement keyword opening a string or a line of a multi-line
    /// string, or GRDB's statement API. (IMAP's `"SELECT "` command ends its string at once;
    /// `postgresql://` in a help text is not GRDB's `sql:` label.)
    static let patterns = [
        #"\bsql:"#, #"cachedStatement\("#, #"makeStatement\("#, #"\.execute\(sql"#,
        #""(SELECT|INSERT INTO|INSERT OR|UPDATE|DELETE FROM|CREATE|DROP|ALTER|PRAGMA) [^"]"#,
        #"^\s*(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|VIRTUAL)) "#,
    ]

    static func offendingLines(under folder: String, skipping skipped: [String]) throws -> [String] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: folder) else { return ["cannot read \(folder)"] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            guard relative.hasSuffix(".swift"), !skipped.contains(where: { path.hasPrefix($0) }) else { continue }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                if patterns.contains(where: { line.range(of: $0, options: .regularExpression) != nil }) {
                    found.append("\(path.dropFirst(TestPaths.root.count + 1)):\(n + 1): \(code)")
                }
            }
        }
        return found
    }

    @Test func noSQLOutsideTheStore() throws {
        let sources = TestPaths.root + "/Sources"
        let found = try Self.offendingLines(
            under: sources,
            skipping: [sources + "/InboxCore/Store/", sources + "/InboxBench/", sources + "/parsebench/"])
        #expect(
            found.isEmpty,
            "SQL outside Sources/InboxCore/Store/ (move it into an AppDatabase method):\n\(found.joined(separator: "\n"))"
        )
    }

    /// The check can fail: the store itself is full of statements.
    @Test func theCheckFindsTheStoresOwnSQL() throws {
        let found = try Self.offendingLines(under: TestPaths.root + "/Sources/InboxCore/Store", skipping: [])
        #expect(found.count > 100)
        #expect(found.contains { $0.contains("AppDatabase+IngestWrites.swift") })
    }
}
