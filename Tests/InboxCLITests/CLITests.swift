import Foundation
import InboxCore
import InboxTestSupport
import Testing

@Suite(.serialized) struct CLITests {
    let dir = TemporaryFolder("inbox-cli")
    let store: StoreLocation
    var env: [String: String] { ["INBOX_DB": store.location, "INBOX_CONFIG": dir.file("config.toml")] }

    init() { store = StoreLocation(sqlite: dir.file("db/inbox.sqlite")) }

    /// On PostgreSQL the database is the server's: only the config file's mode is checked.
    @Test(arguments: EngineStore.engines)
    func initIsIdempotentAndPrivate(_ engine: StoreEngineKind) throws {
        try store.use(engine, "cli-init")
        let first = try CommandRunner.inbox(["init"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Created"))
        let second = try CommandRunner.inbox(["init"], environment: env)
        #expect(second.status == 0)
        #expect(second.stdout.contains("exists"))
        for path in (engine == .sqlite ? [store.location] : []) + [dir.file("config.toml")] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
            #expect(mode & 0o077 == 0, "\(path) is readable by others")
        }
    }

    @Test(arguments: EngineStore.engines)
    func importReportsUnreadableInputsAndGoesOn(_ engine: StoreEngineKind) throws {
        try store.use(engine, "cli-import")
        let good = dir.write(
            "good.mbox",
            MailFactory.mbox([MailFactory.message(id: "a@x"), MailFactory.message(id: "b@x", inReplyTo: "a@x")]))
        let r = try CommandRunner.inbox(["import", "mbox", dir.file("missing.mbox"), good], environment: env)
        #expect(r.status == 1)
        let errors = r.stderr.split(separator: "\n")
        #expect(errors.count == 1)
        #expect(errors.first?.contains("missing.mbox: no such file") == true)
        #expect(r.stdout.contains("Imported 2 messages: 2 new, 0 duplicates, 1 joined existing tickets, 1 new ticket"))
        let again = try CommandRunner.inbox(["import", "mbox", good], environment: env)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("Imported 0 messages"))
    }

