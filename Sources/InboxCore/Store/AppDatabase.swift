import CInboxSQLite
import Foundation
import GRDB
import Synchronization

/// The one owner of SQL in AgentInbox: a facade whose methods are named after intentions,
/// one transaction each, over the engine the `database` value chose (DESIGN §20): a GRDB
/// `DatabaseWriter` on a SQLite file, or a pool of connections to PostgreSQL.
///
/// Thread-safe: share one value per process. Production uses a `DatabasePool` (WAL mode,
/// busy timeout, so several processes can share the file); tests may use an in-memory queue.
/// Intentions written against the store seam (``StoreConnection``, through ``transaction(_:)``
/// and ``snapshot(_:)``) run on both engines; the others reach SQLite through ``writer``,
/// which on PostgreSQL throws an error naming what does run there.
public struct AppDatabase: Sendable {
    /// The engine and its connections.
    enum Storage: Sendable {
        /// A SQLite store, with its full-text index (its own file beside the store; see ``SearchIndex``).
        case sqlite(any DatabaseWriter, SearchIndex)
        case postgresql(PostgresPool)
    }

    let storage: Storage

    /// The engine this store runs on.
    public var engine: StoreEngineKind {
        switch storage {
        case .sqlite: .sqlite
        case .postgresql: .postgresql
        }
    }

    /// The underlying SQLite writer: only the store writes (tests reach it with `@testable import`).
    /// - Throws: on PostgreSQL, where only the intentions on the store seam run so far.
    var writer: any DatabaseWriter {
        get throws {
            guard case .sqlite(let writer, _) = storage else { throw Self.notYetOnPostgreSQL }
            return writer
        }
    }

    /// The full-text index (its own file beside the store; see ``SearchIndex``).
    /// - Throws: on PostgreSQL, whose full text is inside the database.
    public var search: SearchIndex {
        get throws {
            guard case .sqlite(_, let search) = storage else { throw Self.notYetOnPostgreSQL }
            return search
        }
    }

    /// The commands that run on PostgreSQL so far (docs/team.md), for the errors of the others.
    static let commandsOnPostgreSQL =
        "the TUI, `inbox init`, `inbox db info`, `inbox db copy`, `inbox import` (mbox, maildir, eml, jsonl, archive), `inbox export`, `inbox sync` (and `--watch`), `inbox queues`, `inbox tickets`, `inbox show`, `inbox search`, `inbox views`, `inbox customer` (and `merge`), `inbox quarantine`, `inbox report`, `inbox set`, `inbox note`, `inbox reply`, `inbox merge`, `inbox split`, `inbox undo`, `inbox presence`, `inbox snooze`, `inbox agents`, `inbox rules test`, `inbox tick`, `inbox orders`, `inbox kb`, `inbox templates` and `inbox outbox`"

    /// What a store function not yet on the seam throws on PostgreSQL.
    static var notYetOnPostgreSQL: InboxError {
        InboxError(
            .database,
            "This part of inbox does not run on PostgreSQL yet (docs/team.md says what does): for it give a SQLite file (--db PATH or INBOX_DB)"
        )
    }

