import GRDB
import InboxCore

/// A database as text, without what differs between two runs that must end alike (the crash
/// and rules tests compare an interrupted run with an uninterrupted one).
enum DatabaseDump {
    /// Each query's rows as `label row` lines, then each count as `label n`: `counts` name what
    /// follows `SELECT COUNT(*) FROM`.
    static func text(_ path: String, rows: [(String, String)], counts: [(String, String)]) throws -> String {
        let db = try AppDatabase.open(path: path)
        return try db.reader.read { d in
            var out: [String] = []
            for (label, sql) in rows {
                for r in try Row.fetchAll(d, sql: sql) { out.append("\(label) \(r)") }
            }
            for (label, from) in counts {
                out.append("\(label) \(try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM " + from)!)")
            }
            return out.joined(separator: "\n")
        }
    }
}