    /// SQLite only: the search index file of a SQLite store (PostgreSQL's is in the database).
    @Test func aWholeSearchIndexToBuildIsAnnouncedOnceAtOpen() throws {
        let messages = (0..<5_000).map {
            MailFactory.message(id: "m\($0)@x", subject: "Paket \($0)", body: "zwrot \($0)\n")
        }
        let mbox = dir.write("many.mbox", MailFactory.mbox(messages))
        let imported = try CommandRunner.inbox(["import", "mbox", mbox], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stderr.contains("Building the search index"))
        // The index file goes (as after an upgrade that changed its layout).
        for suffix in ["", "-wal", "-shm"] { unlink(dir.file("db/inbox.sqlite.search") + suffix) }
        let first = try CommandRunner.inbox(["search", "zwrot", "--json"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("Building the search index for 5000 messages"), "\(first.stderr)")
        #expect(first.stdout.contains("\"message\" : 5000"))  // the newest of the 5,000, found
        let second = try CommandRunner.inbox(["search", "zwrot"], environment: env)
        #expect(!second.stderr.contains("Building the search index"))
    }

    @Test(arguments: EngineStore.engines)
    func hostileAndBrokenInputs(_ engine: StoreEngineKind) throws {
        try store.use(engine, "cli-hostile")
        // Each bad input yields one clear line; everything readable is still imported.
        dir.write("notmaildir/readme.txt", "hi")
        let png = dir.write("photo.eml", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
        let empty = dir.write("empty.mbox", "")
        let truncated = dir.write(
            "truncated.mbox",
            String(
                MailFactory.mbox([MailFactory.message(id: "t1@x"), MailFactory.message(id: "t2@x", body: "cut here")])
                    .dropLast(6)))
        let nul = Array(
            MailFactory.message(id: "nul@x", subject: "bad\u{0}subject", extraHeaders: ["X-Junk: a\u{0}\u{0}b"]).utf8)
        let nulPath = dir.write("nul.eml", nul)
        let hugeBody = String(repeating: String(repeating: "A", count: 76) + "\n", count: 400_000)  // ~30 MB
        let huge = dir.write(
            "huge.eml",
            MailFactory.message(id: "huge@x", extraHeaders: [], body: "").replacingOccurrences(
                of: "Content-Type: text/plain; charset=utf-8", with: "Content-Type: application/octet-stream")
                + hugeBody)
        var parts = "From: a@example.com\nTo: support@shop.example\nSubject: many parts\nMessage-ID: <parts@x>\n"
        parts += "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
        for i in 0..<5000 { parts += "--b\nContent-Type: text/plain\n\npart \(i)\n" }
        parts += "--b--\n"
        let many = dir.write("parts.eml", parts)

        let md = try CommandRunner.inbox(["import", "maildir", dir.file("notmaildir")], environment: env)
        #expect(md.status == 1 && md.stderr.contains("not a Maildir") && md.stderr.split(separator: "\n").count == 1)
        let mb = try CommandRunner.inbox(["import", "mbox", empty, truncated], environment: env)
        #expect(
            mb.status == 1 && mb.stderr.contains("the file is empty") && mb.stderr.split(separator: "\n").count == 1)
        #expect(mb.stdout.contains("Imported 2 messages: 2 new"))
        let eml = try CommandRunner.inbox(["import", "eml", png, nulPath, huge, many], environment: env)
        #expect(eml.status == 1, "\(eml.stderr)")
        #expect(eml.stderr.contains("photo.eml: does not look like a mail message"))
        #expect(eml.stderr.split(separator: "\n").count == 1)
        #expect(eml.stdout.contains("Imported 3 messages: 3 new"))
        let show = try CommandRunner.inbox(["tickets", "--json", "--limit", "100"], environment: env)
        #expect(show.status == 0)
        #expect(show.stdout.contains("many parts"))
    }

    @Test(arguments: EngineStore.engines)
    func jsonOutputsCarryTheDocumentedFields(_ engine: StoreEngineKind) throws {
        try store.use(engine, "cli-json")
        let text = MailFactory.mbox([
            MailFactory.message(id: "a@x", to: "support@shop.example"),
            MailFactory.message(id: "b@x", from: "Ada <ada@shop.example>", to: "ayse@example.com.tr", inReplyTo: "a@x"),
        ])
        let config =
            "[agent]\nname = \"Ada\"\nemail = \"ada@shop.example\"\n[[queue]]\nname = \"Support\"\naddresses = [\"support@shop.example\"]\n"
        dir.write("config.toml", config)
        _ = try CommandRunner.inbox(["import", "mbox", dir.write("j.mbox", text)], environment: env)
        let tickets = try CommandRunner.inbox(["tickets", "--json"], environment: env)
        let list = try JSONSerialization.jsonObject(with: Data(tickets.stdout.utf8)) as! [[String: Any]]
        #expect(list.count == 1)
        for key in [
            "id", "queue", "subject", "status", "priority", "assignee", "tags", "customer", "created_at", "updated_at",
            "message_count",
        ] {
            #expect(list[0].keys.contains(key), "ticket JSON lacks \(key)")
        }
        #expect((list[0]["customer"] as? [String: Any])?["address"] as? String == "ayse@example.com.tr")
        let id = list[0]["id"] as! Int
        let show = try CommandRunner.inbox(["show", "\(id)", "--json"], environment: env)
        let detail = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
        let messages = detail["messages"] as! [[String: Any]]
        #expect(messages.count == 2)
        for key in [
            "direction", "message_id", "from", "date", "subject", "text", "automatic", "bounce", "thread_reason",
            "attachments",
        ] {
            #expect(messages[0].keys.contains(key), "message JSON lacks \(key)")
        }
        #expect(messages.map { $0["direction"] as! String } == ["inbound", "outbound"])
        let queues = try CommandRunner.inbox(["queues", "--json"], environment: env)
        #expect(queues.stdout.contains("\"name\" : \"Support\""))
        let parse = try CommandRunner.inbox(["parse", "--json", dir.write("p.eml", MailFactory.message(id: "p@x"))])
        let parsed = try JSONSerialization.jsonObject(with: Data(parse.stdout.utf8)) as! [String: Any]
        for key in [
            "message_id", "subject", "from", "to", "cc", "date", "in_reply_to", "references", "text", "html",
            "attachments", "automatic", "bounce", "problems",
        ] {
            #expect(parsed.keys.contains(key), "parse JSON lacks \(key)")
        }
        let missing = try CommandRunner.inbox(["show", "999999"], environment: env)
        #expect(missing.status == 1 && missing.stderr.contains("There is no ticket #999999"))
        let usage = try CommandRunner.inbox(["tickets", "--limit", "0"], environment: env)
        #expect(usage.status == 2)
    }
}
