import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// `inbox rules`, `inbox tick`, `inbox snooze`, `inbox agents` and rules during imports
/// (issue 23): the automatic-acknowledgement loop, SIGKILL during an import with rules.
@Suite(.serialized) struct RulesCLITests {
    static func config(templates: String) -> String {
        TestDesk.returnsConfig(
            TestDesk.agent("Ada", "ada@shop.example", table: "[[agents]]")
                + TestDesk.agent("Bob", "bob@shop.example", table: "[[agents]]") + """
                    [replies]
                    templates = "\(templates)"
                    [sla]
                    calendar = "Mon-Fri 09:00-17:00"
                    timezone = "Europe/Warsaw"
                    """)
    }

    /// Every message in gets the `ack` template (the loop protection keeps it to one a day).
    static let ackRule = """
        [[rule]]
        name = "ack"
        on = "message-in"
        then = ["reply=ack"]
        """

    static let ack =
        "---\nname: ack\nlanguage: en\n---\nThank you, we have your message about ticket {{ticket.id}} and answer soon.\n"

    /// A new folder with the `ack` template and `rules`: the folder and the environment of a desk in it.
    /// `database`: what `INBOX_DB` takes (a PostgreSQL URL); a SQLite file in the folder by default.
    static func setUp(rules: String, database: String? = nil) -> (dir: TemporaryFolder, env: [String: String]) {
        let dir = TemporaryFolder()
        dir.write("templates/ack.md", ack)
        dir.write("rules.toml", rules)
        let env = [
            "INBOX_DB": database ?? dir.file("inbox.sqlite"),
            "INBOX_CONFIG": dir.write("config.toml", config(templates: dir.file("templates"))),
            "INBOX_AGENT": "Ada",
        ]
        return (dir, env)
    }

    static func run(_ args: [String], _ env: [String: String]) throws -> CommandResult {
        let r = try CommandRunner.inbox(args, environment: env)
        try #require(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    static func outbox(_ path: String) throws -> [(recipients: String, raw: String)] {
        try outbox(try AppDatabase.open(path: path))
    }

    static func outbox(_ database: AppDatabase) throws -> [(recipients: String, raw: String)] {
        try database.snapshot { d in
            try d.rows("SELECT recipients, raw FROM outbox ORDER BY id", []).map {
                ($0["recipients"] as String, String(decoding: $0["raw"] as Data, as: UTF8.self))
            }
        }
    }

    // MARK: - The auto-acknowledgement loop

