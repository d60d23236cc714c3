import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// PostgreSQL's import speed (issue 22): ingest builds a message's `tsvector` in Swift when
/// its words are ASCII (``PostgresSearchVector``) and writes a batch's rows many to a
/// statement (``IngestBatchLookups``, ``PostgresConnection/deferRows(stage:head:group:tail:_:)``).
/// The vector must be the server's own, position for position, and a batch must thread,
/// deduplicate and store as one message at a time does.
@Suite(.enabled(if: EngineStore.engines.contains(.postgresql)))
struct SearchVectorEngineTests {
    typealias S = SearchTests

    /// Words that test each rule the server applies: its scientific notation, long words,
    /// repeated words (255 positions), positions past 16,383, several parts' merge (256),
    /// case, control characters, empty parts.
    static let cases: [(subject: String, sender: String, text: String)] = [
        ("", "", ""),
        ("Hello World", "Ayse Yilmaz ayse example com", "hello again   world\tand\nmore\r\nlines"),
        ("1e5abc 12e3e4 12E 5 123abc 0x1F abc1e5 1e", "E5 e 1E 1e55e5 007 0", "99e 9e9 9e9x x9e9 e9e9 1 2 3"),
        ("Subject", "", String(repeating: "a ", count: 300) + "b"),
        (String(repeating: "a ", count: 200), String(repeating: "a ", count: 100), String(repeating: "a ", count: 200)),
        ("", "", String(repeating: "x ", count: 20_000) + "y z y x"),
        ("top", "mid", String(repeating: "w ", count: 16_380) + "a b c d e f"),
        (
            String(repeating: "q", count: 2046) + " b", "",
            String(repeating: "r", count: 2047) + " c " + String(repeating: "s", count: 3000) + " d"
        ),
        ("MiXeD CaSe", "UPPER", "lower Upper \u{1} ctl\u{7F}del  x"),
        ("only subject", "", ""),
        // The text follows the largest position the subject and sender kept, not their count.
        (String(repeating: "a ", count: 200), "b " + String(repeating: "a ", count: 100), "c d"),
        (String(repeating: "z ", count: 300), "", "y"),
        ("", "only sender", ""),
        ("", "", "only text"),
    ]

    /// The vector Swift makes is the one the server makes of the same words.
    @Test func theVectorIsTheServersOwn() throws {
        let store = try EngineStore.make(.postgresql, "search-vector")
        let db = try store.open()
        for (i, c) in Self.cases.enumerated() {
            let vector = try #require(PostgresSearchVector.make(subject: c.subject, sender: c.sender, text: c.text))
            let same = try db.snapshot { d in
                try d.value(
                    Bool.self, "SELECT CAST(? AS tsvector) = inbox_search_vector(?, ?, ?)",
                    [vector, c.subject, c.sender, c.text])
            }
            #expect(same == true, "case \(i)")
        }
        // The binary form, as ingest sends it by COPY, reads back as the same vector.
        let connection = try PostgresConnection(url: store.location)
        defer { connection.close() }
        try connection.execute("CREATE TABLE v (id bigint, sv tsvector, d double precision, t text)")
        try connection.execute("BEGIN")
        for (i, c) in Self.cases.enumerated() {
            var row: [UInt8] = []
            PostgresCopyBinary.appendFieldCount(4, to: &row)
            PostgresCopyBinary.append(.int(Int64(i)), to: &row)
            PostgresCopyBinary.appendField(
                try #require(PostgresSearchVector.makeBinary(subject: c.subject, sender: c.sender, text: c.text)),
                to: &row)
            PostgresCopyBinary.append(.double(1_733_600_000.25), to: &row)
            PostgresCopyBinary.append(.text("tab\there nul\u{0} żółw"), to: &row)
            connection.deferCopy(stage: 0, into: "v(id, sv, d, t)", line: row)
        }
        try connection.execute("COMMIT")
        for (i, c) in Self.cases.enumerated() {
            let same = try connection.execute(
                "SELECT sv = inbox_search_vector($2, $3, $4), d, t FROM v WHERE id = $1",
                [.int(Int64(i)), .text(c.subject), .text(c.sender), .text(c.text)]
            ).rows.first
            #expect(same?[0].int == 1 || same?[0].string == "t", "binary case \(i)")
            #expect(same?[1] == .double(1_733_600_000.25))
            #expect(same?[2] == .text("tab\there nul żółw"))
        }
        // Words with any other character are the server's to read.
        #expect(PostgresSearchVector.make(subject: "Straße", sender: "", text: "") == nil)
        #expect(PostgresSearchVector.make(subject: "", sender: "", text: "kırık") == nil)
    }

