import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// PostgreSQL's import speed (issue 22, migration "v14-pg-ingest-speed"): ingest writes
/// `message.search` from words folded in Swift (``PostgresSearchWords``) and runs its hot
/// statements prepared once per connection. What is stored and what search finds must not
/// change: the `tsvector` ingest writes is the one the server computes from the stored
/// columns (`inbox_message_search`, the former generated column), and the trigger computes it
/// for every other writer.
@Suite(.enabled(if: EngineStore.engines.contains(.postgresql)))
struct SearchWordsEngineTests {
    typealias S = SearchTests

    /// Messages whose words test each step: folding (Turkish, Polish, German, Norwegian,
    /// Icelandic, Danish), punctuation, quoted lines, a NUL, CRLF, emoji, and texts longer
    /// than what the full text reads, with multi-byte letters and combining accents at the
    /// limit (PostgreSQL's `left` counts code points; Swift's `count` counts graphemes).
    static func messages() -> [IncomingMessage] {
        let limit = PostgresSchema.indexedTextLimit
        let combining = String(repeating: "e\u{301}", count: limit / 2 + 10) + " tailword"
        let polish = String(repeating: "żółw ", count: limit / 5 - 1) + "ż" + "łabędź końcowy"
        let quotedLong =
            "> " + String(repeating: "x", count: 300) + "\n" + String(repeating: "ab ", count: limit / 3)
            + "zzfinal"
        let longSubject = String(repeating: "Straße-", count: PostgresSchema.indexedFieldLimit / 7 + 3) + "ende"
        return [
            S.msg(
                "w1@x", from: "ayse@example.com.tr", name: "Ayşe Yılmaz", subject: "İADE: Kargom kırık (#US-55012)",
                text:
                    "Merhaba!\r\nSiparişim #US-55012 kırık geldi... İade istiyorum?!\n> Alıntı satırı\n>>iç içe\nSon.",
                daysAgo: 10),
            S.msg(
                "w2@x", from: "jan@example.pl", name: "Jan Kowalski", subject: "Zamówienie PL-7781/uszkodzone",
                text: "Paczka z Łodzi_dotarła {uszkodzona}. Żółw [zabawka] pęknięty; ŁÓDŹ~ZAŻÓŁĆ `gęślą` jaźń.",
                daysAgo: 5),
            S.msg(
                "w3@x", from: "jurgen@example.de", name: "Jürgen Groß", subject: "Rechnung für STRAẞE 5",
                text: "Grüße aus Köln, Straße 5 — „Anführung“ «guillemets» 3.14 e-mail: a.b@c.de http://x.y/z?q=1",
                daysAgo: 40),
            S.msg(
                "w4@x", from: "ingrid@example.no", name: "Ingrid Ødegård", subject: "Retur av jakke (ordre 5531)",
                text: "Hei! Jeg vil returnere jakken. Æble, æøå, Œuvre, þorn, Þór, Đakovo, ħ Ŧ ð Ŀl 😀 emoji",
                daysAgo: 2),
            S.msg("w5@x", from: "nul@example.com", subject: "Null\u{0}byte", text: "before\u{0}after nul", daysAgo: 1),
            S.msg("w6@x", from: "long@example.com", subject: longSubject, text: combining, daysAgo: 1),
            S.msg("w7@x", from: "long2@example.com", subject: "polish long", text: polish, daysAgo: 1),
            S.msg("w8@x", from: "long3@example.com", subject: "quoted long", text: quotedLong, daysAgo: 1),
            S.msg("w9@x", from: "empty@example.com", subject: "", text: "", daysAgo: 1),
        ]
    }

    /// The `tsvector` ingest wrote is the server's own, row for row; the messages were
    /// stored through ingest on PostgreSQL (not copied).
    @Test func ingestWritesTheTsvectorTheServerComputes() throws {
        let store = try EngineStore.make(.postgresql, "search-words")
        let db = try store.open()
        try db.syncQueues(S.config)
        _ = try db.ingest(Self.messages(), config: S.config)
        let (count, differing) = try db.snapshot { d in
            (
                try d.value(Int.self, "SELECT COUNT(*) FROM message") ?? 0,
                try d.values(
                    String.self,
                    "SELECT message_id FROM message WHERE search IS DISTINCT FROM inbox_message_search(subject, sender, text)"
                )
            )
        }
        #expect(count == Self.messages().count)
        #expect(differing == [])
        // The words Swift hands the server, step by step, are the SQL steps' result.
        for m in Self.messages() {
            let text = m.parsed.text.withoutNUL
            let sql = try db.snapshot {
                try $0.value(
                    String.self,
                    "SELECT inbox_search_words(left(regexp_replace(?, '^>[^\\n]*\\n?', '', 'gn'), \(PostgresSchema.indexedTextLimit)))",
                    [text])
            }
            #expect(sql == PostgresSearchWords.text(text), "\(m.parsed.messageID ?? "")")
        }
    }

