import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

/// `inbox reply|note|outbox|templates` against a real SMTP server on loopback (issue 6).
@Suite(.serialized, .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make test installs it)"))
struct ReplyCLITests {
    static func config(port: Int, undo: Int = 0, templates: String) -> String {
        TestDesk.agentConfig(
            signature: "Ada, Nordlys Support",
            TestDesk.smtp(port: port, timeout: 20)
                + "[replies]\ntemplates = \"\(templates)\"\nundo_window = \(undo)\nretry_base = 1\n")
    }

    static let template = MailFactory.shippedTemplate(actions: ["status: pending"])

    /// A database on `engine` with one ticket from a Polish customer: the environment to use
    /// it, and the ticket's number.
    static func setUp(_ dir: TemporaryFolder, port: Int, on engine: StoreEngineKind = .sqlite) throws -> (
        env: [String: String], ticket: String
    ) {
        dir.write("templates/shipped.md", template)
        dir.write(
            "templates/ask.md",
            "---\nname: ask\nlanguage: en\n---\nHi {{customer.first_name}}, your order {{order.id}}?\n")
        let env = [
            "INBOX_DB": try EngineStore.location(engine, "reply-cli", sqlite: dir.file("inbox.sqlite")),
            "INBOX_CONFIG": dir.write("config.toml", config(port: port, templates: dir.file("templates"))),
            "INBOX_AGENT": "Ada Lindqvist",
        ]
        let mail = MailFactory.message(
            id: "pl1@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
            body: "Dzień dobry,\nzamówienie PL-7781 nie dotarło.\n")
        try CommandRunner.inboxSucceeds([["init"], ["import", "eml", dir.write("in/1.eml", mail)]], environment: env)
        let id = try CommandRunner.firstTicket(environment: env)
        return (env, String(id))
    }

    @Test(arguments: EngineStore.engines)
    func replyWithATemplateIsDeliveredAndTheTicketBecomesPending(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("reply-cli")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try Self.setUp(dir, port: sink.port, on: engine)
        let lint = try CommandRunner.inbox(["templates", "lint"], environment: env)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("ask.md: empty-without-fallback"))
        #expect(lint.stdout.contains("shipped.md: empty-without-fallback: subject"))
        #expect(
            try CommandRunner.inbox(["templates", "list"], environment: env).stdout.contains("shipped\tpl\tshipping"))
        let r = try CommandRunner.inbox(["reply", t, "--template", "shipped", "--send"], environment: env)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("Sent 1"))
        let delivered = try #require(sink.messages().first)
        let text = String(decoding: delivered, as: UTF8.self)
        #expect(text.contains("In-Reply-To: <pl1@example.pl>"))
        #expect(MessageParser.parse(delivered).subject == "Zamówienie PL-7781 wysłane [#\(t)]")
        let show = try CommandRunner.inbox(["show", t, "--json"], environment: env)
        #expect(show.stdout.contains("\"status\" : \"pending\""))
        #expect(show.stdout.contains("\"direction\" : \"outbound\""))
        #expect(show.stdout.contains("Dzień dobry Zofia"))
        let list = try CommandRunner.inbox(["outbox", "list"], environment: env)
        #expect(list.stdout.contains("\tsent\t"))
    }

    @Test(arguments: EngineStore.engines)
    func anUnresolvedPlaceholderBlocksTheSend(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("reply-cli")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try Self.setUp(dir, port: sink.port, on: engine)
        dir.write("templates/ask2.md", "---\nname: ask2\nlanguage: en\n---\nHi, about {{customer.shoe_size}}\n")
        // English to a Polish customer is asked for (issue 18); the placeholder still blocks.
        let blocked = try CommandRunner.inbox(
            ["reply", t, "--template", "ask2", "--any-language", "--send"], environment: env)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("{{customer.shoe_size}}"))
        #expect(sink.messages().isEmpty)
        #expect(try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("empty"))
    }

    @Test(arguments: EngineStore.engines)
    func noteAndPlainMessageReply(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("reply-cli")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try Self.setUp(dir, port: sink.port, on: engine)
        #expect(try CommandRunner.inbox(["note", t, "--message", "VIP, be kind"], environment: env).status == 0)
        let r = try CommandRunner.inbox(
            ["reply", t, "--message", "Paczka jest w drodze.", "--status", "solved", "--send"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(sink.messages().count == 1)
        let text = String(decoding: sink.messages()[0], as: UTF8.self)
        #expect(!text.contains("VIP"))
        let show = try CommandRunner.inbox(["show", t, "--json"], environment: env)
        #expect(show.stdout.contains("\"direction\" : \"note\""))
        #expect(show.stdout.contains("\"status\" : \"solved\""))
    }

    @Test(arguments: EngineStore.engines)
    func killedDuringDeliveryIsDeliveredOnceAfterwards(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("reply-cli")
        // The server holds its answer to DATA (longer than any wait below, so that a slow
        // machine cannot see it answer); the client is killed meanwhile.
        let hanging = try SMTPSink(folder: dir.file("sink"), arguments: ["--hang", "120"])
        let (env, t) = try Self.setUp(dir, port: hanging.port, on: engine)
        let queued = try CommandRunner.inbox(
            ["reply", t, "--message", "Hello", "--send", "--no-deliver"], environment: env)
        #expect(queued.status == 0, "\(queued.stderr)")
        let p = try CommandRunner.startInbox(["outbox", "flush"], environment: env)
        // Wait until the row is claimed ('sending'), then kill the sender.
        var sawSending = false
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            if try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("\tsending\t") {
                sawSending = true
                break
            }
        }
        #expect(sawSending)
        Thread.sleep(forTimeInterval: 0.5)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        hanging.stop()
        #expect(hanging.messages().isEmpty)
        // A new server on the same folder; the next flush gives the row back and delivers it.
        let sink = try SMTPSink(folder: dir.file("sink"))
        dir.write("config.toml", Self.config(port: sink.port, templates: dir.file("templates")))
        let flush = try CommandRunner.inbox(["outbox", "flush"], environment: env)
        #expect(flush.status == 0, "\(flush.stdout) \(flush.stderr)")
        #expect(flush.stdout.contains("Sent 1"))
        #expect(try CommandRunner.inbox(["outbox", "flush"], environment: env).stdout.contains("Sent 0"))
        #expect(sink.messages().count == 1)
    }
}
