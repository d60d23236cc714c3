import GRDB

/// The statements ingest runs for every message, on either engine. On SQLite each is a
/// cached statement (prepared once per connection): an import runs them hundreds of
/// thousands of times, and preparing them again each time cost more than the SQL. On
/// PostgreSQL each is prepared once per connection (``PostgresConnection/prepared(_:_:)``):
/// the server then neither parses nor plans it again, and its `?` are numbered once.
extension StoreConnection {
    /// ``StoreConnection/exec(_:_:)`` through SQLite's statement cache.
    @discardableResult
    func execHot(_ sql: String, _ arguments: StoreArguments) throws -> Int {
        if let db = self as? Database {
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.values))
            return db.changesCount
        }
        if let pg = self as? PostgresConnection { return try pg.prepared(sql, arguments).affected }
        return try exec(sql, arguments)
    }

    /// ``StoreConnection/rows(_:_:)`` through SQLite's statement cache.
    func rowsHot(_ sql: String, _ arguments: StoreArguments) throws -> [Row] {
        if let db = self as? Database {
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments.values))
        }
        if let pg = self as? PostgresConnection { return try pg.prepared(sql, arguments).storeRows }
        return try rows(sql, arguments)
    }

    /// The first row, through SQLite's statement cache.
    func rowHot(_ sql: String, _ arguments: StoreArguments) throws -> Row? {
        if let db = self as? Database {
            return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments.values))
        }
        if let pg = self as? PostgresConnection { return try pg.prepared(sql, arguments).storeRows.first }
        return try row(sql, arguments)
    }

    /// The first column of the first row as `T`, through SQLite's statement cache.
    func valueHot<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ arguments: StoreArguments) throws
        -> T?
    {
        if let db = self as? Database {
            return try DatabaseValue.fetchOne(
                db.cachedStatement(sql: sql), arguments: StatementArguments(arguments.values)
            ).flatMap { T.fromDatabaseValue($0) }
        }
        if let pg = self as? PostgresConnection {
            return try pg.prepared(sql, arguments).firstColumn.first.flatMap { T.fromDatabaseValue($0) }
        }
        return try value(T.self, sql, arguments)
    }

    /// Inserts one row and returns its `id`: SQLite's last inserted rowid, PostgreSQL's
    /// identity through `RETURNING id` (one round trip either way).
    func insertHot(_ sql: String, _ arguments: StoreArguments) throws -> Int64 {
        if let db = self as? Database {
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.values))
            return db.lastInsertedRowID
        }
        guard let id = try valueHot(Int64.self, sql + " RETURNING id", arguments) else {
            throw InboxError(.database, "An insert returned no id (report this bug: \(sql.prefix(80)))")
        }
        return id
    }
}

extension StoreConnection {
    /// `head` (`INSERT INTO t(a, b) VALUES`) with one `(?, ?)` group per row of `rows`, then
    /// `tail` (`ON CONFLICT DO NOTHING`): several rows in one statement, one round trip on
    /// PostgreSQL. Every row has as many values as the first. Nothing runs for no rows.
    /// A statement of a few rows (at most ``preparedRows``, as one message's routes or
    /// references) is prepared once per connection on PostgreSQL, as the hot statements are;
    /// larger ones vary in length and run as they come.
    /// Rows beyond what one statement may bind (PostgreSQL's 65,535 parameters, SQLite's
    /// 32,766; a message may carry thousands of attachments) go in further statements.
    func insertRows(_ head: String, _ rows: [[(any DatabaseValueConvertible)?]], _ tail: String = "") throws {
        guard let width = rows.first?.count else { return }
        let perStatement = max(1, 32_766 / max(width, 1))
        if rows.count > perStatement {
            for start in stride(from: 0, to: rows.count, by: perStatement) {
                try insertRows(head, Array(rows[start..<min(start + perStatement, rows.count)]), tail)
            }
            return
        }
        let group = "(" + StoreArguments.placeholders(width) + ")"
        let sql = head + " " + Array(repeating: group, count: rows.count).joined(separator: ", ") + " " + tail
        let arguments = StoreArguments(rows.flatMap { $0 })
        if rows.count <= preparedRows, let pg = self as? PostgresConnection {
            _ = try pg.prepared(sql, arguments)
            return
        }
        try exec(sql, arguments)
    }

    /// How many rows ``insertRows(_:_:_:)`` prepares a statement for.
    var preparedRows: Int { 4 }
}
