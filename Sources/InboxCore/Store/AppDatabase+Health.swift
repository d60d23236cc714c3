import Foundation
import GRDB

/// What `inbox doctor` reads about a database file (``AppDatabase/health(path:)``).
public struct DatabaseHealth: Sendable, Equatable {
    /// The lines of `PRAGMA quick_check` other than "ok"; empty when the file is sound.
    public var problems: [String]
    public var appliedMigrations: [String]
    /// Migrations of this version not yet applied (the next open applies them).
    public var pendingMigrations: [String]
    /// Applied migrations this version does not know: the file comes from a newer version.
    public var unknownMigrations: [String]
    public var storeBytes: Int64
    public var searchIndexBytes: Int64
    public var messages: Int
}

extension AppDatabase {
    /// Reads the file at `path` read-only: integrity (`PRAGMA quick_check`), migrations and size.
    /// Changes nothing, and migrates nothing.
    /// - Throws: ``InboxError`` of code `.database` when the file cannot be opened as SQLite.
    public static func health(path: String) throws -> DatabaseHealth {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        let fm = FileManager.default
        func size(_ p: String) -> Int64 { ((try? fm.attributesOfItem(atPath: p)[.size]) as? NSNumber)?.int64Value ?? 0 }
        let storeBytes = size(path) + size(path + "-wal")
        let searchPath = SearchIndex.path(forStore: path)
        let searchBytes = size(searchPath) + size(searchPath + "-wal")
        let known = Self.migrator.migrations
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let (check, applied, messages) = try queue.read { db -> ([String], [String], Int) in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check(20)")
                let applied =
                    try db.tableExists("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                let messages =
                    try db.tableExists("message") ? try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0 : 0
                return (check, applied, messages)
            }
            return DatabaseHealth(
                problems: check.filter { $0 != "ok" },
                appliedMigrations: applied,
                pendingMigrations: known.filter { !applied.contains($0) },
                unknownMigrations: applied.filter { !known.contains($0) },
                storeBytes: storeBytes, searchIndexBytes: searchBytes, messages: messages)
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
        {
            throw InboxError(
                .database,
                "\(path) is not a sound SQLite database: \(error.message ?? "\(error)") (restore it from a backup, or pass --db PATH)"
            )
        } catch {
            throw InboxError(.database, "Cannot read the database \(path): \(error) (check its owner and mode)")
        }
    }
}
