import Foundation
import GRDB

/// What `inbox db copy` did to one table.
public struct TableCopy: Codable, Sendable, Equatable {
    public var table: String
    /// Rows read from the source.
    public var read: Int
    /// Rows the destination did not have yet (0 on a second run).
    public var added: Int
}

/// What `inbox db copy SRC DST` did (docs/team.md, docs/json.md).
public struct DatabaseCopyReport: Codable, Sendable, Equatable {
    public var source: String
    public var destination: String
    public var tables: [TableCopy]
    public var read: Int { tables.reduce(0) { $0 + $1.read } }
    public var added: Int { tables.reduce(0) { $0 + $1.added } }

    enum CodingKeys: String, CodingKey { case source, destination, tables, read, added }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(destination, forKey: .destination)
        try c.encode(tables, forKey: .tables)
        try c.encode(read, forKey: .read)
        try c.encode(added, forKey: .added)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        destination = try c.decode(String.self, forKey: .destination)
        tables = try c.decode([TableCopy].self, forKey: .tables)
    }

    init(source: String, destination: String, tables: [TableCopy]) {
        self.source = source
        self.destination = destination
        self.tables = tables
    }
}

/// Copies an inbox between engines (SQLite → PostgreSQL, back, or SQLite → SQLite): every
/// table of the store, row by row with its ids, `raw_message.bytes` byte for byte. A row the
/// destination already has (same key) is left alone, so a second run adds nothing and an
/// interrupted copy is finished by running it again. The search index is the destination's
/// own: SQLite queues the copied messages for its index file; PostgreSQL's generated column
/// fills itself.
public enum DatabaseCopy {
    /// Rows per read and per multi-row INSERT.
    static let batchSize = 200

    /// Copies `source` into `destination` (paths or `postgresql://` URLs). The destination is
    /// created and migrated when needed; the source must exist.
    /// - Parameter progress: called after each batch with (table, rows done, rows in all).
    public static func run(
        from source: String, to destination: String, passwordCommand: String? = nil,
        progress: (_ table: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) throws -> DatabaseCopyReport {
        try AppDatabase.checkScheme(source)
        try AppDatabase.checkScheme(destination)
        if source == destination
            || (!PostgresURL.isPostgres(source) && !PostgresURL.isPostgres(destination)
                && URL(fileURLWithPath: source).standardizedFileURL
                    == URL(fileURLWithPath: destination).standardizedFileURL)
        {
            throw InboxError(
                .badInput, "The source and the destination are the same database (name two different ones)")
        }
        let from = try endpoint(source, create: false, passwordCommand: passwordCommand)
        let to = try endpoint(destination, create: true, passwordCommand: passwordCommand)
        // One consistent view of the source for the whole copy: a message written while it
        // runs is copied with its ticket, or not at all.
        try from.beginReading()
        defer { from.endReading() }
        var counts: [String: Int] = [:]
        for table in PostgresSchema.tables { counts[table] = try from.count(table) }
        let total = counts.values.reduce(0, +)
        var done = 0
        var report: [TableCopy] = []
        for table in PostgresSchema.tables {
            let sourceColumns = try from.columns(table)
            let destinationColumns = Set(try to.columns(table))
            if let missing = sourceColumns.first(where: { !destinationColumns.contains($0) }) {
                throw InboxError(
                    .database,
                    "\(to.label) has no column \(table).\(missing) (run the newer inbox that wrote \(from.label) on both)"
                )
            }
            var read = 0
            let added = try to.writeTable(table, columns: sourceColumns) { insert in
                var added = 0
                try from.read(table, columns: sourceColumns) { rows in
                    added += try insert(rows)
                    read += rows.count
                    done += rows.count
                    progress(table, done, total)
                }
                return added
            }
            report.append(TableCopy(table: table, read: read, added: added))
        }
        try to.analyze(report.filter { $0.added > 0 }.map(\.table))
        progress("", total, total)
        return DatabaseCopyReport(source: from.label, destination: to.label, tables: report)
    }

    static func endpoint(_ location: String, create: Bool, passwordCommand: String?) throws -> any CopyEndpoint {
        if PostgresURL.isPostgres(location) {
            return PostgresEndpoint(store: try PostgresStore.open(url: location, passwordCommand: passwordCommand))
        }
        if !create && !FileManager.default.fileExists(atPath: location) {
            throw InboxError(
                .notFound, "No database at \(location) (name an existing inbox file or a postgresql:// URL)")
        }
        return try SQLiteEndpoint(database: try AppDatabase.open(path: location), label: location, snapshot: !create)
    }
}

/// One side of a copy.
protocol CopyEndpoint {
    /// The path, or the URL with its password masked.
    var label: String { get }
    /// The table's columns that can be written (not PostgreSQL's `message.search`, which the
    /// destination computes: a trigger since "v14-pg-ingest-speed", a generated column before).
    func columns(_ table: String) throws -> [String]
    func count(_ table: String) throws -> Int
    /// Starts the one read transaction that ``read(_:columns:_:)`` and ``count(_:)`` see.
    func beginReading() throws
    func endReading()
    /// Calls `body` with the table's rows, a batch at a time.
    func read(_ table: String, columns: [String], _ body: ([[PostgresValue]]) throws -> Void) throws
    /// One transaction for the table: `body` gets an insert that skips rows already present
    /// and returns how many it added.
    func writeTable(
        _ table: String, columns: [String], _ body: (([[PostgresValue]]) throws -> Int) throws -> Int
    ) throws -> Int
    /// After the copy: fresh planner statistics for the tables that got rows.
    func analyze(_ tables: [String]) throws
}

private func quoted(_ name: String) -> String { "\"\(name)\"" }

struct SQLiteEndpoint: CopyEndpoint {
    let database: AppDatabase
    let label: String
    /// A snapshot of the file (a source), or the store's reader (a destination).
    let reader: any DatabaseReader