    /// On both engines: the rules decide at import, and the import queues the replies.
    @Test(arguments: EngineStore.engines) func eachCustomerGetsExactlyOneAcknowledgementADay(
        _ engine: StoreEngineKind
    ) throws {
        let store = try EngineStore.make(engine, "ack")
        let (dir, env) = Self.setUp(rules: Self.ackRule, database: engine == .sqlite ? nil : store.location)
        let database = engine == .sqlite ? nil : try store.open()
        func outbox() throws -> [(recipients: String, raw: String)] {
            try database.map(Self.outbox) ?? Self.outbox(dir.file("inbox.sqlite"))
        }
        let day = "Tue, 03 Nov 2026"
        let mails = [
            // Ayşe writes three times: a new ticket, a reply to it, and a new subject.
            MailFactory.message(
                id: "a1@example.com", from: "Ayşe <ayse@example.com>", subject: "Kargom nerede?",
                date: "\(day) 10:00:00 +0100"),
            MailFactory.message(
                id: "a2@example.com", from: "Ayşe <ayse@example.com>", subject: "Re: Kargom nerede?",
                date: "\(day) 10:30:00 +0100",
                inReplyTo: "a1@example.com", references: ["a1@example.com"]),
            MailFactory.message(
                id: "a3@example.com", from: "Ayşe <ayse@example.com>", subject: "İade", date: "\(day) 11:00:00 +0100"),
            // A copy of our own outbound mail to Bartek (opens his ticket: no acknowledgement).
            MailFactory.message(
                id: "o1@shop.example", from: "Ada <support@shop.example>", to: "bartek@example.pl",
                subject: "Your order",
                date: "\(day) 11:10:00 +0100"),
            // Bartek's out-of-office answer to it.
            MailFactory.message(
                id: "b-ooo@example.pl", from: "Bartek <bartek@example.pl>", to: "support@shop.example",
                subject: "Auto: Your order",
                date: "\(day) 11:11:00 +0100", inReplyTo: "o1@shop.example",
                extraHeaders: ["Auto-Submitted: auto-replied"]),
            // A bounce of our mail to a mistyped address (joins the ticket it opened).
            MailFactory.message(
                id: "o2@shop.example", from: "Ada <support@shop.example>", to: "zofia@exmaple.pl", subject: "Zwrot",
                date: "\(day) 11:20:00 +0100"),
            MailFactory.message(
                id: "bounce1@mx.example", from: "MAILER-DAEMON@mx.example", to: "support@shop.example",
                subject: "Undelivered Mail Returned to Sender", date: "\(day) 11:21:00 +0100",
                inReplyTo: "o2@shop.example",
                extraHeaders: ["Return-Path: <>"]),
            // A newsletter (bulk) and an automatic notification: quarantined, never answered.
            MailFactory.message(
                id: "news@list.example", from: "news@list.example", subject: "Weekly deals",
                date: "\(day) 12:00:00 +0100",
                extraHeaders: ["Precedence: bulk", "List-Id: <deals.list.example>"]),
            // Zofia writes for real.
            MailFactory.message(
                id: "z1@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
                date: "\(day) 12:30:00 +0100"),
        ]
        _ = try Self.run(["init"], env)
        let imported = try Self.run(["import", "mbox", dir.write("in.mbox", MailFactory.mbox(mails))], env)
        #expect(imported.stdout.contains("Queued 2 automatic replies"))
        var out = try outbox()
        #expect(out.map(\.recipients).sorted() == [#"["ayse@example.com"]"#, #"["zofia@example.pl"]"#])
        for o in out {
            #expect(o.raw.contains("Auto-Submitted: auto-replied\r\n"))
            #expect(o.raw.contains("Thank you, we have your message"))
        }

        // The same day: our acknowledgements come back as copies, Ayşe's autoresponder answers
        // one, and Ayşe writes a fourth time. Nobody gets a second acknowledgement.
        var second = out.map {
            String($0.raw.split(separator: "\r\n\r\n", maxSplits: 1)[0]).replacingOccurrences(of: "\r\n", with: "\n")
                + "\n\nThank you\n"
        }
        let ackID = out[0].raw.split(separator: "\r\n").first { $0.hasPrefix("Message-ID:") }.map {
            String($0.dropFirst(12)).trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
        }
        second.append(
            MailFactory.message(
                id: "a-ooo@example.com", from: "Ayşe <ayse@example.com>", subject: "Automatic reply",
                date: "\(day) 13:00:00 +0100",
                inReplyTo: ackID, extraHeaders: ["Auto-Submitted: auto-replied"]))
        second.append(
            MailFactory.message(
                id: "a4@example.com", from: "Ayşe <ayse@example.com>", subject: "Re: Kargom nerede?",
                date: "\(day) 14:00:00 +0100",
                inReplyTo: "a2@example.com", references: ["a1@example.com", "a2@example.com"]))
        _ = try Self.run(["import", "mbox", dir.write("in2.mbox", MailFactory.mbox(second))], env)
        out = try outbox()
        #expect(out.count == 2)
        // Every acknowledgement is in the audit log under the rule's name.
        let shown = try Self.run(["show", "1001"], env)
        #expect(shown.stdout.contains("rule:ack"))
    }

    // MARK: - Crash safety

    static let crashRules = """
        [[rule]]
        name = "triage"
        on = "ticket-created"
        if = "to:returns@shop.example"
        then = ["queue=Returns", "tag+=return", "priority=high"]
        [[rule]]
        name = "noter"
        on = "message-in"
        if = "żółw"
        then = ["note=seen by rules"]
        [[rule]]
        name = "assign"
        on = "ticket-created"
        then = ["assign=round-robin"]

        """ + ackRule

    /// What the rules did, without wall-clock times.
    static func ruleDump(_ path: String) throws -> String {
        try DatabaseDump.text(
            path,
            rows: [
                ("T", "SELECT id, status, queue_id, priority, assignee FROM ticket ORDER BY id"),
                ("G", "SELECT ticket_id, name FROM tag ORDER BY 1, 2"),
                (
                    "N",
                    "SELECT id, message_id, ticket_id, direction, text FROM message WHERE direction = 'note' ORDER BY id"
                ),
                (
                    "E",
                    "SELECT ticket_id, actor, kind, old_value, new_value, detail, COUNT(*) FROM event GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"
                ),
                ("A", "SELECT customer, ticket_id, rule, template, state FROM rule_reply ORDER BY customer"),
            ],
            counts: [("outbox", "outbox"), ("messages", "message")])
    }

