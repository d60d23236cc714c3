import GRDB

extension StoreConnection {
    /// ``exec(_:_:)`` through a cached statement on SQLite, for a statement run once per row of
    /// a large import (the order import, a reply's survey lookup in ingest): compiled once, not
    /// per call (docs/performance.md). PostgreSQL has no such cache: there it is ``exec(_:_:)``.
    @discardableResult
    func execRepeated(_ sql: String, _ arguments: StoreArguments) throws -> Int {
        guard let db = self as? Database else { return try exec(sql, arguments) }
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.values))
        return db.changesCount
    }

    /// ``rows(_:_:)`` through a cached statement on SQLite (see ``execRepeated(_:_:)``).
    func rowsRepeated(_ sql: String, _ arguments: StoreArguments) throws -> [Row] {
        guard let db = self as? Database else { return try rows(sql, arguments) }
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments.values))
    }

    /// The first row of ``rowsRepeated(_:_:)``, or nil.
    func rowRepeated(_ sql: String, _ arguments: StoreArguments) throws -> Row? {
        guard let db = self as? Database else { return try rows(sql, arguments).first }
        return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments.values))
    }

    /// Runs the `INSERT` `sql` (see ``execRepeated(_:_:)``) and returns the new row's `id`:
    /// SQLite's last inserted rowid, PostgreSQL's `RETURNING id`.
    func insertRepeated(_ sql: String, _ arguments: StoreArguments) throws -> Int64? {
        guard let db = self as? Database else { return try value(Int64.self, sql + " RETURNING id", arguments) }
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.values))
        return db.lastInsertedRowID
    }
}