    /// One batch holding a conversation (a reply right after its parent, a reply before its
    /// parent, a follow-up naming only a reference), a message twice, and a duplicate of one
    /// stored before: PostgreSQL files each as SQLite does, and every row's `tsvector` is the
    /// server's.
    @Test func aBatchThreadsAndDeduplicatesAsSQLiteDoes() throws {
        let first = [S.msg("p1@x", from: "ann@example.com", subject: "Order 1", text: "where is it", daysAgo: 9)]
        let batch = [
            S.msg("p2@x", from: "bob@example.com", subject: "Refund", text: "refund please", daysAgo: 8),
            S.msg(
                "r2@x", from: "bob@example.com", subject: "Re: Refund", text: "any news", daysAgo: 7,
                inReplyTo: ["p2@x"]),
            S.msg(
                "g1@x", from: "gil@example.com", subject: "Re: old thread", text: "about that", daysAgo: 7,
                inReplyTo: ["ghost@x"]),
            S.msg(
                "r3@x", from: "gil@example.com", subject: "Re: old thread", text: "still waiting", daysAgo: 6,
                inReplyTo: ["ghost@x"]),
            S.msg(
                "c2@x", from: "cy@example.com", subject: "Re: late", text: "child first", daysAgo: 5,
                inReplyTo: ["c1@x"]),
            S.msg("c1@x", from: "cy@example.com", subject: "late", text: "parent later", daysAgo: 6),
            S.msg("p2@x", from: "bob@example.com", subject: "Refund", text: "refund please", daysAgo: 8),
            S.msg("p1@x", from: "ann@example.com", subject: "Order 1", text: "where is it", daysAgo: 9),
            S.msg(
                "r1@x", from: "ann@example.com", subject: "Re: Order 1", text: "hello?", daysAgo: 4, inReplyTo: ["p1@x"]
            ),
            S.msg("u1@x", from: "dee@example.com", subject: "Grüße", text: "Straße kırık", daysAgo: 3),
        ]
        var filed: [StoreEngineKind: [String]] = [:]
        var summaries: [StoreEngineKind: IngestSummary] = [:]
        var stores: [EngineStore] = []
        for engine in [StoreEngineKind.sqlite, .postgresql] {
            let store = try EngineStore.make(engine, "batch-\(engine.rawValue)")
            stores.append(store)
            let db = try store.open()
            try db.syncQueues(S.config)
            _ = try db.ingest(first, config: S.config)
            summaries[engine] = try db.ingest(batch, config: S.config)
            filed[engine] = try db.snapshot { d in
                try d.rows(
                    """
                    SELECT m.message_id AS mid, m.thread_reason AS why, t.subject AS ticket,
                        (SELECT COUNT(*) FROM message_route r WHERE r.message_id = m.id) AS routes
                    FROM message m LEFT JOIN ticket t ON t.id = m.ticket_id ORDER BY m.message_id
                    """, []
                ).map { row in
                    let mid: String = row["mid"]
                    let why: String = row["why"]
                    let ticket: String? = row["ticket"]
                    let routes: Int = row["routes"]
                    return "\(mid) \(ticket ?? "-") \(routes) \(why)"
                }
            }
            if engine == .postgresql {
                let differing = try db.snapshot {
                    try $0.value(
                        Int.self,
                        "SELECT COUNT(*) FROM message WHERE search IS DISTINCT FROM inbox_message_search(subject, sender, text)"
                    )
                }
                #expect(differing == 0)
                #expect(try S.ids(db, "strasse") == ["u1@x"])
                #expect(try S.ids(db, "waiting") == ["r3@x"])
            }
        }
        #expect(filed[.postgresql] == filed[.sqlite])
        #expect(filed[.sqlite]?.count == 9)
        #expect(summaries[.postgresql]?.duplicates == 2)
        #expect(summaries[.postgresql]?.new == summaries[.sqlite]?.new)
        #expect(summaries[.postgresql]?.newTickets == summaries[.sqlite]?.newTickets)
        #expect(summaries[.postgresql]?.joined == summaries[.sqlite]?.joined)
    }

    /// Ids the batch cannot answer for as the store would (a NUL, which a parameter drops;
    /// two spellings of one accented letter, equal for Swift, two ids for the store) are
    /// asked of the store: the batch stores and counts them as SQLite does, and importing it
    /// again adds nothing.
    @Test func idsWithNULOrAccentsAreStoredAndFoundAgainAsOnSQLite() throws {
        let batch = [
            S.msg("plain@x", from: "a@example.com", subject: "one", text: "first", daysAgo: 3),
            S.msg("caf\u{E9}@x", from: "b@example.com", subject: "two", text: "second", daysAgo: 2),
            S.msg("cafe\u{301}@x", from: "c@example.com", subject: "three", text: "third", daysAgo: 1),
            S.msg(
                "re@x", from: "b@example.com", subject: "Re: two", text: "reply", daysAgo: 0.5,
                inReplyTo: ["caf\u{E9}@x"]),
        ]
        var counts: [StoreEngineKind: [Int]] = [:]
        var stores: [EngineStore] = []
        for engine in [StoreEngineKind.sqlite, .postgresql] {
            let store = try EngineStore.make(engine, "odd-ids-\(engine.rawValue)")
            stores.append(store)
            let db = try store.open()
            try db.syncQueues(S.config)
            let first = try db.ingest(batch, config: S.config)
            let again = try db.ingest(batch, config: S.config)
            let rows = try db.snapshot { try $0.value(Int.self, "SELECT COUNT(*) FROM message") ?? 0 }
            let threaded = try db.snapshot {
                try $0.value(
                    Int.self,
                    "SELECT COUNT(*) FROM message m JOIN message p ON p.ticket_id = m.ticket_id AND p.id < m.id")
                    ?? 0
            }
            counts[engine] = [first.new, first.duplicates, again.new, again.duplicates, rows, threaded]
        }
        #expect(counts[.sqlite] == [4, 0, 0, 4, 4, 1])
        #expect(counts[.postgresql] == counts[.sqlite])
        // A NUL in an id (PostgreSQL stores the id without it): found again, not stored twice.
        let db = try stores[1].open()
        let nul = [S.msg("nul\u{0}id@x", from: "a@example.com", subject: "nul", text: "nul", daysAgo: 1)]
        #expect(try db.ingest(nul, config: S.config).new == 1)
        #expect(try db.ingest(nul + nul, config: S.config).duplicates == 2)
    }