    /// - Parameter snapshot: read one consistent state of the file, whatever writes meanwhile.
    init(database: AppDatabase, label: String, snapshot: Bool = false) throws {
        self.database = database
        self.label = label
        if snapshot, let pool = try database.writer as? DatabasePool {
            reader = try pool.makeSnapshot()
        } else {
            reader = try database.reader
        }
    }

    func beginReading() throws {}
    func endReading() {}
    /// SQLite plans without statistics until someone runs ANALYZE: a copy leaves that as it was.
    func analyze(_ tables: [String]) throws {}

    func columns(_ table: String) throws -> [String] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(\(quoted(table)))").map { $0["name"] as String }
        }
    }

    func count(_ table: String) throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quoted(table))") ?? 0 }
    }

    func read(_ table: String, columns: [String], _ body: ([[PostgresValue]]) throws -> Void) throws {
        let sql = "SELECT \(columns.map(quoted).joined(separator: ", ")) FROM \(quoted(table))"
        try reader.read { db in
            let cursor = try Row.fetchCursor(db, sql: sql)
            var batch: [[PostgresValue]] = []
            while let row = try cursor.next() {
                batch.append(
                    row.databaseValues.map { value -> PostgresValue in
                        switch value.storage {
                        case .null: return .null
                        case .int64(let v): return .int(v)
                        case .double(let v): return .double(v)
                        case .string(let s): return .text(s)
                        case .blob(let d): return .bytes([UInt8](d))
                        }
                    })
                if batch.count == DatabaseCopy.batchSize {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }

    func writeTable(
        _ table: String, columns: [String], _ body: (([[PostgresValue]]) throws -> Int) throws -> Int
    ) throws -> Int {
        let sql = """
            INSERT OR IGNORE INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            """
        return try database.writer.write { db in
            // A ticket may name one inserted after it (a split, a link): checked at commit.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let statement = try db.makeStatement(sql: sql)
            let added = try body { rows in
                var added = 0
                for row in rows {
                    let values: [DatabaseValue] = row.map { v in
                        switch v {
                        case .null: return .null
                        case .int(let i): return i.databaseValue
                        case .double(let d): return d.databaseValue
                        case .text(let s): return s.databaseValue
                        case .bytes(let b): return Data(b).databaseValue
                        }
                    }
                    try statement.execute(arguments: StatementArguments(values))
                    added += db.changesCount
                }
                return added
            }
            // The index file takes the copied messages on its next catch-up.
            if table == "message" && added > 0 { try SearchIndex.markAllPending(db) }
            return added
        }
    }
}

struct PostgresEndpoint: CopyEndpoint {
    let store: PostgresStore
    var label: String { store.connection.maskedURL }
    private var connection: PostgresConnection { store.connection }

    func columns(_ table: String) throws -> [String] {
        try connection.execute(
            """
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
                AND NOT (table_name = 'message' AND column_name = 'search')
            ORDER BY ordinal_position
            """, [.text(table)]
        ).rows.compactMap { $0.first?.string }
    }

    func count(_ table: String) throws -> Int {
        Int(try connection.execute("SELECT COUNT(*) FROM \(quoted(table))").scalar?.int ?? 0)
    }

    func beginReading() throws {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }

    /// `ANALYZE` of the tables the copy filled: without it the planner guesses from an empty
    /// table until autovacuum's first pass (the bench's first page of tickets took 124 ms, the
    /// word query at 1M messages 524 ms, right after a copy; docs/performance.md).
    func analyze(_ tables: [String]) throws {
        guard !tables.isEmpty else { return }
        try connection.execute("ANALYZE " + tables.map(quoted).joined(separator: ", "))
    }

    func endReading() {
        _ = try? connection.execute("COMMIT")
    }

    /// Reads through a cursor, inside the transaction of ``beginReading()``.
    func read(_ table: String, columns: [String], _ body: ([[PostgresValue]]) throws -> Void) throws {
        try connection.execute(
            "DECLARE inbox_copy NO SCROLL CURSOR FOR SELECT \(columns.map(quoted).joined(separator: ", ")) FROM \(quoted(table))"
        )
        while true {
            let rows = try connection.execute("FETCH \(DatabaseCopy.batchSize) FROM inbox_copy").rows
            if rows.isEmpty { break }
            try body(rows)
        }
        try connection.execute("CLOSE inbox_copy")
    }

    func writeTable(
        _ table: String, columns: [String], _ body: (([[PostgresValue]]) throws -> Int) throws -> Int
    ) throws -> Int {
        let head = "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", "))) VALUES "
        return try connection.transaction {
            let added = try body { rows in
                guard !rows.isEmpty else { return 0 }
                var tuples: [String] = []
                var parameters: [PostgresValue] = []
                parameters.reserveCapacity(rows.count * columns.count)
                for row in rows {
                    let first = parameters.count + 1
                    tuples.append("(" + (first..<first + columns.count).map { "$\($0)" }.joined(separator: ", ") + ")")
                    parameters.append(contentsOf: row)
                }
                let sql = head + tuples.joined(separator: ", ") + " ON CONFLICT DO NOTHING"
                return try connection.execute(sql, parameters).affected
            }
            if PostgresSchema.identityTables.contains(table) {
                // Rows came with their ids: the next id the store hands out follows the largest.
                try connection.execute(
                    "SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE(MAX(id), 0) + 1, false) FROM \(quoted(table))",
                    [.text(table)])
            }
            return added
        }
    }
}
