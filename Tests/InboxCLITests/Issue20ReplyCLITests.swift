import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

/// Issue 20 items 9, 10 and 13 from the command line, delivered to a real SMTP server on loopback:
/// `inbox reply --attach --cc --bcc`, `inbox forward`, a third party's answer threading back,
/// and `inbox customer … salutation=…`.
@Suite(.serialized, .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make test installs it)"))
struct Issue20ReplyCLITests {
    /// A customer's message with a photo of the damaged parcel, as a phone sends it.
    static let damaged = MailFactory.damagedParcel(id: "dmg1@example.pl")

    static func setUp(_ dir: TemporaryFolder, port: Int, on engine: StoreEngineKind = .sqlite) throws -> (
        env: [String: String], ticket: String
    ) {
        let config = ReplyCLITests.config(port: port, templates: dir.file("templates"))
        dir.write("templates/none.md", "---\nname: none\nlanguage: en\n---\nHi\n")
        let env = [
            "INBOX_DB": try EngineStore.location(engine, "issue20-cli", sqlite: dir.file("inbox.sqlite")),
            "INBOX_CONFIG": dir.write("config.toml", config),
            "INBOX_AGENT": "Ada Lindqvist",
        ]
        try CommandRunner.inboxSucceeds(
            [["init"], ["import", "eml", dir.write("in/1.eml", Self.damaged)]], environment: env)
        return (env, String(try CommandRunner.firstTicket(environment: env)))
    }

