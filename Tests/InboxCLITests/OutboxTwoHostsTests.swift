import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore
@testable import InboxMail

/// Issue 22's acceptance check "Two outbox senders": 100 replies are queued while `inbox outbox
/// flush` runs in a loop on two "hosts" (each in its own UTS namespace with its own host name
/// when the tests run as root) against one PostgreSQL and a loopback SMTP server; each reply is
/// delivered exactly once.
@Suite(.serialized, .enabled(if: PostgresServer.skipReason == nil && SMTPSink.available))
struct OutboxTwoHostsTests {
    /// One sender host: `inbox outbox flush` again and again until the file `$STOP` exists.
    static let senderScript = """
        #!/bin/sh
        if [ "$1" != run ] && [ "$(id -u)" = 0 ] && unshare -u true 2>/dev/null; then
            exec unshare -u sh -c 'hostname "$0" && exec sh "$1" run' "$SENDER_HOST" "$0"
        fi
        while [ ! -f "$STOP" ]; do
            "$INBOX" outbox flush >>"$LOG" 2>&1
            sleep 0.05
        done

        """

    @Test func twoSendersOnTwoHostsDeliverEachReplyExactlyOnce() throws {
        let dir = TemporaryFolder("outbox-two-hosts")
        let sink = try SMTPSink(folder: dir.file("sink"))
        defer { sink.stop() }
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let url = try server.createDatabase("inbox")
        dir.write("config.toml", TestDesk.agentConfig(TestDesk.smtp(port: sink.port, timeout: 30)))
        let configPath = dir.file("config.toml")
        let config = try InboxConfig.load(path: configPath)
        let agent = try #require(config.agent)

        // Ten customers' tickets in a SQLite inbox; replies are queued there and moved to
        // PostgreSQL with `inbox db copy` (queueing itself is not on the store seam yet).
        let path = dir.file("inbox.sqlite")
        let sqlite = try AppDatabase.open(path: path)
        try sqlite.syncQueues(config)
        let batch = (0..<10).map { i in
            let raw = Array(
                MailFactory.message(
                    id: "order-\(i)@example.test", from: "Customer \(i) <c\(i)@example.com>", subject: "Order \(i)"
                ).utf8)
            return IncomingMessage(
                raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test")
        }
        _ = try sqlite.ingest(batch, config: config)
        let tickets = try sqlite.tickets().map(\.id)
        #expect(tickets.count == 10)
        var queued: [String] = []
        func queue(_ range: Range<Int>) throws {
            for k in range {
                let detail = try sqlite.ticketDetail(tickets[k % tickets.count])
                let reply = try ReplyComposer.compose(
                    detail: detail, config: config, agent: agent,
                    subject: SubjectTag.replySubject(detail.ticket.subject),
                    text: "Reply \(k): your parcel is on its way.\n")
                try sqlite.queueReply(reply, undoWindow: 0, config: config)
                queued.append(reply.messageID)
            }
        }
        func copy() throws {
            let r = try CommandRunner.inbox(
                ["db", "copy", path, url, "--json"], environment: ["INBOX_CONFIG": configPath])
            #expect(r.status == 0, "\(r.stderr)")
        }
        try queue(0..<50)
        try copy()

        dir.write("sender.sh", Self.senderScript)
        let senders = try ["host-a", "host-b"].map { host in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = [dir.file("sender.sh")]
            p.environment = CommandRunner.environment([
                "INBOX_DB": url, "INBOX_CONFIG": configPath, "INBOX": TestPaths.inboxBinary,
                "STOP": dir.file("stop"), "LOG": dir.file("\(host).log"), "SENDER_HOST": host,
            ])
            try p.run()
            return p
        }
        // The other half arrives while both senders run.
        try queue(50..<100)
        try copy()

        let watcher = try PostgresConnection(url: url)
        let deadline = Date().addingTimeInterval(180)
        var sent: Int64 = 0
        while Date() < deadline {
            sent = try watcher.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").scalar?.int ?? 0
            if sent >= 100 { break }
            usleep(100_000)
        }
        dir.write("stop", "")
        for p in senders { p.waitUntilExit() }
        let logs = ["host-a", "host-b"].map {
            (try? String(contentsOfFile: dir.file("\($0).log"), encoding: .utf8)) ?? ""
        }
        #expect(sent == 100, "\(logs)")
        // The hosts' own counts ("Sent N, …" per pass) add up to 100: no delivery counted twice.
        let perHost = logs.map { log in
            log.split(separator: "\n").compactMap { line in
                line.hasPrefix("Sent ") ? Int(line.dropFirst(5).prefix { $0.isNumber }) : nil
            }.reduce(0, +)
        }
        #expect(perHost.reduce(0, +) == 100, "host-a, host-b: \(perHost)")

        // Every reply reached the server once, and none twice.
        var arrived: [String: Int] = [:]
        for raw in sink.messages() {
            let text = String(decoding: raw, as: UTF8.self)
            let id =
                text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
                .map { $0.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces) } ?? ""
            arrived[id.trimmingCharacters(in: CharacterSet(charactersIn: "<>")), default: 0] += 1
        }
        #expect(arrived.count == 100, "\(arrived.count) distinct of \(arrived.values.reduce(0, +))")
        #expect(arrived.values.allSatisfy { $0 == 1 }, "\(arrived.filter { $0.value > 1 })")
        #expect(Set(arrived.keys) == Set(queued.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) }))
        // One attempt each: no row was claimed twice.
        let attempts = try watcher.execute("SELECT attempts, COUNT(*) FROM outbox GROUP BY attempts").rows
        #expect(attempts == [[.int(1), .int(100)]], "\(attempts)")
        let list = try CommandRunner.inbox(
            ["outbox", "list", "--json", "--db", url], environment: ["INBOX_CONFIG": configPath])
        let rows = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
        #expect(rows.count == 100 && rows.allSatisfy { $0["state"] as? String == "sent" }, "\(list.stderr)")
    }

