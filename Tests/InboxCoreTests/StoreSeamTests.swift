import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 22, the store seam: statements written once with `?` run on both engines, and a
/// PostgreSQL transaction refused as conflicting runs again, a bounded number of times.
@Suite(.serialized) struct StoreSeamTests {
    @Test func placeholdersAreNumberedOutsideLiteralsAndComments() throws {
        #expect(
            try PostgresSQL.numbered("SELECT ? + ?, 'why?', \"a?\" FROM t WHERE x = ?", count: 3)
                == "SELECT $1 + $2, 'why?', \"a?\" FROM t WHERE x = $3")
        #expect(
            try PostgresSQL.numbered("SELECT 'it''s ?' -- what?\n, ? /* or ? */", count: 1)
                == "SELECT 'it''s ?' -- what?\n, $1 /* or ? */")
        #expect(try PostgresSQL.numbered("SELECT 'żółw?', ?", count: 1) == "SELECT 'żółw?', $1")
        #expect(throws: InboxError.self) { try PostgresSQL.numbered("SELECT ?", count: 2) }
    }

    /// The same statements, rows, values and records through GRDB's `Database` and PostgreSQL.
    @Test func bothEnginesReadTheSameRows() throws {
        let sql = [
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x REAL, s TEXT, b BLOB, flag INTEGER)",
            "CREATE TABLE t (id bigint PRIMARY KEY, x double precision, s text, b bytea, flag bigint)",
        ]
        func exercise(_ db: any StoreConnection) throws -> [String] {
            let bytes = Data([0, 1, 2, 255])
            #expect(
                try db.exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [1, 1_733_550_000.25, "O'Brien?", bytes, true]) == 1
            )
            #expect(try db.exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [2, nil, "İstanbul", nil, false]) == 1)
            #expect(try db.exec("UPDATE t SET flag = 1 WHERE id > ?", [0]) == 2)
            let returned = try db.value(Int64.self, "UPDATE t SET x = ? WHERE id = ? RETURNING id", [2.5, 2])
            #expect(returned == 2)
            let row = try #require(try db.row("SELECT id, x, s, b, flag FROM t WHERE id = ?", [1]))
            #expect(row["b"] as Data? == bytes && row["flag"] as Bool? == true && row["s"] as String? == "O'Brien?")
            #expect(try db.values(String.self, "SELECT s FROM t ORDER BY id", []) == ["O'Brien?", "İstanbul"])
            return try db.rows("SELECT id, x, s FROM t ORDER BY id", []).map {
                "\($0["id"] as Int64):\($0["x"] as Double?):\($0["s"] as String)"
            }
        }
        let queue = try DatabaseQueue()
        let sqlite = try queue.write { db in
            try db.execute(sql: sql[0])
            return try exercise(db)
        }
        #expect(sqlite == ["1:Optional(1733550000.25):O'Brien?", "2:Optional(2.5):İstanbul"])
        guard PostgresServer.skipReason == nil else { return }
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let connection = try PostgresConnection(url: server.url())
        let postgres = try connection.transaction {
            try connection.execute(sql[1])
            return try exercise(connection)
        }
        #expect(postgres == sqlite)
    }

    @Test(.enabled(if: PostgresServer.skipReason == nil)) func aSerializationFailureRunsTheTransactionAgain() throws {
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let url = try server.createDatabase("inbox")
        let pool = try PostgresPool(login: PostgresLogin(url: url, passwordCommand: nil))
        var runs = 0
        let value = try pool.transaction { c -> Int in
            runs += 1
            try c.exec("INSERT INTO queue(name, is_default) VALUES (?, 0)", ["Q\(runs)"])
            if runs < 3 { try c.exec("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$", []) }
            return runs
        }
        #expect(value == 3)
        // The failed runs were rolled back: only the third run's row is there.
        #expect(
            try pool.transaction(readOnly: true) { try $0.values(String.self, "SELECT name FROM queue", []) } == ["Q3"])
        // A deadlock too; another error is the caller's at once; and the retries end.
        runs = 0
        #expect(throws: InboxError.self) {
            try pool.transaction { c in
                runs += 1
                try c.exec("SELECT * FROM no_such_table", [])
            }
        }
        #expect(runs == 1)
        runs = 0
        #expect(throws: InboxError.self) {
            try pool.transaction { c in
                runs += 1
                try c.exec("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$", [])
            }
        }
        #expect(runs == PostgresPool.maxAttempts)
    }
}
