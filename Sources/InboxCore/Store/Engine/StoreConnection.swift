import Foundation
import GRDB

/// Which engine a store runs on (DESIGN §20): chosen by the `database` value, a file path
/// (SQLite) or a `postgresql://` URL.
public enum StoreEngineKind: String, Sendable, Codable {
    case sqlite
    case postgresql
}

/// The values bound to a statement's `?` placeholders, in order, on either engine. GRDB's
/// `DatabaseValue` carries them (null, integer, real, text, blob); written as an array
/// literal, like GRDB's `StatementArguments`.
struct StoreArguments: ExpressibleByArrayLiteral, Sendable {
    var values: [DatabaseValue]

    init(_ values: [(any DatabaseValueConvertible)?]) {
        self.values = values.map { $0?.databaseValue ?? .null }
    }

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        self.init(elements)
    }

    static func + (lhs: StoreArguments, rhs: StoreArguments) -> StoreArguments {
        var out = lhs
        out.values += rhs.values
        return out
    }

    /// `?, ?, ?` for `count` values (an `IN (…)` list).
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

/// The store seam (DESIGN §20, docs/architecture.md "The second engine"): a connection inside
/// one transaction, on either engine. A store function written against it runs on SQLite
/// (GRDB's `Database` conforms) and on PostgreSQL (``PostgresConnection`` conforms): it
/// executes statements with `?` placeholders, reads rows, one value or records, the changes
/// count, and `RETURNING`, in the SQL both engines accept.
///
/// Rows are GRDB's `Row` on both engines, so a record's `init(row:)` decodes PostgreSQL's
/// rows as it decodes SQLite's: integers, reals (times are Unix seconds on both), text,
/// bytes and null.
protocol StoreConnection {
    /// The engine, for the few clauses only one of them has (``skipLocked``).
    var engineKind: StoreEngineKind { get }

    /// Runs one statement; returns the rows it inserted, changed or deleted.
    @discardableResult
    func exec(_ sql: String, _ arguments: StoreArguments) throws -> Int

    /// The rows of one statement (a query, or a write with `RETURNING`).
    func rows(_ sql: String, _ arguments: StoreArguments) throws -> [Row]

    /// The first column of every row of one statement.
    func column(_ sql: String, _ arguments: StoreArguments) throws -> [DatabaseValue]
}

extension StoreConnection {
    /// The first row, or nil.
    func row(_ sql: String, _ arguments: StoreArguments = []) throws -> Row? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row as `T`, or nil (no row, or NULL).
    func value<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ arguments: StoreArguments = []) throws
        -> T?
    {
        try column(sql, arguments).first.flatMap { T.fromDatabaseValue($0) }
    }

    /// The first column of every row as `T` (NULLs left out).
    func values<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ arguments: StoreArguments = []) throws
        -> [T]
    {
        try column(sql, arguments).compactMap { T.fromDatabaseValue($0) }
    }

    /// Every row decoded as the record `R`.
    func records<R: FetchableRecord>(_ type: R.Type, _ sql: String, _ arguments: StoreArguments = []) throws -> [R] {
        try rows(sql, arguments).map { try R(row: $0) }
    }

    /// The first row decoded as the record `R`, or nil.
    func record<R: FetchableRecord>(_ type: R.Type, _ sql: String, _ arguments: StoreArguments = []) throws -> R? {
        try row(sql, arguments).map { try R(row: $0) }
    }

    /// Inserts `record`: every column its `encode(to:)` writes, in name order, but a NULL
    /// `id`. With `returning`, returns that column of the
    /// new row (its `id`: SQLite's rowid, PostgreSQL's identity), else nil. A conflict is an
    /// error; say `ON CONFLICT` in a statement of your own where one is expected.
    @discardableResult
    func insert<R: EncodableRecord & TableRecord>(_ record: R, returning: String? = nil) throws -> Int64? {
        var dictionary = try record.databaseDictionary
        // A new row's id is the engine's to give: PostgreSQL refuses an explicit NULL there.
        if dictionary["id"]?.isNull == true { dictionary["id"] = nil }
        let columns = dictionary.keys.sorted()
        let sql =
            "INSERT INTO \(R.databaseTableName) (\(columns.joined(separator: ", "))) VALUES (\(StoreArguments.placeholders(columns.count)))"
        let arguments = StoreArguments(columns.map { dictionary[$0] })
        guard let returning else {
            try exec(sql, arguments)
            return nil
        }
        return try value(Int64.self, sql + " RETURNING \(returning)", arguments)
    }

    /// `FOR UPDATE SKIP LOCKED` on PostgreSQL, where several hosts claim rows at once and each
    /// takes one that no other transaction holds; nothing on SQLite, whose one writer at a time
    /// already makes a claim exclusive.
    var skipLocked: String { engineKind == .postgresql ? "FOR UPDATE SKIP LOCKED" : "" }
}

extension Database: StoreConnection {
    var engineKind: StoreEngineKind { .sqlite }

    @discardableResult
    func exec(_ sql: String, _ arguments: StoreArguments) throws -> Int {
        try execute(sql: sql, arguments: StatementArguments(arguments.values))
        return changesCount
    }

    func rows(_ sql: String, _ arguments: StoreArguments) throws -> [Row] {
        try Row.fetchAll(self, sql: sql, arguments: StatementArguments(arguments.values))
    }

    func column(_ sql: String, _ arguments: StoreArguments) throws -> [DatabaseValue] {
        try DatabaseValue.fetchAll(self, sql: sql, arguments: StatementArguments(arguments.values))
    }
}