    /// Search finds the same messages whether they were ingested on SQLite or on PostgreSQL.
    @Test func ingestedOnBothEnginesSearchFindsTheSame() throws {
        let sqliteStore = try EngineStore.make(.sqlite, "search-words-sqlite")
        let sqlite = try sqliteStore.open()
        let pgStore = try EngineStore.make(.postgresql, "search-words-pg")
        let postgres = try pgStore.open()
        for db in [sqlite, postgres] {
            try db.syncQueues(S.config)
            _ = try db.ingest(Self.messages(), config: S.config)
        }
        // Words past what PostgreSQL's full text reads, NUL characters (gone from PostgreSQL's
        // text) and combining accents are known to differ between the engines: left out here,
        // held by the `tsvector` test above.
        let queries = [
            "istanbul", "iade", "IADE", "ıade", "kirik", "kırık", "US-55012", "siparisim", "alıntı", "ic", "son",
            "lodzi", "ŁODZI", "zolw", "\"żółw zabawka\"", "zazolc", "gesla", "jazn", "PL-7781", "uszkodzone",
            "strasse", "STRASSE", "STRAẞE", "grusse", "koln", "anfuhrung", "guillemets", "3", "14", "a b c de",
            "odegard", "ØDEGÅRD", "aeble", "aeoa", "oeuvre", "thorn", "thor", "dakovo", "emoji", "subject:strasse",
            "jurg*", "polish", "quoted",
        ]
        for q in queries {
            #expect(try S.ids(sqlite, q) == S.ids(postgres, q), "\(q)")
        }
        #expect(try S.ids(postgres, "zolw") == ["w2@x", "w7@x"])
        #expect(try S.ids(postgres, "strasse") == ["w3@x", "w6@x"])
        #expect(try S.ids(postgres, "odegard") == ["w4@x"])
        #expect(try S.ids(postgres, "kirik") == ["w1@x"])
        // What lies past the limits is not read on PostgreSQL (on SQLite it is).
        for q in ["tailword", "koncowy", "zzfinal", "subject:ende"] { #expect(try S.ids(postgres, q) == [], "\(q)") }
        #expect(try S.ids(postgres, "beforeafter") == ["w5@x"])
    }

    /// Writers other than ingest give no `search`: the trigger computes it on insert, and
    /// again when an update changes the subject, the sender or the text.
    @Test func otherWritersGetTheTsvectorFromTheTrigger() throws {
        let store = try EngineStore.make(.postgresql, "search-words-trigger")
        let db = try store.open()
        try db.syncQueues(S.config)
        _ = try db.ingest(Array(Self.messages().prefix(2)), config: S.config)
        try db.transaction { d in
            try d.exec("UPDATE message SET text = ? WHERE message_id = ?", ["Żółw wrócił, nowa treść", "w1@x"])
            try d.exec("UPDATE message SET thread_reason = 'manual' WHERE message_id = ?", ["w2@x"])
            try d.exec(
                "INSERT INTO raw_message(sha256, size, bytes) VALUES ('trigger', 1, ?)", [Data([0x41])])
            try d.exec(
                """
                INSERT INTO message(queue_id, direction, message_id, subject, text, sender, received_at,
                    thread_reason, raw_sha256)
                VALUES ((SELECT MIN(id) FROM queue), 'inbound', 'w10@x', ?, ?, ?, 0, 'new', 'trigger')
                """,
                ["Grüße", "Ødegård schreibt", "Jürgen"])
        }
        #expect(try S.ids(db, "wrocil") == ["w1@x"])
        #expect(try S.ids(db, "siparisim") == [])  // only in the old text
        #expect(try S.ids(db, "zolw") == ["w1@x", "w2@x"])
        let differing = try db.snapshot {
            try $0.value(
                Int.self,
                "SELECT COUNT(*) FROM message WHERE search IS DISTINCT FROM inbox_message_search(subject, sender, text)"
            )
        }
        #expect(differing == 0)
        let found = try db.snapshot {
            try $0.value(Int.self, "SELECT COUNT(*) FROM message WHERE search @@ to_tsquery('inbox_search', 'odegard')")
        }
        #expect(found == 1)
    }

    /// A statement prepared once runs again with new values; a failing one reports its
    /// SQLSTATE (how a transaction knows to run again) and leaves the connection usable.
    @Test func preparedStatementsRunAgainAndReportErrors() throws {
        let store = try EngineStore.make(.postgresql, "prepared")
        let connection = try PostgresConnection(url: store.location)
        defer { connection.close() }
        for i: Int64 in 1...3 {
            #expect(try connection.executePrepared("SELECT $1::bigint + 1", [.int(i)]).scalar == .int(i + 1))
        }
        let prepared = try connection.execute("SELECT COUNT(*) FROM pg_prepared_statements").scalar
        #expect(prepared == .int(1))
        #expect(throws: InboxError.self) { try connection.executePrepared("SELECT 1 / $1::int", [.int(0)]) }
        #expect(connection.lastErrorState == "22012")
        #expect(throws: InboxError.self) { try connection.executePrepared("SELECT 1 / $1::int", [.int(0)]) }
        #expect(try connection.executePrepared("SELECT 1 / $1::int", [.int(1)]).scalar == .int(1))
        #expect(connection.lastErrorState == nil)
        // The store's hot statements: `?` numbered once, prepared on the pool's connection.
        let db = try store.open()
        for i in 1...3 {
            let v = try db.transaction { try $0.valueHot(Int.self, "SELECT CAST(? AS bigint) * 2", [i]) }
            #expect(v == i * 2)
        }
    }
}