    static func show(_ t: String, _ env: [String: String]) throws -> [String: Any] {
        let r = try CommandRunner.inbox(["show", t, "--json"], environment: env)
        try #require(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test(arguments: EngineStore.engines)
    func aReplyCarriesFilesWithTheirNamesAndCopiesAndAMissingFileSendsNothing(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("issue20-attach")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try Self.setUp(dir, port: sink.port, on: engine)
        let label = dir.write("files/etykieta zwrotna łódź.pdf", "%PDF-1.4 zwrot\n")
        let csv = dir.write("files/lista.csv", "a,b\n1,2\n")

        // A missing file is an error before anything is stored or sent.
        let missing = try CommandRunner.inbox(
            [
                "reply", t, "--message", "Etykieta w załączniku.", "--attach", label, "--attach",
                dir.file("files/nie-ma.pdf"), "--send",
            ],
            environment: env)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nie-ma.pdf: there is no such file"), "\(missing.stderr)")
        #expect(try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("The outbox is empty."))
        #expect(sink.messages().isEmpty)
        // Attachments go with --send only (a draft keeps just the text).
        #expect(
            try CommandRunner.inbox(["reply", t, "--message", "x", "--attach", label], environment: env).status != 0)

        let r = try CommandRunner.inbox(
            [
                "reply", t, "--message", "Etykieta zwrotna w załączniku.", "--attach", label, "--attach", csv, "--cc",
                "Magazyn <magazyn@shop.example>", "--bcc", "audit@shop.example", "--status", "pending", "--send",
            ], environment: env)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("Attached: etykieta zwrotna łódź.pdf (15 B), lista.csv (8 B)"), "\(r.stdout)")
        let raw = String(decoding: try #require(sink.messages().first), as: UTF8.self)
        #expect(raw.contains("Content-Type: multipart/mixed; boundary="))
        #expect(raw.contains("Cc: Magazyn <magazyn@shop.example>"))
        #expect(!raw.lowercased().contains("bcc"))
        // RFC 2231 names, in sections when long.
        #expect(raw.contains("Content-Type: application/pdf;"), "\(raw)")
        #expect(raw.contains("name*0*=utf-8''etykieta%20zwrotna%20"), "\(raw)")
        #expect(raw.contains("filename*0*=utf-8''etykieta%20zwrotna%20"))
        #expect(raw.contains("Content-Type: text/csv; name=\"lista.csv\""))
        // The parser reads back the names and the bytes.
        let parsed = MessageParser.parse(Array(raw.utf8))
        #expect(parsed.attachments.map(\.filename) == ["etykieta zwrotna łódź.pdf", "lista.csv"])
        let envelope = try #require(sink.envelopes().first)
        #expect(
            Set(envelope["rcpt_tos"] as? [String] ?? []) == [
                "zofia@example.pl", "magazyn@shop.example", "audit@shop.example",
            ])
        #expect(try Self.show(t, env)["status"] as? String == "pending")
    }

    @Test(arguments: EngineStore.engines)
    func aForwardGoesToTheThirdPartyWithTheFilesAndItsAnswerThreadsBackAsThirdParty(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("issue20-forward")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try Self.setUp(dir, port: sink.port, on: engine)
        // We answer the customer and wait for them: the ticket is pending.
        let reply = try CommandRunner.inbox(
            ["reply", t, "--message", "Sprawdzamy z kurierem.", "--status", "pending", "--send"], environment: env)
        try #require(reply.status == 0, "\(reply.stderr)")
        let f = try CommandRunner.inbox(
            [
                "forward", t, "--to", "Depot <depot@carrier.example>", "--message",
                "Please check parcel PL-7781, damaged on arrival.",
            ],
            environment: env)
        #expect(f.status == 0, "\(f.stdout) \(f.stderr)")
        #expect(f.stdout.contains("Queued forward"))
        let messages = sink.messages()
        try #require(messages.count == 2)
        let forward = String(decoding: messages[1], as: UTF8.self)
        #expect(forward.contains("To: Depot <depot@carrier.example>"))
        #expect(forward.contains("Subject: Fwd: Uszkodzona paczka [#\(t)]"))
        #expect(forward.contains("filename*=utf-8''zdj%C4%99cie.jpg"))
        let parsed = MessageParser.parse(messages[1])
        #expect(parsed.text.contains("Please check parcel PL-7781"))
        #expect(parsed.text.contains("---------- Forwarded message ----------"))
        #expect(parsed.text.contains("paczka PL-7781 przyszła zgnieciona"))
        #expect(parsed.attachments.first?.filename == "zdjęcie.jpg")
        #expect((sink.envelopes()[1]["rcpt_tos"] as? [String]) == ["depot@carrier.example"])
        let forwardID = try #require(parsed.messageID)

        // The carrier answers the forward: it threads into the ticket as a third party.
        let answer = MailFactory.carrierAnswer(id: "depot-answer@carrier.example", to: forwardID)
        let imported = try CommandRunner.inbox(["import", "eml", dir.write("in/2.eml", answer)], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        let detail = try Self.show(t, env)
        let directions = (detail["messages"] as? [[String: Any]] ?? []).map { $0["direction"] as? String ?? "" }
        #expect(directions.sorted() == ["forward", "inbound", "outbound", "third_party"])
        // Not the customer writing: the ticket stays pending and waits for the customer.
        #expect(detail["status"] as? String == "pending")
        // A reply to the customer does not thread onto or quote the carrier's mail.
        let next = try CommandRunner.inbox(
            ["reply", t, "--message", "Kurier odbierze paczkę.", "--send"], environment: env)
        #expect(next.status == 0)
        let third = String(decoding: try #require(sink.messages().last), as: UTF8.self)
        #expect(third.contains("To: Zofia Wójcik <zofia@example.pl>") || third.contains("zofia@example.pl>"))
        #expect(third.contains("In-Reply-To: <dmg1@example.pl>"))
        #expect(!third.contains("depot-answer@carrier.example") && !third.contains(forwardID))
    }

    @Test(arguments: EngineStore.engines)
    func theSalutationIsSetPerCustomerAndShownInTheProfile(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("issue20-salutation")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try Self.setUp(dir, port: sink.port, on: engine)
        dir.write(
            "templates/hello.md",
            "---\nname: hello\nlanguage: pl\n---\n{{customer.salutation}},\n\nodpowiemy do {{date.in_3_days}}.\n")
        #expect(try CommandRunner.inbox(["customer", "zofia@example.pl", "language=pl"], environment: env).status == 0)
        let neutral = try CommandRunner.inbox(["reply", t, "--template", "hello", "--preview"], environment: env)
        #expect(neutral.status == 0, "\(neutral.stderr)")
        #expect(neutral.stdout.contains("Dzień dobry,\n"))
        #expect(
            neutral.stdout.range(of: #"odpowiemy do \d\d\.\d\d\.\d{4}\."#, options: .regularExpression) != nil,
            "\(neutral.stdout)")
        let set = try CommandRunner.inbox(["customer", "zofia@example.pl", "salutation=Pani Zofio"], environment: env)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("salutation: Pani Zofio"))
        let own = try CommandRunner.inbox(["reply", t, "--template", "hello", "--preview"], environment: env)
        #expect(own.stdout.contains("Pani Zofio,\n"))
        let json = try CommandRunner.inbox(["customer", "zofia@example.pl", "--json"], environment: env)
        #expect(
            json.stdout.contains("\"salutation\" : \"Pani Zofio\"")
                || json.stdout.contains("\"salutation\":\"Pani Zofio\""))
    }
}
