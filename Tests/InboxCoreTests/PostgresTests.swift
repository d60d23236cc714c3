import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 22, the PostgreSQL foundation: the libpq connection, the migrations and full text,
/// against a real PostgreSQL 15 started for each test (``PostgresServer``).
@Suite(.serialized, .enabled(if: PostgresServer.skipReason == nil)) struct PostgresTests {
    @Test func theConnectionBindsParametersKeepsBytesAndRollsBack() throws {
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let c = try PostgresConnection(url: server.url())
        try c.execute("CREATE TABLE t (id bigint PRIMARY KEY, x double precision, s text, b bytea)")
        let bytes: [UInt8] = Array(0...255) + [0, 0, 10, 13]
        let tricky = "O'Brien; DROP TABLE t; -- \"żółw\" İstanbul \u{0}".replacingOccurrences(of: "\u{0}", with: "")
        try c.execute(
            "INSERT INTO t VALUES ($1, $2, $3, $4)",
            [.int(1), .double(1_733_550_000.123456), .text(tricky), .bytes(bytes)])
        let row = try #require(try c.execute("SELECT id, x, s, b, NULL FROM t").rows.first)
        #expect(row == [.int(1), .double(1_733_550_000.123456), .text(tricky), .bytes(bytes), .null])
        // A transaction that throws leaves nothing behind.
        #expect(throws: InboxError.self) {
            try c.transaction {
                try c.execute("INSERT INTO t(id) VALUES (2)")
                try c.execute("INSERT INTO t(id) VALUES (1)")  // duplicate key
            }
        }
        #expect(try c.execute("SELECT COUNT(*) FROM t").scalar == .int(1))
        #expect(c.serverVersion >= 150000)
    }

    @Test func notificationsArriveOnAListeningConnection() throws {
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let listener = try PostgresConnection(url: server.url())
        let sender = try PostgresConnection(url: server.url())
        try listener.listen("ticket_changed")
        #expect(try listener.notifications(timeout: 0.1).isEmpty)
        try sender.transaction { try sender.notify("ticket_changed", payload: "1042") }
        let start = Date()
        let received = try listener.notifications(timeout: 5)
        #expect(received.map(\.payload) == ["1042"] && received.first?.channel == "ticket_changed")
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(throws: InboxError.self) { try listener.listen("bad; name") }
    }

    /// The same version names as SQLite's migrator, every table of the store, applied once.
    @Test func migrationsHaveSQLitesNamesAndEveryTable() throws {
        #expect(PostgresStore.migrationNames == AppDatabase.migrator.migrations)
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let url = try server.createDatabase("inbox")
        let store = try PostgresStore.open(url: url)
        _ = try PostgresStore.open(url: url)  // a second open applies nothing
        let applied = try store.connection.execute("SELECT identifier FROM inbox_migrations ORDER BY identifier")
            .rows.compactMap { $0.first?.string }
        #expect(applied == AppDatabase.migrator.migrations.sorted())
        let sqlite = try AppDatabase.inMemory()
        let sqliteTables = try sqlite.reader.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name NOT IN ('grdb_migrations', 'search_pending', 'search_removed', 'store_info')
                    """)
        }
        #expect(Set(sqliteTables) == Set(PostgresSchema.tables))
        let copy = PostgresEndpoint(store: store)
        let sqliteSide = try SQLiteEndpoint(database: sqlite, label: "memory")
        for table in PostgresSchema.tables {
            #expect(try copy.columns(table) == sqliteSide.columns(table), "\(table)")
        }
        let info = try store.info()
        #expect(info.engine == "postgresql" && info.version.hasPrefix("15"))
        #expect(info.migration == PostgresSchema.migrations.last?.name && info.migrations == applied.count)
    }

    /// Full text on PostgreSQL folds as SQLite's index does: diacritics, Polish ł, Turkish ı
    /// and İ, case; quoted lines are not indexed; no stemming.
    @Test func fullTextFoldsDiacriticsAndTurkishDottedI() throws {
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let store = try PostgresStore.open(url: try server.createDatabase("inbox"))
        let c = store.connection
        try c.execute("INSERT INTO queue(name) VALUES ('Support')")
        try c.execute("INSERT INTO raw_message VALUES ('x', 1, '\\x00'::bytea)")
        let texts = [
            ("Żółw nie dotarł", "Paczka z żółwiem"), ("İSTANBUL teslimat", "Kargo kırık geldi"),
            ("Ødegård", "> zolw quoted only\nplain line"), ("Straße", "walking"),
        ]
        for (i, (subject, text)) in texts.enumerated() {
            try c.execute(
                """
                INSERT INTO message(id, queue_id, direction, received_at, subject, text, thread_reason, raw_sha256)
                VALUES ($1, 1, 'in', 0, $2, $3, 'new', 'x')
                """, [.int(Int64(i + 1)), .text(subject), .text(text)])
        }
        #expect(try store.searchMessageIDs("zolw") == [1])
        #expect(try store.searchMessageIDs("ŻÓŁW") == [1])
        #expect(try store.searchMessageIDs("dotarl") == [1])
        #expect(try store.searchMessageIDs("istanbul") == [2])
        #expect(try store.searchMessageIDs("İstanbul") == [2])
        #expect(try store.searchMessageIDs("kirik") == [2])
        #expect(try store.searchMessageIDs("KIRIK") == [2])
        #expect(try store.searchMessageIDs("odegard") == [3])
        #expect(try store.searchMessageIDs("strasse") == [4])
        #expect(try store.searchMessageIDs("walk").isEmpty, "no stemming")
        #expect(try store.searchMessageIDs("quoted").isEmpty, "quoted lines are not indexed")
        // The generated column follows a change.
        try c.execute("UPDATE message SET text = 'anders' WHERE id = 4")
        #expect(try store.searchMessageIDs("walking").isEmpty)
        #expect(try store.searchMessageIDs("anders") == [4])
        let plan = try c.execute(
            "EXPLAIN SELECT id FROM message WHERE search @@ plainto_tsquery('inbox_search', 'zolw')"
        ).rows.compactMap { $0.first?.string }.joined()
        #expect(plan.contains("message_search") || plan.contains("Seq Scan"), "\(plan)")
    }

    @Test func passwordsAreMaskedAndLoopbackNeedsNoTLS() throws {
        #expect(
            PostgresURL.masked("postgresql://ada:s3cret@db.example:5432/inbox?sslmode=require&password=x")
                == "postgresql://ada:***@db.example:5432/inbox?sslmode=require&password=***")
        #expect(PostgresURL.hasPassword("postgresql://ada:s3cret@db.example/inbox"))
        #expect(!PostgresURL.hasPassword("postgresql://ada@db.example/inbox"))
        #expect(PostgresURL.isLoopback(try PostgresURL.options("postgresql://ada@127.0.0.1/inbox")))
        #expect(!PostgresURL.isLoopback(try PostgresURL.options("postgresql://ada@db.example/inbox")))
        // Off loopback, verify-full by default: without a root certificate it refuses, and the
        // password stays out of the error.
        do {
            _ = try PostgresConnection(url: "postgresql://ada:s3cret@192.0.2.1:1/inbox?connect_timeout=1")
            Issue.record("connected to a documentation address")
        } catch {
            #expect(!"\(error)".contains("s3cret"), "\(error)")
            #expect("\(error)".contains("***"), "\(error)")
        }
    }
}
