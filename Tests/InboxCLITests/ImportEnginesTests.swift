import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 22: `inbox import` on both engines. The demo mailbox imported into SQLite and into
/// PostgreSQL gives the same summary, the same tickets and messages, and the same raw bytes
/// (their SHA-256 computed again from what each engine gives back); a second import adds
/// nothing on either.
@Suite(.serialized, .enabled(if: PostgresServer.skipReason == nil))
struct ImportEnginesTests {
    /// What an import summary and the store hold, comparable across engines.
    struct Outcome: Equatable {
        var summary: [String: Int]
        var counts: [String: Int]
        var messages: [String]
        var tickets: [String]
    }

    func importDemo(_ engine: StoreEngineKind, kind: String, input: String) throws -> (Outcome, Outcome) {
        let store = try EngineStore.make(engine, "import-\(kind)")
        let env = ["INBOX_DB": store.location, "INBOX_CONFIG": TestPaths.demo + "/config.toml", "INBOX_AGENT": "ada"]
        func run() throws -> [String: Int] {
            let r = try CommandRunner.inbox(["import", kind, input, "--json"], environment: env)
            #expect(r.status == 0, "\(engine) \(kind): \(r.stderr)")
            let json = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
            return (json["summary"] as? [String: Int]) ?? [:]
        }
        let first = try run()
        let afterFirst = try snapshot(store, summary: first)
        let second = try run()
        return (afterFirst, try snapshot(store, summary: second))
    }

    /// Counts by table (`inbox db info`'s), every message with its ticket, reason and the
    /// SHA-256 of the bytes the engine gives back, and every ticket's state.
    func snapshot(_ store: EngineStore, summary: [String: Int]) throws -> Outcome {
        let db = try store.open()
        return try db.snapshot { c in
            var counts: [String: Int] = [:]
            for table in [
                "ticket", "message", "raw_message", "message_route", "message_reference", "attachment", "customer",
                "event", "account_state", "spool_seen",
            ] {
                counts[table] = try c.value(Int.self, "SELECT COUNT(*) FROM \(table)") ?? -1
            }
            var messages: [String] = []
            for row in try c.rows(
                """
                SELECT m.message_id, m.ticket_id, m.thread_reason, m.direction, m.subject, m.from_address, m.raw_sha256,
                    r.bytes, m.automatic, m.bounce, m.has_html, m.date
                FROM message m JOIN raw_message r ON r.sha256 = m.raw_sha256
                ORDER BY m.message_id, m.raw_sha256
                """, [])
            {
                let bytes: Data = row["bytes"]
                let sha: String = row["raw_sha256"]
                #expect(RawDigest.sha256Hex([UInt8](bytes)) == sha, "raw bytes of \(sha) on \(store.engine)")
                let date: Double? = row["date"]
                let messageID: String? = row["message_id"]
                let ticket: Int64? = row["ticket_id"]
                let from: String? = row["from_address"]
                let reason: String = row["thread_reason"]
                let direction: String = row["direction"]
                let subject: String = row["subject"]
                let flags: [Int64] = [row["automatic"], row["bounce"], row["has_html"]]
                var fields: [String] = [messageID ?? "-", ticket.map { String($0) } ?? "-", reason, direction]
                fields += [subject, from ?? "-", sha, flags.map { String($0) }.joined(separator: ",")]
                fields.append(date.map { String($0) } ?? "-")
                messages.append(fields.joined(separator: "|"))
            }
            let tickets = try c.rows(
                """
                SELECT t.id, t.subject, t.status, t.priority, q.name AS queue, c.address, t.created_at,
                    t.first_response_at, t.linked_ticket_id
                FROM ticket t JOIN queue q ON q.id = t.queue_id LEFT JOIN customer c ON c.id = t.customer_id
                ORDER BY t.id
                """, []
            ).map { row in
                // By name: PostgreSQL's rows do not keep the column order.
                [
                    "id", "subject", "status", "priority", "queue", "address", "created_at", "first_response_at",
                    "linked_ticket_id",
                ].map { "\(row[$0] as DatabaseValue)" }.joined(separator: "|")
            }
            return Outcome(summary: summary, counts: counts, messages: messages, tickets: tickets)
        }
    }

