import Foundation
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 21 in the real binary: the order card of a demo "where is my order" ticket shows the
/// tracking number, `t` picks where-is-my-order, the preview holds the tracking URL, `y`
/// sends and the SMTP server on loopback gets it; a slow `lookup_command` never freezes the screen.
@Suite(.serialized) struct TmuxOrdersTests {
    static func config(port: Int, extra: String = "") -> String {
        """
        [agent]
        name = "Ada Lindqvist"
        email = "ada@nordlys.example"
        [[queue]]
        name = "Support"
        addresses = ["support@nordlys.example"]
        default = true
        [smtp]
        host = "127.0.0.1"
        port = \(port)
        tls = "none"
        [replies]
        templates = "\(TestPaths.demo)/templates"
        undo_window = 0
        retry_base = 1
        [[store]]
        name = "nordlys"
        \(extra)
        """
    }

    /// Krzysztof's late order (PL-7790) from the demo, and the demo shop's orders.
    static func setUp(_ dir: TemporaryFolder, bin: String, env: [String: String], orders: Bool = true) throws -> Int {
        let mail = MailFactory.message(
            id: "pl7790@example.com", from: "Krzysztof Wójcik <k.wojcik@example.com>", to: "support@nordlys.example",
            subject: "Opóźnienie zamówienia PL-7790",
            body: "Dzień dobry,\nzamówienie PL-7790 miało zostać doręczone do piątku. Proszę o sprawdzenie.\n")
        var steps = [["init"], ["import", "eml", dir.write("in/1.eml", mail)]]
        if orders {
            steps.append([
                "orders", "import", TestPaths.demo + "/orders/shopify-orders.csv",
                TestPaths.demo + "/orders/woocommerce-orders.json",
            ])
        }
        for args in steps {
            let r = try CommandRunner.run(bin, args, environment: env)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        return try TmuxComposeTests.importOneID(bin: bin, env: env)
    }

    @Test(
        .enabled(
            if: TmuxEndToEndTests.tmux != nil && TmuxEndToEndTests.binary != nil, "needs tmux and a built inbox binary"),
        .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make deps installs it)"))
    func cardTemplatePreviewSendAndDeliver() async throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-orders")
        let sink = try SMTPSink(folder: dir.file("sink"))
        defer { sink.stop() }
        let config = dir.write("config.toml", Self.config(port: sink.port))
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config, "INBOX_AGENT": "Ada Lindqvist"]
        let id = try Self.setUp(dir, bin: bin, env: env)
        let url = "https://inpost.pl/sledzenie-przesylek?number=620011223344556677889900"

        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 TZ=UTC VISUAL= EDITOR=true INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' INBOX_AGENT='Ada Lindqvist' '\(bin)' tui; echo EXITED $?; sleep 600",
            columns: 120, rows: 34)
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │") && $0.contains("Opóźnienie zamówienia PL-7790") }
        try session.send("Enter")
        var screen = try await session.waitFor { $0.contains("TICKET │") && $0.contains("Order PL-7790") }
        #expect(screen.contains("620011223344556677889900"))
        #expect(screen.contains("2 × Kurtka softshell"))
        try session.send("t")
        _ = try await session.waitFor { $0.contains("Templates for #\(id)") }
        try session.send("w", "h", "e", "r", "e")
        screen = try await session.waitFor { $0.contains("Filter: where") }
        #expect(screen.contains("▶ where-is-my-order (pl)"))
        #expect(screen.contains("https://inpost.pl/sledzenie-przesylek"))
        try session.send("Enter")
        screen = try await session.waitFor { $0.contains("Review reply to #\(id)") }
        #expect(screen.contains("https://inpost.pl/sledzenie-przesylek"))
        try session.send("y")
        _ = try await session.waitFor { $0.contains("Delivered 1 reply") }

        let delivered = try #require(sink.messages().first)
        let parsed = MessageParser.parse(delivered)
        #expect(parsed.subject == "Zamówienie PL-7790 [#\(id)]")
        #expect(parsed.text.contains(url))
        #expect(parsed.text.contains("27 października 2026"))
        try session.send("q", "q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
    }

    @Test(
        .enabled(
            if: TmuxEndToEndTests.tmux != nil && TmuxEndToEndTests.binary != nil, "needs tmux and a built inbox binary")
    )
    func aSlowLookupNeverFreezesTheScreen() async throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-lookup")
        let script = dir.write("slow-lookup.sh", "#!/bin/sh\ncat >/dev/null\nsleep 30\necho '{\"orders\": []}'\n")
        let config = dir.write(
            "config.toml",
            Self.config(port: 9, extra: "lookup_command = \"/bin/sh \(script)\"\nlookup_timeout = \"15s\""))
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config, "INBOX_AGENT": "Ada Lindqvist"]
        _ = try Self.setUp(dir, bin: bin, env: env, orders: false)
        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' '\(bin)' tui; echo EXITED $?; sleep 600",
            columns: 120, rows: 30)
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │") && $0.contains("Opóźnienie zamówienia PL-7790") }
        let started = ContinuousClock.now
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("TICKET │") && $0.contains("looking up orders…") }
        // While the command sleeps, keys still work: back to the list before the lookup gives up
        // (15 s; a loaded machine took 6.3 s for this), and into the ticket again.
        try session.send("q")
        _ = try await session.waitFor { $0.contains("LIST │") && !$0.contains("looking up orders…") }
        #expect(ContinuousClock.now - started < .seconds(15), "the screen answered only after the lookup's timeout")
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("TICKET │") }
        let screen = try await session.waitFor { $0.contains("than 15 s and was stopped") }
        #expect(screen.contains("⚠ The lookup_command of"))
        try session.send("q", "q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
    }
}

extension TmuxComposeTests {
    /// The number of the only ticket in the database.
    static func importOneID(bin: String, env: [String: String]) throws -> Int {
        let list = try CommandRunner.run(bin, ["tickets", "--json"], environment: env)
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        return try #require(tickets.first?["id"] as? Int)
    }
}
