import Foundation
import GRDB

/// What `inbox db info` shows, on either engine (docs/team.md, docs/json.md).
public struct DatabaseInfo: Codable, Sendable, Equatable {
    /// "sqlite" or "postgresql".
    public var engine: String
    /// The engine's version ("3.40.1", "15.18").
    public var version: String
    /// The file's path, or the URL with its password masked.
    public var location: String
    /// Bytes the store takes: the file and its WAL on SQLite, the database on PostgreSQL.
    public var bytes: Int64
    /// Bytes of SQLite's search-index file (nil on PostgreSQL, where the index is inside).
    public var searchIndexBytes: Int64?
    /// The last migration applied, and how many.
    public var migration: String?
    public var migrations: Int
    /// Rows per table of the store.
    public var counts: [String: Int]

    /// The information of the database at `location` (a path or a `postgresql://` URL); a
    /// PostgreSQL database is migrated first, a missing SQLite file is an error.
    /// `passwordCommand` is `database_password_command` (``PostgresStore/open(url:passwordCommand:)``).
    public static func load(_ location: String, passwordCommand: String? = nil) throws -> DatabaseInfo {
        try AppDatabase.checkScheme(location)
        if PostgresURL.isPostgres(location) {
            return try PostgresStore.open(url: location, passwordCommand: passwordCommand).info()
        }
        guard FileManager.default.fileExists(atPath: location) else {
            throw InboxError(.notFound, "No database at \(location) (run `inbox init`, or pass --db PATH or URL)")
        }
        return try AppDatabase.open(path: location).info(path: location)
    }
}

extension AppDatabase {
    /// Refuses a location with a scheme other than `postgresql://` (or `postgres://`); a
    /// path passes. For the commands that run on both engines (`inbox db info`, `db copy`).
    public static func checkScheme(_ location: String) throws {
        if PostgresURL.isPostgres(location) { return }
        try checkLocation(location)
    }

    /// ``DatabaseInfo`` of this SQLite store, whose file is at `path`.
    public func info(path: String) throws -> DatabaseInfo {
        func size(_ p: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return try reader.read { db in
            var counts: [String: Int] = [:]
            for table in PostgresSchema.tables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
            }
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            return DatabaseInfo(
                engine: "sqlite", version: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "",
                location: path, bytes: size(path) + size(path + "-wal"),
                searchIndexBytes: size(SearchIndex.path(forStore: path)),
                migration: AppDatabase.migrator.migrations.last(where: migrations.contains),
                migrations: migrations.count, counts: counts)
        }
    }
}

extension PostgresStore {
    /// ``DatabaseInfo`` of this PostgreSQL store.
    public func info() throws -> DatabaseInfo {
        var counts: [String: Int] = [:]
        for table in PostgresSchema.tables {
            counts[table] = Int(try connection.execute("SELECT COUNT(*) FROM \"\(table)\"").scalar?.int ?? 0)
        }
        let migrations = try connection.execute("SELECT identifier FROM \(PostgresSchema.migrationsTable)").rows
            .compactMap { $0.first?.string }
        let version = try connection.execute("SHOW server_version").scalar?.string ?? ""
        let bytes = try connection.execute("SELECT pg_database_size(current_database())").scalar?.int ?? 0
        return DatabaseInfo(
            engine: "postgresql", version: version.split(separator: " ").first.map(String.init) ?? version,
            location: connection.maskedURL, bytes: bytes, searchIndexBytes: nil,
            migration: Self.migrationNames.last(where: migrations.contains), migrations: migrations.count,
            counts: counts)
    }
}