    /// The demo's rules run at import on both engines alike: the same tickets end in the same
    /// queues with the same tags and priorities (a damaged-goods mail in Returns, high).
    @Test func rulesRouteTheImportAlikeOnBothEngines() throws {
        var outcomes: [[String]] = []
        for engine in EngineStore.engines {
            let store = try EngineStore.make(engine, "import-rules")
            let config = store.folder.file("config.toml")
            try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: config)
            try FileManager.default.copyItem(
                atPath: TestPaths.demo + "/rules-demo.toml", toPath: store.folder.file("rules.toml"))
            let env = ["INBOX_DB": store.location, "INBOX_CONFIG": config, "INBOX_AGENT": "ada"]
            let r = try CommandRunner.inbox(["import", "mbox", TestPaths.demo + "/support.mbox"], environment: env)
            #expect(r.status == 0 && !r.stderr.contains("warning"), "\(engine): \(r.stderr)")
            let listed = try CommandRunner.inbox(["tickets", "--json", "--limit", "1000"], environment: env)
            let rows = (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]) ?? []
            outcomes.append(
                rows.map { t in
                    let tags = (t["tags"] as? [String] ?? []).sorted().joined(separator: ",")
                    return "\(t["id"] ?? "") \(t["queue"] ?? "") \(t["priority"] ?? "") [\(tags)]"
                }.sorted())
        }
        #expect(outcomes.first?.contains { $0.contains(" Returns high [damaged]") } == true, "\(outcomes.first ?? [])")
        #expect(
            outcomes.count == EngineStore.engines.count && Set(outcomes.map { $0.joined(separator: "\n") }).count == 1)
    }

    @Test func demoMailboxImportsTheSameIntoSQLiteAndPostgreSQL() throws {
        let input = TestPaths.demo + "/support.mbox"
        let (sqliteFirst, sqliteSecond) = try importDemo(.sqlite, kind: "mbox", input: input)
        let (pgFirst, pgSecond) = try importDemo(.postgresql, kind: "mbox", input: input)
        #expect(sqliteFirst.summary["new"] ?? 0 > 50, "\(sqliteFirst.summary)")
        #expect(pgFirst.summary == sqliteFirst.summary)
        #expect(pgFirst.counts == sqliteFirst.counts)
        #expect(pgFirst.tickets == sqliteFirst.tickets)
        #expect(pgFirst.messages.count == sqliteFirst.messages.count)
        for (p, s) in zip(pgFirst.messages, sqliteFirst.messages) where p != s {
            Issue.record("message differs:\nPostgreSQL: \(p)\nSQLite:     \(s)")
            break
        }
        // Again: nothing new on either engine, and the store unchanged.
        for second in [sqliteSecond, pgSecond] {
            #expect(second.summary["new"] == 0 && second.summary["newTickets"] ?? 0 == 0, "\(second.summary)")
            #expect(second.counts == sqliteFirst.counts)
        }
    }

    @Test func emlFolderImportsTheSameIntoSQLiteAndPostgreSQL() throws {
        let dir = TemporaryFolder("import-eml-engines")
        // Mail whose words need folding, an attachment, and a reply that threads.
        let mails = [
            ("aylin@example.com", "İSTANBUL siparişi", "Merhaba, kargo kırık geldi.", "<tr-1@example.test>", ""),
            ("krzysztof@example.pl", "Żółw nie dotarł", "Paczka nie dotarła do Łodzi.", "<pl-1@example.test>", ""),
            (
                "aylin@example.com", "Re: İSTANBUL siparişi", "Hâlâ bekliyorum, Straße ø.", "<tr-2@example.test>",
                "In-Reply-To: <tr-1@example.test>\r\n"
            ),
        ]
        for (i, (from, subject, text, id, extra)) in mails.enumerated() {
            dir.write(
                "eml/\(i).eml",
                """
                From: \(from)\r
                To: support@nordlys.example\r
                Subject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r
                Message-ID: \(id)\r
                \(extra)Date: Mon, 1 Dec 2025 10:0\(i):00 +0000\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b"\r
                \r
                --b\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                \(text)\r
                --b\r
                Content-Type: application/pdf; name="invoice \(i).pdf"\r
                Content-Disposition: attachment; filename="invoice \(i).pdf"\r
                Content-Transfer-Encoding: base64\r
                \r
                JVBERi0xLjQK\r
                --b--\r

                """)
        }
        let (sqliteFirst, sqliteSecond) = try importDemo(.sqlite, kind: "eml", input: dir.file("eml"))
        let (pgFirst, pgSecond) = try importDemo(.postgresql, kind: "eml", input: dir.file("eml"))
        #expect(sqliteFirst.summary["newTickets"] == 2, "\(sqliteFirst.summary)")
        #expect(sqliteFirst.counts["attachment"] == 3)
        #expect(pgFirst == sqliteFirst)
        #expect(pgSecond.counts == sqliteSecond.counts)
        #expect(pgSecond.summary == sqliteSecond.summary)
    }

    /// Kill-mid-import on PostgreSQL: a batch is one transaction with its checkpoint, so an
    /// import killed at random points and run again ends as one clean run does.
    @Test func mboxImportKilledOnPostgreSQLEndsAsACleanRun() throws {
        let dir = TemporaryFolder("import-killed-pg")
        let mbox = dir.write("corpus.mbox", MailFactory.mbox(CrashSafetyTests.corpus()))
        let configPath = dir.write("config.toml", CrashSafetyTests.config)
        func env(_ store: EngineStore) -> [String: String] {
            ["INBOX_DB": store.location, "INBOX_CONFIG": configPath, "INBOX_IMPORT_BATCH": "40"]
        }
        let clean = try EngineStore.make(.postgresql, "clean")
        let started = Date()
        let r = try CommandRunner.inbox(["import", "mbox", mbox], environment: env(clean))
        #expect(r.status == 0, "\(r.stderr)")
        let duration = Date().timeIntervalSince(started)
        let expected = try snapshot(clean, summary: [:])
        #expect(expected.counts["message"] ?? 0 > 1000)
        var generator = SystemRandomNumberGenerator()
        for t in 0..<4 {
            let store = try EngineStore.make(.postgresql, "killed-\(t)")
            for _ in 0..<(t % 2 == 1 ? 2 : 1) {
                let process = try CommandRunner.startInbox(["import", "mbox", mbox], environment: env(store))
                usleep(useconds_t(Double.random(in: 0.1...(duration * 0.9), using: &generator) * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            let finish = try CommandRunner.inbox(["import", "mbox", mbox], environment: env(store))
            #expect(finish.status == 0, "trial \(t): \(finish.stderr)")
            #expect(try snapshot(store, summary: [:]) == expected, "trial \(t) differs from a clean run")
        }
    }

    /// `inbox init` on a PostgreSQL database its owner created: the config's queues are
    /// written, and the URL's password is never printed.
    @Test func initPreparesAPostgreSQLDatabase() throws {
        let store = try EngineStore.make(.postgresql, "import-init")
        let env = ["INBOX_DB": store.location, "INBOX_CONFIG": TestPaths.demo + "/config.toml"]
        let r = try CommandRunner.inbox(["init"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("is ready (0 tickets)"), "\(r.stdout)")
        let queues = try CommandRunner.inbox(["queues", "--json"], environment: env)
        #expect(queues.stdout.contains("Returns"), "\(queues.stdout)")
    }
}