    /// Rows sent by (binary) COPY come back as they went: text with tabs, line ends,
    /// backslashes and other scripts (a NUL dropped, as a text parameter drops it), nulls,
    /// reals, bytes.
    @Test func rowsSentByCopyComeBackAsTheyWent() throws {
        let store = try EngineStore.make(.postgresql, "deferred-copy")
        let connection = try PostgresConnection(url: store.location)
        defer { connection.close() }
        try connection.execute("CREATE TABLE c (id bigint PRIMARY KEY, t text, d double precision, b bytea)")
        let texts = [
            "tab\there", "line\nend\r\n", "back\\slash \\N \\x41", "İstanbul kırık żółw ß ø 😀", "nul\u{0}dropped", "",
        ]
        try connection.execute("BEGIN")
        for (i, t) in texts.enumerated() {
            connection.deferCopy(
                stage: 0, into: "c(id, t, d, b)",
                [
                    .int(Int64(i)), .text(t), .double(1_733_600_000.125 + Double(i)),
                    .bytes([0, 0x5C, 0x0A, 0xFF, UInt8(i)]),
                ])
        }
        connection.deferCopy(stage: 0, into: "c(id, t, d, b)", [.int(99), .null, .null, .null])
        try connection.execute("COMMIT")
        let rows = try connection.execute("SELECT id, t, d, b FROM c ORDER BY id").rows
        #expect(rows.count == texts.count + 1)
        for (i, t) in texts.enumerated() {
            #expect(rows[i][1] == .text(t.replacingOccurrences(of: "\u{0}", with: "")), "row \(i)")
            #expect(rows[i][2] == .double(1_733_600_000.125 + Double(i)))
            #expect(rows[i][3] == .bytes([0, 0x5C, 0x0A, 0xFF, UInt8(i)]))
        }
        #expect(rows[texts.count] == [.int(99), .null, .null, .null])
        // A row COPY refuses fails the statement that sends it, as an INSERT's would.
        try connection.execute("BEGIN")
        connection.deferCopy(stage: 0, into: "c(id, t, d, b)", [.int(1), .text("again"), .null, .null])
        #expect(throws: InboxError.self) { try connection.execute("COMMIT") }
        #expect(connection.lastErrorState == "23505")
        connection.rollbackIfOpen()
        #expect(try connection.execute("SELECT COUNT(*) FROM c").scalar == .int(Int64(texts.count + 1)))
    }

    /// A row the batch writes late that the server refuses fails the batch, inside its
    /// transaction: nothing of the batch is stored and the store is usable after.
    @Test func aRefusedDeferredRowFailsTheWholeBatch() throws {
        let store = try EngineStore.make(.postgresql, "deferred-refused")
        let connection = try PostgresConnection(url: store.location)
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL)")
        try connection.execute("BEGIN")
        connection.deferRows(stage: 0, head: "INSERT INTO t(id, v) VALUES", group: "(?, ?)", [.int(1), .text("a")])
        connection.deferRows(stage: 0, head: "INSERT INTO t(id, v) VALUES", group: "(?, ?)", [.int(1), .text("b")])
        #expect(throws: InboxError.self) { try connection.execute("COMMIT") }
        connection.rollbackIfOpen()
        #expect(try connection.execute("SELECT COUNT(*) FROM t").scalar == .int(0))
        // Rows of a later stage go after an earlier stage's, whatever the order they came in.
        try connection.execute("CREATE TABLE child (id bigint REFERENCES t(id))")
        try connection.execute("BEGIN")
        connection.deferRows(stage: 1, head: "INSERT INTO child(id) VALUES", group: "(?)", [.int(7)])
        connection.deferRows(stage: 0, head: "INSERT INTO t(id, v) VALUES", group: "(?, ?)", [.int(7), .text("x")])
        #expect(try connection.execute("SELECT COUNT(*) FROM child").scalar == .int(1))
        try connection.execute("COMMIT")
        // A rollback drops what waits.
        try connection.execute("BEGIN")
        connection.deferRows(stage: 0, head: "INSERT INTO t(id, v) VALUES", group: "(?, ?)", [.int(8), .text("y")])
        connection.rollbackIfOpen()
        #expect(try connection.execute("SELECT COUNT(*) FROM t").scalar == .int(1))
    }
}