    @Test func sigkillDuringAnImportWithRulesThenARerunActsExactlyOnce() throws {
        let dir = TemporaryFolder()
        dir.write("templates/ack.md", Self.ack)
        dir.write("rules.toml", Self.crashRules)
        let configPath = dir.write("config.toml", Self.config(templates: dir.file("templates")))
        let input = dir.write("corpus.mbox", MailFactory.mbox(CrashSafetyTests.corpus()))
        func env(_ db: String) -> [String: String] {
            ["INBOX_DB": db, "INBOX_CONFIG": configPath, "INBOX_IMPORT_BATCH": "40"]
        }
        let cleanDB = dir.file("clean.sqlite")
        let started = Date()
        _ = try Self.run(["import", "mbox", input], env(cleanDB))
        let duration = Date().timeIntervalSince(started)
        let expected = try Self.ruleDump(cleanDB)
        #expect(expected.contains("rule:triage") && expected.contains("rule:noter") && expected.contains("rule:ack"))
        #expect(expected.contains("A [customer:\"customer0@example.com\""))
        var generator = SystemRandomNumberGenerator()
        for t in 0..<3 {
            let db = dir.file("killed-\(t).sqlite")
            for _ in 0..<(t == 2 ? 2 : 1) {
                try CrashSafetyTests().runKilled(
                    ["import", "mbox", input], env: env(db),
                    after: Double.random(in: 0.05...(duration * 0.9), using: &generator))
            }
            _ = try Self.run(["import", "mbox", input], env(db))
            let got = try Self.ruleDump(db)
            #expect(got == expected, "trial \(t): the re-run differs from a clean run")
        }
    }

    // MARK: - Snooze, tick, agents, lint, test

    @Test func snoozeFromTheCommandLineShowsInJSONAndTickWakesIt() throws {
        let (dir, env) = Self.setUp(rules: "")
        _ = try Self.run(["init"], env)
        _ = try Self.run(
            ["import", "eml", dir.write("1.eml", MailFactory.message(id: "s1@example.pl", from: "zofia@example.pl"))],
            env)
        let snoozed = try Self.run(["snooze", "1001", "--until", "2099-01-05 09:00"], env)
        #expect(snoozed.stdout.contains("snoozed until Mon 2099-01-05 09:00 (Europe/Warsaw)"))
        let json = try Self.run(["show", "1001", "--json"], env)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(object["snoozed_until"] as? String == "2099-01-05T08:00:00Z")
        #expect(try Self.run(["tickets"], env).stdout.contains("1001") == false)
        // One minute before, nothing; at 09:00 Warsaw time it wakes.
        #expect(try Self.run(["tick", "--at", "2099-01-05 08:59"], env).stdout.contains("Nothing was due"))
        #expect(try Self.run(["tick", "--at", "2099-01-05 09:00"], env).stdout.contains("#1001 woke from snooze"))
        let after =
            try JSONSerialization.jsonObject(with: Data(try Self.run(["show", "1001", "--json"], env).stdout.utf8))
            as! [String: Any]
        #expect(after["snoozed_until"] is NSNull && after["snooze_woke"] as? String == "time")
        let bad = try CommandRunner.inbox(["snooze", "1001", "--until", "whenever"], environment: env)
        #expect(bad.status != 0 && bad.stderr.contains("Cannot read the time \"whenever\""))
    }