    /// `inbox outbox cancel|resend|discard` with `--db postgresql://…`, and an export of the
    /// same store.
    @Test func cancelResendAndDiscardOnPostgreSQL() throws {
        let dir = TemporaryFolder("outbox-pg-cli")
        let sink = try SMTPSink(folder: dir.file("sink"), arguments: ["--reject"])
        defer { sink.stop() }
        let server = try PostgresServer()
        try server.start()
        defer { server.stop() }
        let url = try server.createDatabase("inbox")
        let desk = TestDesk(dir, agent: "ada") { d in
            d.write("config.toml", TestDesk.agentConfig(TestDesk.smtp(port: sink.port, timeout: 30)))
            return d.file("config.toml")
        }
        let ticket = try desk.importOne(MailFactory.message(id: "pg-cli@example.test"))
        for k in 0..<2 {
            let r = try desk.inbox(["reply", "\(ticket)", "--message", "Reply \(k)", "--send", "--no-deliver"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try desk.inbox(["db", "copy", desk.database, url]).status == 0)
        let pg = ["--db", url]
        func outbox(_ arguments: [String]) throws -> CommandResult { try desk.inbox(["outbox"] + arguments + pg) }
        func states() throws -> [Int: String] {
            let list = try outbox(["list", "--json"])
            let rows = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as? Int ?? 0, $0["state"] as? String ?? "") })
        }
        let ids = try states().keys.sorted()
        let initial = try states()
        #expect(ids.count == 2 && Set(initial.values) == ["queued"])
        #expect(try outbox(["cancel", "\(ids[1])"]).status == 0)
        let notFailed = try outbox(["resend", "\(ids[1])"])
        #expect(notFailed.status != 0 && notFailed.stderr.contains("only a failed one"), "\(notFailed.stderr)")
        let flush = try outbox(["flush", "--now"])
        #expect(flush.status == 1 && flush.stdout.contains("failed 1"), "\(flush.stdout) \(flush.stderr)")
        #expect(try states() == [ids[0]: "failed", ids[1]: "cancelled"])
        #expect(try outbox(["resend", "\(ids[0])"]).status == 0)
        #expect(try states()[ids[0]] == "queued")
        #expect(try outbox(["flush", "--now"]).status == 1)
        #expect(try outbox(["discard", "\(ids[0])"]).status == 0)
        #expect(try states() == [ids[0]: "cancelled", ids[1]: "cancelled"])
        #expect(sink.messages().isEmpty)
        // The SQLite file is untouched: its replies are still queued there.
        let local = try desk.inbox(["outbox", "list", "--state", "queued", "--json"])
        #expect(((try JSONSerialization.jsonObject(with: Data(local.stdout.utf8)) as? [Any]) ?? []).count == 2)
        let file = desk.dir.file("export.jsonl")
        let exported = try desk.inbox(["export", "--all", "--format", "jsonl", "--output", file] + pg)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(FileManager.default.fileExists(atPath: file))
    }
}
