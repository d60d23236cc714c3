import GRDB
import GRDBSQLite

/// A value bound straight through the SQLite C API, for the few statements an import runs
/// hundreds of thousands of times (GRDB's general argument handling costs more there than
/// the SQL itself). Everything else goes through GRDB.
enum SQLValue {
    case int(Int64)
    case double(Double)
    case text(String)
    case null

    init(_ value: Int64?) { self = value.map(SQLValue.int) ?? .null }
    init(_ value: Double?) { self = value.map(SQLValue.double) ?? .null }
    init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    init(_ value: Bool) { self = .int(value ? 1 : 0) }
}

extension Statement {
    /// Binds `values` to the parameters in order, runs the statement to completion, resets it.
    /// - Throws: `DatabaseError` when SQLite reports one.
    func executeDirect(_ values: [SQLValue], in db: Database) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .int(let v): sqlite3_bind_int64(handle, index, v)
            case .double(let v): sqlite3_bind_double(handle, index, v)
            case .null: sqlite3_bind_null(handle, index)
            case .text(var s):
                s.withUTF8 { buffer in
                    _ = sqlite3_bind_text(
                        handle, index,
                        UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                            .assumingMemoryBound(to: CChar.self), Int32(buffer.count), transient)
                }
            }
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: String(cString: sqlite3_sql(handle)))
        }
    }
}
