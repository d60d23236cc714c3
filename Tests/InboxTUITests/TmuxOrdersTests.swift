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
    static func setUp(_ desk: TestDesk, orders: Bool = true) throws -> Int {
        let mail = MailFactory.message(
            id: "pl7790@example.com", from: "Krzysztof Wójcik <k.wojcik@example.com>", to: "support@nordlys.example",
            subject: "Opóźnienie zamówienia PL-7790",
            body: "Dzień dobry,\nzamówienie PL-7790 miało zostać doręczone do piątku. Proszę o sprawdzenie.\n")
        var steps = [["init"], ["import", "eml", desk.dir.write("in/1.eml", mail)]]
        if orders {
            steps.append([
                "orders", "import", TestPaths.demo + "/orders/shopify-orders.csv",
                TestPaths.demo + "/orders/woocommerce-orders.json",
            ])
        }
        try desk.inboxSucceeds(steps)
        return try desk.firstTicket()
    }

    @Test(.needsTmux, .needsSMTPSink)
    func cardTemplatePreviewSendAndDeliver() async throws {
        let (desk, sink) = try TestDesk.tmuxWithSink("inbox-tui-orders") { Self.config(port: $1) }
        defer { sink.stop() }
        let id = try Self.setUp(desk)
        let url = "https://inpost.pl/sledzenie-przesylek?number=620011223344556677889900"

        let session = try desk.tmux(prefix: "TZ=UTC VISUAL= EDITOR=true", columns: 120, rows: 34)
        defer { session.kill() }
        var screen = try await session.openTicket(listing: "Opóźnienie zamówienia PL-7790", showing: "Order PL-7790")
        #expect(screen.contains("620011223344556677889900"))
        #expect(screen.contains("2 × Kurtka softshell"))
        try await session.press("t") { $0.contains("Templates for #\(id)") }
        screen = try await session.press("w", "h", "e", "r", "e") { $0.contains("Filter: where") }
        #expect(screen.contains("▶ where-is-my-order (pl)"))
        #expect(screen.contains("https://inpost.pl/sledzenie-przesylek"))
        screen = try await session.press("Enter") { $0.contains("Review reply to #\(id)") }
        #expect(screen.contains("https://inpost.pl/sledzenie-przesylek"))
        try await session.sendReviewedReply()

        let delivered = try #require(sink.messages().first)
        let parsed = MessageParser.parse(delivered)
        #expect(parsed.subject == "Zamówienie PL-7790 [#\(id)]")
        #expect(parsed.text.contains(url))
        #expect(parsed.text.contains("27 października 2026"))
        try await session.quit()
    }

    @Test(.needsTmux)
    func aSlowLookupNeverFreezesTheScreen() async throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let desk = TestDesk(TemporaryFolder("inbox-tui-lookup"), bin: bin) {
            let script = $0.write("slow-lookup.sh", "#!/bin/sh\ncat >/dev/null\nsleep 30\necho '{\"orders\": []}'\n")
            return $0.write(
                "config.toml",
                Self.config(port: 9, extra: "lookup_command = \"/bin/sh \(script)\"\nlookup_timeout = \"15s\""))
        }
        _ = try Self.setUp(desk, orders: false)
        let session = try desk.tmux(columns: 120, rows: 30)
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │") && $0.contains("Opóźnienie zamówienia PL-7790") }
        let started = ContinuousClock.now
        try await session.press("Enter") { $0.contains("TICKET │") && $0.contains("looking up orders…") }
        // While the command sleeps, keys still work: back to the list while the lookup still
        // runs (its process is still there), and into the ticket again. Not a clock bound: a
        // loaded CI machine once took 19.8 s to draw the list, the lookup still running.
        try session.send("q")
        _ = try await session.waitFor { $0.contains("LIST │") && !$0.contains("looking up orders…") }
        let script = desk.dir.file("slow-lookup.sh")
        let lookupRuns = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).contains { pid in
            guard Int(pid) != nil, let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
                return false
            }
            return String(decoding: line, as: UTF8.self).contains(script)
        }
        #expect(lookupRuns, "the screen answered only after the lookup ended (\(ContinuousClock.now - started))")
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("TICKET │") }
        let screen = try await session.waitFor { $0.contains("than 15 s and was stopped") }
        #expect(screen.contains("⚠ The lookup_command of"))
        try await session.quit()
    }
}