    @Test func agentsAwayAndLintAndTestFromTheCommandLine() throws {
        let (dir, env) = Self.setUp(
            rules: """
                [[rule]]
                name = "returns"
                on = "ticket-created"
                if = "zwrot"
                then = ["queue=Returns", "assign=least-busy"]
                """)
        _ = try Self.run(["init"], env)
        _ = try Self.run(["agents", "away", "bob"], env)
        #expect(try Self.run(["agents", "list"], env).stdout.contains("Bob\taway"))
        #expect(try Self.run(["rules", "lint"], env).stdout.contains("1 rule, no problems"))
        _ = try Self.run(
            [
                "import", "eml",
                dir.write(
                    "1.eml",
                    MailFactory.message(id: "z@example.pl", from: "z@example.pl", subject: "Zwrot", body: "zwrot\n")),
            ],
            env)
        let shown = try Self.run(["show", "1001", "--json"], env).stdout
        #expect(shown.contains("\"queue\" : \"Returns\"") || shown.contains("\"queue\": \"Returns\""))
        #expect(shown.contains("\"assignee\" : \"Ada\"") || shown.contains("\"assignee\": \"Ada\""))
        let replay = try Self.run(["rules", "test", "--since", "3650d"], env)
        #expect(replay.stdout.contains("rule \"returns\" (ticket-created): 1 ticket"))
        #expect(replay.stdout.contains("Nothing was changed"))

        dir.write(
            "rules.toml", "[[rule]]\nname = \"x\"\non = \"message-in\"\nif = \"status:nope\"\nthen = [\"tag+=x\"]\n")
        let lint = try CommandRunner.inbox(["rules", "lint"], environment: env)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("rules.toml:1: rule \"x\" error: if:"))
        // A broken rules file stops an import before it reads anything, saying where to look.
        let refused = try CommandRunner.inbox(
            ["import", "eml", dir.write("2.eml", MailFactory.message(id: "q@example.pl"))], environment: env)
        #expect(refused.status != 0 && refused.stderr.contains("inbox rules lint"))
    }

    /// Issue 22: `inbox snooze`, `inbox tick`, `inbox agents` and `inbox rules test` against a
    /// PostgreSQL store (the mail imported into SQLite and copied with `inbox db copy`).
    @Test(.enabled(if: PostgresServer.skipReason == nil))
    func snoozeTickAgentsAndRulesTestOnPostgreSQL() throws {
        let (dir, env) = Self.setUp(rules: "")
        _ = try Self.run(["init"], env)
        _ = try Self.run(
            [
                "import", "eml",
                dir.write(
                    "1.eml",
                    MailFactory.message(
                        id: "z@example.pl", from: "z@example.pl", subject: "Zwroty", body: "IADE prosze\n")),
            ],
            env)
        // The rule comes after the import: the replay on PostgreSQL is the first to run it.
        dir.write(
            "rules.toml",
            """
            [[rule]]
            name = "returns"
            on = "ticket-created"
            if = "zwrot* İade"
            then = ["queue=Returns", "assign=least-busy"]
            """)
        let store = try EngineStore.make(.postgresql, "rules-cli")
        _ = try Self.run(["db", "copy", dir.file("inbox.sqlite"), store.location], env)
        let pg = env.merging(["INBOX_DB": store.location]) { $1 }
        func value(_ sql: String) throws -> String? {
            try store.open().snapshot { try $0.value(String.self, sql, []) }
        }

        let snoozed = try Self.run(["snooze", "1001", "--until", "2099-01-05 09:00"], pg)
        #expect(snoozed.stdout.contains("snoozed until Mon 2099-01-05 09:00 (Europe/Warsaw)"))
        #expect(try value("SELECT CAST(snoozed_until AS TEXT) FROM ticket WHERE id = 1001") != nil)
        #expect(try Self.run(["tick", "--at", "2099-01-05 08:59"], pg).stdout.contains("Nothing was due"))
        #expect(try Self.run(["tick", "--at", "2099-01-05 09:00"], pg).stdout.contains("#1001 woke from snooze"))
        #expect(try value("SELECT snooze_woke FROM ticket WHERE id = 1001") == "time")

        _ = try Self.run(["agents", "away", "ada"], pg)
        #expect(try Self.run(["agents", "list"], pg).stdout.contains("Ada\taway"))
        let replay = try Self.run(["rules", "test", "--since", "3650d", "--json"], pg)
        #expect(
            replay.stdout.contains("queue=Returns") && replay.stdout.contains("assign=least-busy")
                && !replay.stdout.contains("every agent is away"), "\(replay.stdout)")
        #expect(
            try Self.run(["rules", "test", "--since", "3650d"], pg).stdout.contains(
                "rule \"returns\" (ticket-created): 1 ticket"))
        #expect(try value("SELECT assignee FROM ticket WHERE id = 1001") == nil)
        // The SQLite file is untouched.
        #expect(try Self.run(["agents", "list"], env).stdout.contains("Ada\tavailable"))
    }
}