    /// Wraps a writer, runs the migrations and opens the search index.
    private init(_ writer: any DatabaseWriter, search: (any DatabaseWriter) throws -> SearchIndex) throws {
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw InboxError(.database, "Cannot prepare the database: \(error) (is it from a newer inbox version?)")
        }
        do {
            storage = .sqlite(writer, try search(writer))
        } catch let error as InboxError {
            throw error
        } catch {
            throw InboxError(
                .database,
                "Cannot open the search index: \(error) (delete the .search file beside the database to rebuild it)")
        }
    }

    private init(postgreSQL pool: PostgresPool) {
        storage = .postgresql(pool)
    }

    /// Opens the inbox on PostgreSQL at `url` (DESIGN §20, docs/team.md), applying the
    /// migrations it lacks. When the URL holds no password and `passwordCommand`
    /// (`database_password_command`) is set, its first output line is the password; otherwise
    /// libpq reads `PGPASSWORD` or `~/.pgpass`.
    public static func open(url: String, passwordCommand: String? = nil) throws -> AppDatabase {
        guard PostgresURL.isPostgres(url) else { return try open(path: url) }
        return AppDatabase(
            postgreSQL: try PostgresPool(login: PostgresLogin(url: url, passwordCommand: passwordCommand)))
    }

    /// Runs `body` in one write transaction on either engine: SQLite's writer (one at a time,
    /// `BEGIN IMMEDIATE`), or a `SERIALIZABLE` PostgreSQL transaction, run again when
    /// PostgreSQL refuses it as conflicting (``PostgresPool``). `body` may run more than once
    /// there, so it only talks to the database.
    @discardableResult
    func transaction<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        switch storage {
        case .sqlite(let writer, _): try writer.write { db in try body(db) }
        case .postgresql(let pool): try pool.transaction { connection in try body(connection) }
        }
    }

    /// Runs `body` on a consistent snapshot, read only, on either engine.
    func snapshot<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        switch storage {
        case .sqlite(let writer, _): try writer.read { db in try body(db) }
        case .postgresql(let pool): try pool.transaction(readOnly: true) { connection in try body(connection) }
        }
    }

    /// Process-wide SQLite settings, made once before the first connection opens (later
    /// calls change nothing): memory statistics off, so that the threads of an import do not
    /// queue on the global mutex SQLite takes around every allocation while they are on
    /// (docs/performance.md). `memoryStatistics: true` keeps them, for a caller that reads
    /// `sqlite3_memory_used()`; it must come first.
    public static func configureSQLite(memoryStatistics: Bool = false) {
        configured.withLock { done in
            guard !done else { return }
            done = true
            _ = inbox_sqlite_configure(memoryStatistics ? 1 : 0)
        }
    }

    private static let configured = Mutex(false)

    /// Refuses a URL where a database file is expected: `postgresql://…` once created a SQLite
    /// file in a folder named `postgresql:`. A value with a scheme is never taken for a path.
    public static func checkLocation(_ location: String) throws {
        guard let range = location.range(of: "://") else { return }
        let scheme = location[..<range.lowerBound].lowercased()
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return }
        if scheme == "postgresql" || scheme == "postgres" {
            throw InboxError(
                .database,
                "The database \"\(scheme)://…\" is a PostgreSQL URL, and so far only \(commandsOnPostgreSQL) run on PostgreSQL (docs/team.md): for this command give a file path (--db PATH or INBOX_DB)"
            )
        }
        throw InboxError(
            .database,
            "The database \"\(scheme)://…\" has an unknown scheme: give a file path (--db PATH or INBOX_DB)")
    }

    /// Opens (creating if needed, mode 0600) the database file at `path`.
    ///
    /// The parent folder is created with mode 0700. The file and its WAL and shared-memory
    /// companions are never readable by other users.
    public static func open(path: String) throws -> AppDatabase {
        try checkLocation(path)
        configureSQLite()
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder) {
            do {
                try fm.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw InboxError(
                    .io,
                    "Cannot create the folder \(folder) for the database: \(error.localizedDescription) (pass --db PATH to put it elsewhere)"
                )
            }
        }
        if !fm.fileExists(atPath: path) {
            let fd = Foundation.open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            if fd < 0 {
                throw InboxError(
                    .io,
                    "Cannot create the database \(path): \(String(cString: strerror(errno))) (pass --db PATH to put it elsewhere)"
                )
            }
            close(fd)
        }
        try formatIfEmpty(path)
        let searchPath = SearchIndex.path(forStore: path)
        if !fm.fileExists(atPath: searchPath) {
            let fd = Foundation.open(searchPath, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: Engine.configuration(searchIndex: searchPath))
            return try AppDatabase(pool) { try SearchIndex.open(storePath: path, store: $0) }
        } catch let error as InboxError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw InboxError(.database, "\(path) is not an inbox database (pass --db PATH to choose another file)")
        } catch {
            throw InboxError(.database, "Cannot open the database \(path): \(error)")
        }
    }

    /// Gives a new, empty file 64 KiB pages before WAL mode fixes the page size: mail is
    /// stored as large blobs and long texts, and big pages halve the import's write cost
    /// (measured in docs/performance.md).
    static func formatIfEmpty(_ path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size == 0 else { return }
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = 65536")
                try db.execute(sql: "CREATE TABLE inbox_format(x); DROP TABLE inbox_format")
            }
            try queue.close()
        } catch {
            throw InboxError(.database, "Cannot create the database \(path): \(error)")
        }
    }

    /// A store in one file without a search-index file beside it (an export archive): the
    /// index lives in memory and is built from the file's messages when first searched.
    init(singleFile queue: DatabaseQueue) throws {
        try self.init(queue) { _ in try SearchIndex.inMemory(store: queue, indexEverything: true) }
    }

    /// An empty in-memory database, for tests.
    public static func inMemory() throws -> AppDatabase {
        let queue = try DatabaseQueue(
            configuration: Engine.singleFileConfiguration(waitsForLocks: false, foreignKeys: true))
        return try AppDatabase(queue) { _ in try SearchIndex.inMemory(store: queue) }
    }

    /// A read-only view of the SQLite database.
    /// - Throws: on PostgreSQL (``writer``).
    public var reader: any DatabaseReader { get throws { try writer } }

    /// The writer, for `inbox-bench` alone: it fills stores of a million rows with raw
    /// statements faster than any intention could. Not API (`@_spi(Bench) import InboxCore`).
    @_spi(Bench) public var benchWriter: any DatabaseWriter { get throws { try writer } }
}
