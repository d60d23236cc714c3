import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// `inbox export`, `inbox import archive` and `inbox review --summary`, driven through the
/// real binary over the demo mailbox (DESIGN §9, issue 9), on both engines (issue 22).
@Suite(.serialized) struct ExportTests {
    let dir = TemporaryFolder("inbox-export")
    let stores = EngineStores()
    var env: [String: String] { ["INBOX_DB": stores.main.location, "INBOX_CONFIG": dir.file("config.toml")] }

    /// A fresh inbox holding the demo mailbox (the store is made on `engine` by ``stores``).
    func loadDemo(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "export")
        try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: dir.file("config.toml"))
        try CommandRunner.inboxSucceeds(EngineStores.demoImports, environment: env)
    }

    func inbox(_ args: [String], env: [String: String]? = nil) throws -> CommandResult {
        try CommandRunner.inbox(args, environment: env ?? self.env)
    }

    @Test(arguments: EngineStore.engines)
    func archiveRoundTripKeepsEverythingAndAddsNothingTwice(_ engine: StoreEngineKind) throws {
        try loadDemo(engine)
        let archive = dir.file("all.inboxarchive")
        let export = try inbox(["export", "--all", "--format", "archive", "--output", archive])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.hasPrefix("Exported 35 tickets"))
        // Never overwrites.
        let again = try inbox(["export", "--all", "--format", "archive", "--output", archive])
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        // One self-contained file: no WAL or journal beside it.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            $0.contains("all.inboxarchive")
        }
        #expect(siblings == ["all.inboxarchive"])

        let empty = try stores.make(engine, "export-target")
        let target = ["INBOX_DB": empty.location, "INBOX_CONFIG": dir.file("none.toml")]
        let first = try inbox(["import", "archive", archive], env: target)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("35 new tickets"))

        let source = try stores.main.open()
        let copy = try empty.open()
        let ids = try source.exportTicketIDs(.all)
        #expect(try copy.exportTicketIDs(.all) == ids)
        var messages = 0
        for id in ids {
            let a = try source.ticketDetail(id)
            let b = try copy.ticketDetail(id)
            #expect(a == b, "ticket #\(id) differs after the round trip")
            for m in b.messages {
                let raw = try #require(try copy.rawMessage(sha256: m.sha256))
                #expect(RawDigest.sha256Hex(raw) == m.sha256)
                #expect(try source.rawMessage(sha256: m.sha256) == raw)
                messages += 1
            }
        }
        #expect(messages > 60)
        #expect(try copy.unticketedMessages() == source.unticketedMessages())

        let second = try inbox(["import", "archive", archive, "--json"], env: target)
        #expect(second.status == 0, "\(second.stderr)")
        let summary = try JSONDecoder().decode([ArchiveImportSummary].self, from: Data(second.stdout.utf8))
        #expect(summary.first?.tickets == 0 && summary.first?.messages == 0 && summary.first?.events == 0)
        #expect(summary.first?.matchedTickets == 35)
        for id in ids { #expect(try copy.ticketDetail(id) == source.ticketDetail(id)) }
    }

    @Test(arguments: EngineStore.engines) func reviewNotesComeBackAsInternalNotesOnce(_ engine: StoreEngineKind) throws
    {
        try loadDemo(engine)
        let archive = dir.file("two.archive")
        let r = try inbox(["export", "--ticket", "1001", "#1002", "--format", "archive", "-o", archive])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Exported 2 tickets"))
        let reviewed = try AppDatabase.openArchive(path: archive)
        try reviewed.saveReview(
            TicketReview(
                ticket: 1002, reviewer: "rita", scores: ["tone": 4, "correctness": 2],
                notes: "Wrong refund amount quoted.", updatedAt: Date()))

        let summary = try inbox(["review", archive, "--summary"])
        #expect(summary.status == 0 && summary.stdout.contains("correctness 2/5, tone 4/5"))
        #expect(summary.stdout.contains("Wrong refund amount quoted."))
        let json = try inbox(["review", archive, "--summary", "--json"])
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let parsed = try decoder.decode(ReviewSummary.self, from: Data(json.stdout.utf8))
        #expect(parsed.reviews.map(\.ticket) == [1002] && parsed.averages["tone"] == 4 && parsed.tickets == 2)

        let before = try stores.main.open().ticketDetail(1002).messages.count
        let imported = try inbox(["import", "archive", archive])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stdout.contains("0 new tickets, 2 matched existing ones")
                && imported.stdout.contains("1 review notes"))
        let db = try stores.main.open()
        let detail = try db.ticketDetail(1002)
        #expect(detail.messages.count == before + 1)
        let note = try #require(detail.messages.first { $0.direction == .note })
        #expect(note.text.contains("Wrong refund amount quoted.") && note.text.contains("tone 4/5"))
        #expect(try db.review(ticket: 1002, reviewer: "rita")?.scores == ["tone": 4, "correctness": 2])
        let twice = try inbox(["import", "archive", archive])
        #expect(twice.stdout.contains("0 new messages") && twice.stdout.contains("0 review notes"))
        #expect(try db.ticketDetail(1002).messages.count == before + 1)
    }

    @Test(arguments: EngineStore.engines)
    func mboxIsReadByPythonWithTheSameMessageIDsAndBytes(_ engine: StoreEngineKind) throws {
        try loadDemo(engine)
        let mbox = dir.file("all.mbox")
        let r = try inbox(["export", "--all", "--format", "mbox", "-o", mbox])
        #expect(r.status == 0, "\(r.stderr)")
        // What the inbox holds: Message-ID and SHA-256 of every message.
        let db = try stores.main.open()
        var expected: [String] = []
        for id in try db.exportTicketIDs(.all) {
            for m in try db.ticketDetail(id).messages { expected.append("\(m.messageID ?? "-") \(m.sha256)") }
        }
        for m in try db.unticketedMessages() { expected.append("\(m.messageID ?? "-") \(m.sha256)") }
        // Python's mailbox module (mboxo reader): undo the mboxrd escape, hash, and read the ids
        // and text bodies with the email package.
        let script = """
            import mailbox, hashlib, re, sys, email, email.policy
            box = mailbox.mbox(sys.argv[1], create=False)
            for key in box.keys():
                raw = re.sub(rb'(?m)^>(>*From )', rb'\\1', box.get_bytes(key))
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                mid = (msg['Message-ID'] or '-').strip().strip('<>')
                body = msg.get_body(preferencelist=('plain', 'html'))
                text = body.get_content() if body is not None else ''
                print(mid, hashlib.sha256(raw).hexdigest(), len(text))
            """
        let py = try CommandRunner.run("/usr/bin/python3", ["-c", script, mbox])
        #expect(py.status == 0, "\(py.stderr)")
        let lines = py.stdout.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }.sorted() == expected.sorted())
        #expect(lines.count == expected.count)
        #expect(lines.filter { $0.hasSuffix(" 0") }.count < lines.count / 4, "Python found no text in most bodies")
    }

    @Test(arguments: EngineStore.engines) func mboxrdEscapingRoundTripsFromLines(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "export")
        dir.write("config.toml", "[[queue]]\nname = \"Support\"\naddresses = [\"support@shop.example\"]\n")
        let body = "Hi,\nFrom the start this failed.\n>From quoted\n>>From deeper\nbye\n"
        let source = dir.write("from.mbox", MailFactory.mbox([MailFactory.message(id: "from-lines@x", body: body)]))
        #expect(try inbox(["import", "mbox", source]).status == 0)
        let out = dir.file("out.mbox")
        #expect(try inbox(["export", "--all", "--format", "mbox", "-o", out]).status == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("\n>From the start this failed.\n>>From quoted\n>>>From deeper\n"))
        // Our reader gives back the original bytes: importing the export adds nothing new.
        let again = try inbox(["import", "mbox", out])
        #expect(again.stdout.contains("0 new, 1 duplicate,"))
    }

    @Test(arguments: EngineStore.engines)
    func jsonlHasOneTicketPerLineWithMessagesAndEvents(_ engine: StoreEngineKind) throws {
        try loadDemo(engine)
        let path = dir.file("t.jsonl")
        let r = try inbox(["export", "--queue", "Returns", "--format", "jsonl", "-o", path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let listed = try inbox(["tickets", "--queue", "Returns", "--limit", "1000", "--json"])
        let tickets = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as! [[String: Any]]
        #expect(lines.count == tickets.count && lines.count > 0)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(object["queue"] as? String == "Returns")
            #expect((object["messages"] as? [[String: Any]])?.isEmpty == false)
            #expect(object["events"] is [Any] && object["reviews"] is [Any])
            #expect((object["messages"] as? [[String: Any]])?.first?["text"] is String)
        }
        // --query selects what `inbox tickets --query` lists (without its limit); --json reports it.
        let query = try inbox(["export", "--query", "zwrot", "--format", "md", "-o", dir.file("q.md"), "--json"])
        #expect(query.status == 0, "\(query.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as! [String: Any]
        let matching = try inbox(["tickets", "--query", "zwrot", "--limit", "1000", "--json"])
        let expected = (try JSONSerialization.jsonObject(with: Data(matching.stdout.utf8)) as! [Any]).count
        #expect(expected > 0 && report["tickets"] as? Int == expected && report["redacted"] is NSNull)
        let bad = try inbox(["export", "--ticket", "99999", "--format", "jsonl", "-o", dir.file("x.jsonl")])
        #expect(bad.status == 1 && bad.stderr.contains("There is no ticket #99999"))
        let usage = try inbox(["export", "--all", "--ticket", "1001", "--format", "md", "-o", dir.file("x.md")])
        #expect(usage.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.jsonl")))
    }

    @Test(arguments: EngineStore.engines) func markdownAndHTMLEscapeHostileMail(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "export")
        dir.write("config.toml", "[[queue]]\nname = \"Support\"\naddresses = [\"support@shop.example\"]\n")
        let hostile = MailFactory.message(
            id: "evil@x", subject: "<script>alert(1)</script> **bold** \u{1B}[31mred",
            body: "<img src=x onerror=alert(1)>\n# not a heading\n```\nfence\n\u{1B}]0;title\u{07}\u{202E}reversed\n")
        let source = dir.write("evil.mbox", MailFactory.mbox([hostile]))
        #expect(try inbox(["import", "mbox", source]).status == 0)
        #expect(try inbox(["export", "--all", "--format", "html", "-o", dir.file("e.html")]).status == 0)
        #expect(try inbox(["export", "--all", "--format", "md", "-o", dir.file("e.md")]).status == 0)
        let html = try String(contentsOfFile: dir.file("e.html"), encoding: .utf8)
        #expect(
            !html.contains("<script") && !html.contains("<img") && html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("\u{1B}") && !html.contains("\u{202E}") && !html.contains("\u{07}"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<img"))
        let md = try String(contentsOfFile: dir.file("e.md"), encoding: .utf8)
        #expect(!md.contains("\u{1B}") && !md.contains("\u{202E}"))
        #expect(
            md.contains("\\<script\\>")
                && md.contains("````text\n<img src=x onerror=alert(1)>\n# not a heading\n```\nfence"))
    }

    static var chromium: String? {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    @Test(
        .enabled(if: chromium != nil, "chromium is not installed (`make deps` installs it)"),
        arguments: EngineStore.engines)
    func htmlRendersInHeadlessChromium(_ engine: StoreEngineKind) throws {
        let chromium = HeadlessChromium(try #require(Self.chromium), profileIn: dir)
        try loadDemo(engine)
        let html = dir.file("demo.html")
        let r = try inbox(["export", "--all", "--format", "html", "-o", html])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!page.contains("<script") && !page.contains("<link") && page.contains("@media print"))
        let dom = try chromium.dom("file://\(html)")
        #expect(dom.status == 0, "\(dom.stderr)")
        let detail = try stores.main.open().ticketDetail(1001)
        #expect(dom.stdout.contains("#1001 · \(detail.ticket.subject)"))
        let firstLine = try #require(detail.messages.first?.text.split(separator: "\n").first.map(String.init))
        #expect(
            dom.stdout.contains(
                firstLine.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")))
        let (shot, colours) = try chromium.screenshot(
            "file://\(html)", to: dir.file("shot.png"), width: 1000, height: 1400)
        #expect(shot.status == 0, "\(shot.stderr)")
        #expect(colours > 10, "the screenshot has \(colours) colours: blank?")
    }

    // MARK: - Redaction

    /// Two messages of one customer full of personal data, one of them base64-encoded.
    func loadPersonalData(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "export")
        dir.write(
            "config.toml",
            "[agent]\nname = \"Ada\"\nemail = \"ada@shop.example\"\n[[queue]]\nname = \"Support\"\naddresses = [\"support@shop.example\"]\n"
        )
        let first = MailFactory.message(
            id: "pii-1@mail.example.no", from: "Kari Nordmann <kari.nordmann@example.no>",
            subject: "Refund for kari.nordmann@example.no",
            body: """
                Hello,
                please refund card 4111 1111 1111 1111 or IBAN NO93 8601 1117 947.
                Call me on +47 912 34 567 or 0532 123 45 67. Order 2026-11-03, ref 12345.
                My other address is kari@private.example.no.

                Best regards,
                Kari Nordmann
                Storgata 12
                0155 Oslo
                """)
        let secret = "Card again: 5555555555554444, phone +47 912 34 567, mail kari.nordmann@example.no\n"
        let second = MailFactory.message(
            id: "pii-2@mail.example.no", from: "Kari Nordmann <kari.nordmann@example.no>", subject: "Re: Refund",
            inReplyTo: "pii-1@mail.example.no",
            extraHeaders: ["Received: from mx by shop for <kari.nordmann@example.no>"],
            body: Data(secret.utf8).base64EncodedString() + "\n"
        ).replacingOccurrences(of: "Content-Transfer-Encoding: 8bit", with: "Content-Transfer-Encoding: base64")
        let reply = MailFactory.message(
            id: "reply-1@shop.example", from: "Ada <ada@shop.example>", to: "Kari Nordmann <kari.nordmann@example.no>",
            subject: "Re: Refund", inReplyTo: "pii-1@mail.example.no", body: "Hi Kari Nordmann, done. Regards, Ada\n")
        let path = dir.write("pii.mbox", MailFactory.mbox([first, second, reply]))
        let r = try inbox(["import", "mbox", path])
        try #require(r.status == 0, "\(r.stderr)")
    }

    static let originals = [
        "kari.nordmann@example.no", "kari@private.example.no", "4111 1111 1111 1111", "4111111111111111",
        "5555555555554444", "NO93 8601 1117 947", "NO9386011117947", "912 34 567", "91234567", "0532 123 45 67",
        "Storgata 12", "0155 Oslo", "Kari Nordmann",
    ]

    @Test(arguments: EngineStore.engines, ["archive", "jsonl", "mbox", "html", "md"])
    func redactionLeavesNoOriginalInTheBytes(_ engine: StoreEngineKind, format: String) throws {
        try loadPersonalData(engine)
        let out = dir.file("redacted.\(format)")
        let r = try inbox(["export", "--all", "--format", format, "-o", out, "--redact"])
        #expect(r.status == 0, "\(r.stderr)")
        // Addresses: two of the customer's (and, where a thread reason quotes one, a Message-ID).
        // (The archive holds the import's path, whose temporary folder is named by a UUID: its
        // digit runs between dashes are no phone number.)
        #expect(
            r.stdout.contains("1 names, 2 phone numbers, 2 card numbers, 1 IBANs, 2 postal address lines"),
            "\(r.stdout)")
        let bytes = try #require(FileManager.default.contents(atPath: out))
        let text = String(decoding: bytes, as: UTF8.self)
        for original in Self.originals {
            #expect(bytes.range(of: Data(original.utf8)) == nil, "\(format) still holds \(original)")
            #expect(!text.localizedCaseInsensitiveContains(original), "\(format) still holds \(original)")
        }
        // Stable across messages: both customer messages, and the reply to her, name customer-1.
        #expect(text.components(separatedBy: "customer-1@redacted.invalid").count - 1 >= 3)
        #expect(
            text.contains("[card-1]") && text.contains("[card-2]") && text.contains("[phone-1]")
                && text.contains("[iban-1]"))
        #expect(text.contains("[address-1]") && text.contains("Customer 1"))
        // What stays: the team's address, the date, the short order reference.
        #expect(text.contains("ada@shop.example") && text.contains("2026-11-03") && text.contains("12345"))
    }

    @Test(arguments: EngineStore.engines)
    func redactedArchiveIsReviewableAndImportsWithoutDuplicates(_ engine: StoreEngineKind) throws {
        try loadPersonalData(engine)
        let out = dir.file("r.archive")
        #expect(try inbox(["export", "--all", "--format", "archive", "-o", out, "--redact"]).status == 0)
        let archive = try AppDatabase.openArchive(path: out)
        let t = try archive.ticketDetail(try #require(archive.exportTicketIDs(.all).first))
        #expect(t.ticket.customer.address == "customer-1@redacted.invalid")
        for m in t.messages {
            let raw = try #require(try archive.rawMessage(sha256: m.sha256))
            #expect(RawDigest.sha256Hex(raw) == m.sha256)
        }
        let again = try inbox(["import", "archive", out])
        #expect(again.stdout.contains("0 new tickets, 1 matched existing ones, 0 new messages"), "\(again.stdout)")
    }
}

/// The stores of one test of a CLI suite that runs on both engines (issue 22): made on the
/// engine the test was given, kept alive (with their folders) as long as the suite's value.
final class EngineStores: @unchecked Sendable {
    private var stores: [EngineStore] = []

    /// The store the suite's commands use (`INBOX_DB`): the first one made.
    var main: EngineStore { stores[0] }

    /// Makes the test's main store on `engine`.
    func start(_ engine: StoreEngineKind, _ name: String) throws {
        precondition(stores.isEmpty, "one main store per test")
        stores.append(try EngineStore.make(engine, name))
    }

    /// `TestPaths.demoImports` into a store that exists already: without `init`.
    static var demoImports: [[String]] { TestPaths.demoImports.filter { $0 != ["init"] } }

    /// Makes another store on `engine` (an import's target).
    func make(_ engine: StoreEngineKind, _ name: String) throws -> EngineStore {
        let store = try EngineStore.make(engine, name)
        stores.append(store)
        return store
    }
}
