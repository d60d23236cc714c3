import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// Issue 22, "the same JSON outputs": the demo inbox, written on SQLite with some workflow
/// changes, copied to PostgreSQL with `inbox db copy`, reads byte for byte the same through
/// the read commands on both engines: the ticket list with its filters, every ticket, every
/// customer, the queues and the report.
@Suite(.serialized) struct ReadEngineCLITests {
    let dir = TemporaryFolder("inbox-read-engines")

    func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test(.enabled(if: PostgresServer.skipReason == nil)) func readCommandsPrintTheSameJSONOnBothEngines() throws {
        let sqlite = dir.file("db/inbox.sqlite")
        let config = dir.file("config.toml")
        try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: config)
        let env = ["INBOX_DB": sqlite, "INBOX_CONFIG": config, "INBOX_AGENT": "Ada Lindqvist"]
        try CommandRunner.inboxSucceeds(TestPaths.demoImports, environment: env)

        let all = try CommandRunner.inbox(["tickets", "--json", "--limit", "1000"], environment: env)
        let rows = try #require(json(all.stdout) as? [[String: Any]], "\(all.stderr)")
        let ids = rows.compactMap { $0["id"] as? Int }
        #expect(ids.count > 20)
        // Workflow changes: tags (with diacritics and case), assignees, a status, a priority, a note.
        let changes: [[String]] = [
            ["set", "\(ids[0])", "tag+=Zwrot", "tag+=ödeme", "tag+=VIP", "assignee=Jonas Berg", "priority=high"],
            ["set", "\(ids[1])", "status=pending", "tag+=żółw", "tag+=Żółw"],
            ["set", "\(ids[2])", "assignee=Ada Lindqvist", "status=solved"],
            ["set", "\(ids[3])", "priority=urgent", "tag+=İade", "tag+=iade"],
            ["note", "\(ids[4])", "--message", "Sprawdź magazyn: żółw, Ødegård, Straße, İstanbul."],
        ]
        try CommandRunner.inboxSucceeds(changes, environment: env)

        let url = try SharedPostgres.newDatabase()
        let copy = try CommandRunner.inbox(["db", "copy", sqlite, url], environment: env)
        #expect(copy.status == 0, "\(copy.stderr)")
        var pgEnv = env
        pgEnv["INBOX_DB"] = url

        // A range that ends before today: the report's "as of" is its end, not the clock's now.
        let range = ["--since", "2026-01-01", "--until", "2026-11-30"]
        let customers = Set(rows.compactMap { ($0["customer"] as? [String: Any])?["address"] as? String }).sorted()
        #expect(customers.count > 10)
        var commands: [[String]] = [
            ["tickets", "--json", "--limit", "1000"], ["tickets", "--json", "--limit", "7"],
            ["tickets", "--json", "--status", "open"], ["tickets", "--json", "--status", "pending"],
            ["tickets", "--json", "--queue", "returns"], ["tickets", "--json", "--queue", "SUPPORT", "--limit", "5"],
            ["tickets", "--json", "--assignee", "Jonas Berg"], ["tickets", "--json", "--breaching"],
            ["tickets", "--json", "--query", "tag:vip"], ["tickets", "--json", "--query", "is:unassigned status:open"],
            ["queues", "--json"], ["queues"],
            ["report", "--format", "json"] + range, ["report", "--format", "json", "--queue", "Returns"] + range,
            ["report", "--agent", "jonas berg"] + range,
        ]
        commands += ids.map { ["show", "\($0)", "--json"] }
        commands += customers.map { ["customer", $0, "--json"] }
        for command in commands {
            let a = try CommandRunner.inbox(command, environment: env)
            let b = try CommandRunner.inbox(command, environment: pgEnv)
            #expect(a.status == 0 && b.status == 0, "\(command): \(a.stderr) | \(b.stderr)")
            #expect(!a.stdout.isEmpty)
            #expect(a.stdout == b.stdout, "\(command) differs:\nSQLite:\n\(a.stdout)\nPostgreSQL:\n\(b.stdout)")
        }
        // The report has the demo's tickets in its range.
        let report = try CommandRunner.inbox(["report", "--format", "json"] + range, environment: pgEnv)
        let volume = (json(report.stdout) as? [String: Any])?["volume"] as? [String: Any]
        #expect((volume?["created"] as? Int ?? 0) > 20, "\(report.stdout.prefix(400))")
        // The changes are there to compare.
        let shown = try CommandRunner.inbox(["show", "\(ids[0])", "--json"], environment: pgEnv)
        let tags = (json(shown.stdout) as? [String: Any])?["tags"] as? [String]
        #expect(tags?.count == 3, "\(shown.stdout)")

        // A URL of an unknown scheme is refused, never taken for a file path.
        var mysql = pgEnv
        mysql["INBOX_DB"] = "mysql://inbox@127.0.0.1/inbox"
        let refused = try CommandRunner.inbox(["show", "\(ids[0])"], environment: mysql)
        #expect(refused.status != 0 && refused.stderr.contains("unknown scheme"), "\(refused.stderr)")
    }
}
