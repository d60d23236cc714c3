import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

/// Channels beyond e-mail through the built binary (DESIGN §19, docs/channels.md):
/// `inbox import jsonl`, replies delivered by a real `send_command` script, one identity per
/// queue reaching a loopback SMTP server, and `inbox customer merge`.
@Suite(.serialized) struct ChannelCLITests {
    static let fixtures = TestPaths.fixtures + "/channels"

    /// A send_command script: it records every call's idempotency key in `calls`, and
    /// delivers (appends the key to `delivered`) only a key it has not delivered before.
    /// `behaviour` runs first: it may exit (75, 3) or sleep.
    static func script(_ dir: TemporaryFolder, behaviour: String = "") -> String {
        let d = dir.path
        return dir.write(
            "send.sh",
            """
            #!/bin/sh
            cat > "\(d)/last.json"
            key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["idempotency_key"])' "\(d)/last.json")
            echo "$key" >> "\(d)/calls"
            [ "$key" = "$INBOX_IDEMPOTENCY_KEY" ] || { echo "key differs from INBOX_IDEMPOTENCY_KEY" >&2; exit 9; }
            n=$(wc -l < "\(d)/calls")
            \(behaviour)
            if grep -qxF "$key" "\(d)/delivered" 2>/dev/null; then exit 0; fi
            echo "$key" >> "\(d)/delivered"
            exit 0

            """)
    }

    static func config(_ dir: TemporaryFolder, smtpPort: Int? = nil, retryBase: Int = 1) -> String {
        var text = TestDesk.agentConfig(
            signature: "Ada, Nordlys Support",
            """
            [[queue]]
            name = "Returns"
            addresses = ["returns@shop.example"]
            from_name = "Nordlys Returns"
            from_address = "returns@nordlys.example"
            signature = "Nordlys Returns Team\\nPackages back within 30 days"
            [[channel]]
            name = "chat"
            send_command = "sh \(dir.file("send.sh"))"
            send_timeout = 20
            [[channel]]
            name = "trendyol"
            queue = "Returns"
            [replies]
            undo_window = 0
            retry_base = \(retryBase)
            templates = "\(dir.file("templates"))"

            """)
        if let smtpPort { text += TestDesk.smtp(port: smtpPort, timeout: 20) }
        return text
    }

