import Foundation
import InboxCore

/// `inbox-bench --postgresql URL` (issue 22): the import bench against PostgreSQL, each run
/// into a fresh database on the server of `URL` (the user must be allowed to create databases).
enum PostgresBench {
    /// Drops and creates the database `name` on the server of `url`; returns its URL.
    static func fresh(_ url: String, _ name: String) throws -> String {
        let admin = try PostgresConnection(url: url)
        defer { admin.close() }
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name)")
        guard var components = URLComponents(string: url) else {
            throw InboxError(.badInput, "\(url) is not a URL (give postgresql://user@host:port/database)")
        }
        components.path = "/" + name
        return components.string ?? url
    }

    /// `VACUUM ANALYZE` on the database at `url`, and how long it took: what autovacuum does on
    /// a running server within a minute of a bulk load. A database just filled by `inbox db copy`
    /// has no statistics and no visibility map yet, and its first page of tickets took 124 ms
    /// instead of under 1 (a sequential scan for the snoozed tickets, heap fetches for every row
    /// of the index): the bench measures the server in its steady state, not in that minute.
    @discardableResult
    static func vacuumAnalyze(_ url: String) throws -> Double {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let started = Date()
        _ = try connection.execute("VACUUM ANALYZE")
        return Date().timeIntervalSince(started)
    }

    /// Tickets, messages and the database's size.
    static func counts(_ url: String) throws -> (tickets: Int, messages: Int, bytes: Int64) {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        func number(_ sql: String) throws -> Int64 { try connection.execute(sql).scalar?.int ?? 0 }
        return (
            Int(try number("SELECT COUNT(*) FROM ticket")), Int(try number("SELECT COUNT(*) FROM message")),
            try number("SELECT pg_database_size(current_database())")
        )
    }
}
