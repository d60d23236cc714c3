import Foundation
import GRDB
import InboxCore
import InboxTestSupport
import Testing

/// Kills imports with SIGKILL at random points, re-runs them, and checks the database ends
/// exactly as after one uninterrupted run (DESIGN §4.1).
@Suite(.serialized) struct CrashSafetyTests {
    static func corpus() -> [String] {
        var messages: [String] = []
        for c in 0..<250 {
            let customer = "customer\(c)@example.com"
            var ids: [String] = []
            for k in 0..<6 {
                let id = "c\(c)-m\(k)@example.com"
                let agent = k % 2 == 1
                messages.append(
                    MailFactory.message(
                        id: c % 50 == 7 && k == 0 ? nil : id,
                        from: agent ? "Ada <ada@shop.example>" : "Customer \(c) <\(customer)>",
                        to: agent ? customer : (c % 3 == 0 ? "returns@shop.example" : "support@shop.example"),
                        subject: "Order \(c) problem", date: "Tue, 03 Nov 2026 \(10 + k):\(10 + c % 40):00 +0100",
                        inReplyTo: ids.last, references: ids,
                        body: "Message \(k) of conversation \(c).\nFrom the customer: żółw, Müşteri, Ødegård.\n"))
                ids.append(id)
            }
        }
        // A second delivery of some messages (same Message-ID, other Delivered-To).
        for c in stride(from: 0, to: 250, by: 25) {
            messages.append(
                "Delivered-To: returns@shop.example\n"
                    + MailFactory.message(id: "c\(c)-m0@example.com", from: "Customer \(c) <customer\(c)@example.com>"))
        }
        return messages
    }

    static let config = TestDesk.returnsConfig()

    /// Everything that must match, without wall-clock times.
    static func dump(_ path: String) throws -> String {
        try DatabaseDump.text(
            path,
            rows: [
                (
                    "T",
                    """
                    SELECT t.id, t.status, t.subject, t.queue_id, c.address, t.created_at, t.updated_at, t.first_response_at
                    FROM ticket t LEFT JOIN customer c ON c.id = t.customer_id ORDER BY t.id
                    """
                ),
                (
                    "M",
                    "SELECT id, message_id, raw_sha256, ticket_id, direction, thread_reason, queue_id FROM message ORDER BY id"
                ),
                ("R", "SELECT message_id, address, raw_sha256 FROM message_route ORDER BY 1, 2"),
            ],
            // Every message is in the index once (indexed), and nothing is left waiting for it (pending).
            counts: [
                ("raw", "raw_message"), ("refs", "message_reference"),
                ("fts", "search.message_fts f WHERE f.message_fts MATCH 'zolw'"), ("indexed", "search.message_fts"),
                ("pending", "search_pending"), ("events", "event"), ("customers", "customer"),
            ])
    }

    func runKilled(_ args: [String], env: [String: String], after seconds: Double) throws {
        let process = try CommandRunner.startInbox(args, environment: env)
        usleep(useconds_t(seconds * 1_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func trial(kind: String, input: String, dir: TemporaryFolder, trials: Int) throws {
        let configPath = dir.write("config.toml", Self.config)
        func env(_ db: String) -> [String: String] {
            ["INBOX_DB": db, "INBOX_CONFIG": configPath, "INBOX_IMPORT_BATCH": "40"]
        }
        let cleanDB = dir.file("clean-\(kind).sqlite")
        let started = Date()
        let clean = try CommandRunner.inbox(["import", kind, input], environment: env(cleanDB))
        #expect(clean.status == 0, "\(clean.stderr)")
        let duration = Date().timeIntervalSince(started)
        let expected = try Self.dump(cleanDB)
        #expect(expected.contains("T "))
        var generator = SystemRandomNumberGenerator()
        for t in 0..<trials {
            let db = dir.file("killed-\(kind)-\(t).sqlite")
            // One or two kills at random points, then a run to the end.
            for _ in 0..<(t % 3 == 2 ? 2 : 1) {
                try runKilled(
                    ["import", kind, input], env: env(db),
                    after: Double.random(in: 0.0...(duration * 1.1), using: &generator))
            }
            let finish = try CommandRunner.inbox(["import", kind, input], environment: env(db))
            #expect(finish.status == 0, "trial \(t): \(finish.stderr)")
            let got = try Self.dump(db)
            #expect(got == expected, "trial \(t) of \(kind) differs from a clean run")
            for suffix in ["", "-wal", "-shm", ".search", ".search-wal", ".search-shm"] { unlink(db + suffix) }
        }
        let rerun = try CommandRunner.inbox(["import", kind, input], environment: env(cleanDB))
        #expect(rerun.stdout.hasPrefix("Imported 0 messages"), "\(rerun.stdout)")
    }

    @Test func mboxImportSurvivesSIGKILL() throws {
        let dir = TemporaryFolder("inbox-crash")
        let mbox = dir.write("corpus.mbox", MailFactory.mbox(Self.corpus()))
        try trial(kind: "mbox", input: mbox, dir: dir, trials: 20)
    }

    @Test func maildirImportSurvivesSIGKILL() throws {
        let dir = TemporaryFolder("inbox-crash-md")
        for (i, m) in Self.corpus().enumerated() {
            dir.write(String(format: "md/cur/%010d.M%dP7.host:2,S", 1_700_000_000 + i, i), m)
        }
        dir.write("md/new/.keep", "")
        try trial(kind: "maildir", input: dir.file("md"), dir: dir, trials: 6)
    }
}