    /// A store with the chat fixtures imported; returns the environment and the tawk-5001 ticket.
    static func setUp(_ dir: TemporaryFolder, behaviour: String = "", smtpPort: Int? = nil) throws -> (
        env: [String: String], ticket: String
    ) {
        _ = script(dir, behaviour: behaviour)
        dir.write("templates/.keep", "")
        let env = [
            "INBOX_DB": dir.file("inbox.sqlite"),
            "INBOX_CONFIG": dir.write("config.toml", config(dir, smtpPort: smtpPort)),
            "INBOX_AGENT": "Ada Lindqvist",
        ]
        try CommandRunner.inboxSucceeds([["init"], ["import", "jsonl", fixtures + "/chat.jsonl"]], environment: env)
        let list = try CommandRunner.inbox(["tickets", "--json", "--query", "channel:chat"], environment: env)
        let tickets = try #require(
            try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], "\(list.stderr)")
        let chat = try #require(tickets.first { ($0["subject"] as? String)?.hasPrefix("Merhaba") == true })
        #expect(chat["channel"] as? String == "chat")
        return (env, String(try #require(chat["id"] as? Int)))
    }

    /// A new, initialised store (no agent set) with the send script in `dir`: its environment.
    /// On PostgreSQL a new database of the tests' server (``EngineStore``), migrated.
    static func emptyStore(_ dir: TemporaryFolder, engine: StoreEngineKind = .sqlite) throws -> [String: String] {
        _ = script(dir)
        let location = engine == .sqlite ? dir.file("inbox.sqlite") : try EngineStore.make(engine, "channels").location
        let env = ["INBOX_DB": location, "INBOX_CONFIG": dir.write("config.toml", config(dir))]
        if engine == .sqlite { try CommandRunner.inboxSucceeds([["init"]], environment: env) }
        return env
    }

    /// `outbox flush` sends the reply a first call left: the command has run twice with the same
    /// idempotency key, and the reply was delivered once.
    static func flushRunsTheCommandAgainAndDeliversOnce(
        _ dir: TemporaryFolder, _ env: [String: String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let again = try CommandRunner.inbox(["outbox", "flush", "--now"], environment: env)
        #expect(again.status == 0, "\(again.stderr)", sourceLocation: sourceLocation)
        #expect(again.stdout.contains("Sent 1"), sourceLocation: sourceLocation)
        let calls = lines(dir.file("calls"))
        #expect(calls.count == 2 && calls[0] == calls[1], sourceLocation: sourceLocation)
        #expect(lines(dir.file("delivered")) == [calls[0]], sourceLocation: sourceLocation)
    }

    static func lines(_ path: String) -> [String] {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }

    // MARK: - import jsonl

    @Test(arguments: EngineStore.engines) func importReportsBadLinesAndIsIdempotent(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("channels-cli")
        let env = try Self.emptyStore(dir, engine: engine)
        let bad = Self.fixtures + "/bad.jsonl"
        let r = try CommandRunner.inbox(["import", "jsonl", bad], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let errors = r.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 4)
        #expect(errors.first == "\(bad) line 2: not valid JSON (each line must be one JSON object)")
        #expect(errors.contains("\(bad) line 3: missing \"conversation\""))
        #expect(r.stdout.contains("Imported 2 messages: 2 new, 0 duplicates, 1 joined existing tickets, 1 new ticket"))
        #expect(r.stdout.contains("4 bad lines skipped"))
        // From stdin, all three kinds; again: nothing new.
        for _ in 0..<2 {
            let all = try CommandRunner.run(
                "/bin/sh",
                [
                    "-c",
                    "cat \(Self.fixtures)/webform.jsonl \(Self.fixtures)/marketplace.jsonl | \(TestPaths.inboxBinary) import jsonl -",
                ],
                environment: env)
            #expect(all.status == 0, "\(all.stderr)")
        }
        let again = try CommandRunner.inbox(
            ["import", "jsonl", Self.fixtures + "/chat.jsonl", "--json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(
            (json["summary"] as? [String: Any])?["new_tickets"] as? Int == 2
                || (json["summary"] as? [String: Any])?["newTickets"] as? Int == 2)
        let twice = try CommandRunner.inbox(["import", "jsonl", Self.fixtures + "/chat.jsonl"], environment: env)
        #expect(twice.stdout.contains("5 messages: 0 new, 5 duplicates"))
        // Nothing readable: exit 1.
        let none = try CommandRunner.inbox(["import", "jsonl", dir.write("none.jsonl", "nope\n")], environment: env)
        #expect(none.status == 1)
        #expect(none.stderr.contains("none.jsonl line 1: not valid JSON"))
        // The channel in the list and in search.
        let list = try CommandRunner.inbox(["tickets", "--query", "channel:allegro"], environment: env)
        #expect(list.stdout.contains("Witam, kiedy"))
        #expect(!list.stdout.contains("Hei!"))
    }

    @Test(arguments: EngineStore.engines) func theDocumentedConvertersFeedTheImport(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("channels-cli")
        let env = try Self.emptyStore(dir, engine: engine)
        let examples = TestPaths.root + "/docs/examples"
        let exports = Self.fixtures + "/exports"
        let chat = try CommandRunner.run(
            "/bin/sh",
            [
                "-c",
                "python3 \(examples)/tawkto-to-jsonl.py \(exports)/tawkto-transcript.json | \(TestPaths.inboxBinary) import jsonl -",
            ],
            environment: env)
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.contains("Imported 3 messages: 3 new"))
        let form = try CommandRunner.run(
            "/bin/sh",
            [
                "-c",
                "python3 \(examples)/webform-csv-to-jsonl.py \(exports)/webform-entries.csv > \(dir.path)/form.jsonl && \(TestPaths.inboxBinary) import jsonl \(dir.path)/form.jsonl",
            ],
            environment: env)
        #expect(form.status == 0, "\(form.stderr)")
        #expect(form.stdout.contains("Imported 2 messages: 2 new"))
        // The empty third entry is a bad line, named by its number.
        #expect(form.stderr.contains("form.jsonl line 3: "))
        let tickets = try CommandRunner.inbox(["tickets", "--json"], environment: env)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(tickets.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        let mehmet = try #require(
            rows.first { ($0["customer"] as? [String: Any])?["address"] as? String == "mehmet.demir@example.com.tr" })
        #expect(
            mehmet["channel"] as? String == "chat" && mehmet["message_count"] as? Int == 3
                && mehmet["status"] as? String == "open")
        #expect(rows.filter { $0["channel"] as? String == "webform" }.count == 2)
    }

    // MARK: - send_command

    @Test func aChatReplyIsDeliveredOnceThroughSendCommand() throws {
        let dir = TemporaryFolder("channels-cli")
        let (env, t) = try Self.setUp(dir)
        let r = try CommandRunner.inbox(
            ["reply", t, "--message", "Kargonuz yarın teslim edilecek.", "--send"], environment: env)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("Sent 1"))
        #expect(Self.lines(dir.file("delivered")).count == 1)
        #expect(Self.lines(dir.file("calls")).count == 1)
        let payload = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("last.json"))))
                as? [String: Any])
        #expect(payload["channel"] as? String == "chat")
        #expect(payload["conversation"] as? String == "tawk-5001")
        #expect((payload["text"] as? String)?.hasPrefix("Kargonuz yarın teslim edilecek.") == true)
        #expect((payload["ticket"] as? [String: Any])?["id"] as? Int == Int(t))
        let customer = try #require(payload["customer"] as? [String: Any])
        #expect(customer["email"] as? String == "ayse.yilmaz@example.com.tr")
        #expect(customer["phone"] as? String == "+905321112233")
        #expect(payload["attachments"] as? [Any] != nil)
        #expect(Self.lines(dir.file("delivered")) == [payload["idempotency_key"] as? String ?? ""])
        // A second flush sends nothing more.
        #expect(try CommandRunner.inbox(["outbox", "flush", "--now"], environment: env).stdout.contains("Sent 0"))
        #expect(Self.lines(dir.file("calls")).count == 1)
        #expect(try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("\tsent\t"))
        // The conversation names its channel; the reply joined it as the team's message.
        let show = try CommandRunner.inbox(["show", t], environment: env)
        #expect(show.stdout.contains("channel chat · conversation tawk-5001"))
        #expect(show.stdout.contains("Kargonuz yarın teslim edilecek."))
    }

    @Test func aChatReplyCarriesItsFileAsAKeptCopyAndRefusesCc() throws {
        let dir = TemporaryFolder("channels-cli")
        let (env, t) = try Self.setUp(dir)
        let bytes: [UInt8] = Array("%PDF-1.4 iade etiketi\n".utf8) + [0, 255, 10]
        let original = dir.file("İade etiketi.pdf")
        try Data(bytes).write(to: URL(fileURLWithPath: original))
        let cc = try CommandRunner.inbox(
            ["reply", t, "--message", "Etiket ekte.", "--cc", "boss@example.com", "--send"], environment: env)
        #expect(cc.status != 0)
        #expect(cc.stderr.contains("without Cc or Bcc"), "\(cc.stderr)")
        #expect(Self.lines(dir.file("calls")).isEmpty)
        let r = try CommandRunner.inbox(
            ["reply", t, "--message", "Etiket ekte.", "--attach", original, "--send"], environment: env)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let payload = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("last.json"))))
                as? [String: Any])
        let files = try #require(payload["attachments"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files.first?["filename"] as? String == "İade etiketi.pdf")
        let kept = try #require(files.first?["path"] as? String)
        // A copy beside the database, not the agent's file: it outlives the agent's folder.
        #expect(kept.hasPrefix(dir.file("outgoing-files/")), "\(kept)")
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: kept))) == bytes)
        try FileManager.default.removeItem(atPath: original)
        #expect(FileManager.default.fileExists(atPath: kept))
    }

    @Test func exit75IsRetriedThenDeliveredOnce() throws {
        let dir = TemporaryFolder("channels-cli")
        let (env, t) = try Self.setUp(dir, behaviour: #"if [ "$n" -eq 1 ]; then echo "chat API busy" >&2; exit 75; fi"#)
        let first = try CommandRunner.inbox(["reply", t, "--message", "Kontrol ediyorum.", "--send"], environment: env)
        #expect(first.status == 1)
        #expect(first.stderr.contains("asked to try again later (exit 75): chat API busy"))
        #expect(Self.lines(dir.file("delivered")).isEmpty)
        try Self.flushRunsTheCommandAgainAndDeliversOnce(dir, env)
    }

    @Test func aFailureShowsTheCommandsStderr() throws {
        let dir = TemporaryFolder("channels-cli")
        let (env, t) = try Self.setUp(dir, behaviour: #"echo "tawk.to said 403: token expired" >&2; exit 3"#)
        let r = try CommandRunner.inbox(["reply", t, "--message", "Merhaba!", "--send"], environment: env)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("send_command of channel chat failed with exit status 3: tawk.to said 403: token expired")
        )
        let list = try CommandRunner.inbox(["outbox", "list"], environment: env)
        #expect(list.stdout.contains("\tfailed\t"))
        #expect(list.stdout.contains("tawk.to said 403: token expired"))
        // Failed is final: a later flush does not run the command again.
        _ = try CommandRunner.inbox(["outbox", "flush", "--now"], environment: env)
        #expect(Self.lines(dir.file("calls")).count == 1)
        #expect(Self.lines(dir.file("delivered")).isEmpty)
    }

    @Test func sigkillDuringTheCommandDoesNotDeliverTwice() throws {
        let dir = TemporaryFolder("channels-cli")
        // The first call delivers, then hangs (a slow API answer) until the sender is killed.
        let (env, t) = try Self.setUp(
            dir,
            behaviour: """
                if [ "$n" -eq 1 ]; then echo "$key" >> "\(dir.path)/delivered"; echo $$ > "\(dir.path)/hung.pid"; exec sleep 60; fi
                """)
        let queued = try CommandRunner.inbox(
            ["reply", t, "--message", "Kargo yolda.", "--send", "--no-deliver"], environment: env)
        #expect(queued.status == 0, "\(queued.stderr)")
        let process = try CommandRunner.startInbox(["outbox", "flush", "--now"], environment: env)
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: dir.file("hung.pid")) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        try #require(FileManager.default.fileExists(atPath: dir.file("hung.pid")), "send_command never started")
        kill(process.processIdentifier, SIGKILL)
        // The command outlives the killed sender (its own process group); stop it too, so the
        // pipes it inherited close and the killed process can be reaped.
        if let pid = Int32(Self.lines(dir.file("hung.pid")).first ?? "") { kill(pid, SIGKILL) }
        process.waitUntilExit()
        #expect(try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("\tsending\t"))
        // The next pass gives the row back and runs the command again with the same key.
        try Self.flushRunsTheCommandAgainAndDeliversOnce(dir, env)
    }

    // MARK: - identity per queue

    @Test(.enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make test installs it)"))
    func aReturnsReplyGoesOutWithReturnsIdentity() throws {
        let dir = TemporaryFolder("channels-cli")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, _) = try Self.setUp(dir, smtpPort: sink.port)
        dir.write(
            "templates/return-label.md",
            "---\nname: return-label\nlanguage: de\nsubject: \"Ihr Rücksendeetikett [#{{ticket.id}}]\"\n---\nGuten Tag {{customer.first_name}},\n\nanbei Ihr Etikett.\n\n{{queue.signature}}\n"
        )
        let mail = MailFactory.message(
            id: "rueck-1@example.de", from: "Jürgen Maßmann <juergen.massmann@example.de>", to: "returns@shop.example",
            subject: "Rücksendung", body: "Guten Tag,\nich möchte die Jacke zurückschicken.\n")
        #expect(try CommandRunner.inbox(["import", "eml", dir.write("in/1.eml", mail)], environment: env).status == 0)
        let list = try CommandRunner.inbox(["tickets", "--json", "--queue", "Returns"], environment: env)
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let t = String(try #require(tickets.first { $0["channel"] as? String == "email" }?["id"] as? Int))
        let plain = try CommandRunner.inbox(
            ["reply", t, "--message", "Das Etikett kommt gleich.", "--send"], environment: env)
        #expect(plain.status == 0, "\(plain.stderr)")
        let templated = try CommandRunner.inbox(
            ["reply", t, "--template", "return-label", "--any-language", "--send"], environment: env)
        #expect(templated.status == 0, "\(templated.stderr)")
        let messages = sink.messages().map { String(decoding: $0, as: UTF8.self) }
        try #require(messages.count == 2)
        for m in messages {
            #expect(m.contains("From: Nordlys Returns <returns@nordlys.example>"))
            #expect(!m.contains("Ada, Nordlys Support"))
        }
        #expect(
            MessageParser.parse(sink.messages()[0]).text.contains("Nordlys Returns Team\nPackages back within 30 days"))
        #expect(
            MessageParser.parse(sink.messages()[1]).text.contains(
                "anbei Ihr Etikett.\n\nNordlys Returns Team\nPackages back within 30 days"))
        #expect(sink.envelopes().first?["mail_from"] as? String == "returns@nordlys.example")
    }

    // MARK: - customers

    @Test func customerMergeOnTheCommandLine() throws {
        let dir = TemporaryFolder("channels-cli")
        let (env, _) = try Self.setUp(dir)
        #expect(
            try CommandRunner.inbox(["import", "jsonl", Self.fixtures + "/marketplace.jsonl"], environment: env).status
                == 0)
        let show = try CommandRunner.inbox(["customer", "ayse.yilmaz@example.com.tr"], environment: env)
        #expect(show.stdout.contains("tickets: 2"), "\(show.stdout)")
        #expect(show.stdout.contains("phone: +905321112233"))
        let merge = try CommandRunner.inbox(
            ["customer", "merge", "tel:+48601234567", "allegro:jnowak84"], environment: env)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("allegro:jnowak84 is now part of tel:+48601234567 (1 ticket moved)"))
        let zofia = try CommandRunner.inbox(["customer", "chat:zofia_w", "--json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(zofia.stdout.utf8)) as? [String: Any])
        #expect(json["ticket_count"] as? Int == 2)
        #expect(json["handles"] as? [String] == ["allegro:jnowak84", "chat:zofia_w"])
        let missing = try CommandRunner.inbox(
            ["customer", "merge", "tel:+48601234567", "nobody@example.com"], environment: env)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("No customer has the address nobody@example.com"))
    }
}
