import Foundation
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 20's replying acceptance in the real binary against a real SMTP server on loopback:
/// a full reply with a file and a Cc, sent with `Y` (the ticket is left pending, `u undo send`
/// in sight), checked at the server (parts, names, headers); then `f` forwards the customer's
/// message with its photo to a carrier, whose answer threads back as a third party and leaves
/// the ticket pending.
@Suite(.serialized) struct TmuxReplyForwardTests {
    static let damaged = MailFactory.damagedParcel(id: "dmg-tmux@example.pl")

    /// Waits up to 30 s for the sink to hold `count` messages.
    static func delivered(_ sink: SMTPSink, count: Int) async throws -> [[UInt8]] {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let m = sink.messages()
            if m.count >= count { return m }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the sink holds \(sink.messages().count) messages, not \(count)")
        throw TmuxError(description: "timed out waiting for delivery")
    }

    @Test(.needsTmux, .needsSMTPSink)
    func replyWithAFileAndACcThenForwardToACarrierWhoseAnswerThreadsBack() async throws {
        let (desk, sink) = try TestDesk.tmuxWithSink("inbox-tui-reply-forward") { folder, port in
            folder.write("files/etykieta zwrotna.pdf", "%PDF-1.4 etykieta\n")
            return TestDesk.agentConfig(
                TestDesk.smtp(port: port)
                    // long enough to be seen on a loaded machine (the suite runs in parallel)
                    + "[replies]\nundo_window = 12\nretry_base = 1\n")
        }
        defer { sink.stop() }
        let dir = desk.dir
        let id = try desk.importOne(Self.damaged)
        #expect(try desk.inbox(["customer", "zofia@example.pl", "language=pl"]).status == 0)

        let session = try desk.tmux(prefix: "VISUAL= EDITOR=", columns: 120, rows: 40)
        defer { session.kill() }
        try await session.openTicket(listing: "Uszkodzona paczka", showing: "│ #\(id) │")

        // The reply: text, a file (Tab completes its name), a Cc; Y sends and leaves it pending.
        try session.send("r")
        var screen = try await session.waitFor { $0.contains("Reply to #\(id)") }
        #expect(screen.contains("W dniu 19.11.2026 Zofia Wójcik napisała:"))
        try session.send("Etykieta zwrotna w załączniku.")
        try session.send("C-x")
        _ = try await session.waitFor { $0.contains("Review reply to #\(id)") }
        try session.send("a")
        _ = try await session.waitFor { $0.contains("Attach file:") }
        try session.send(dir.file("files/ety"))
        try session.send("Tab")
        _ = try await session.waitFor { $0.contains("Attach file: ") && $0.contains("/etykieta zwrotna.pdf") }
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("Attach:  etykieta zwrotna.pdf (18 B)") }
        try session.send("c")
        try session.send("Magazyn <magazyn@shop.example>")
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("Cc:      Magazyn <magazyn@shop.example>") }
        try session.send("Y")
        // The undo countdown, or (on a loaded machine, where captures come seconds apart and the
        // predicate must hold on two in a row) the delivery after its 12 s.
        _ = try await session.waitFor { $0.contains("u undo send (") || $0.contains("Delivered 1 repl") }
        let first = try await Self.delivered(sink, count: 1)
        let reply = String(decoding: first[0], as: UTF8.self)
        #expect(reply.contains("To: Zofia =?utf-8?") || reply.contains("zofia@example.pl"))
        #expect(reply.contains("Cc: Magazyn <magazyn@shop.example>"))
        #expect(reply.contains("In-Reply-To: <dmg-tmux@example.pl>"))
        #expect(reply.contains("Content-Type: multipart/mixed; boundary="))
        #expect(reply.contains("Content-Disposition: attachment; filename=\"etykieta zwrotna.pdf\""))
        let parsed = MessageParser.parse(first[0])
        #expect(parsed.subject == "Re: Uszkodzona paczka [#\(id)]")
        #expect(parsed.text.hasPrefix("Etykieta zwrotna w załączniku."))
        #expect(parsed.attachments.map(\.filename) == ["etykieta zwrotna.pdf"])
        #expect(parsed.attachments.first?.contentType == "application/pdf")
        #expect(
            Set(sink.envelopes().first?["rcpt_tos"] as? [String] ?? []) == ["zofia@example.pl", "magazyn@shop.example"])
        let show = try desk.inbox(["show", String(id), "--json"])
        #expect(show.stdout.contains("\"status\" : \"pending\""))

        // The forward: to the carrier, with the customer's photo, not to the customer.
        _ = try await session.waitFor { $0.contains("TICKET │") && !$0.contains("u undo send (") }
        try session.send("f")
        _ = try await session.waitFor { $0.contains("Forward to:") }
        try session.send("Depot <depot@carrier.example>")
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("To:      Depot <depot@carrier.example>") }
        try session.send("e")
        _ = try await session.waitFor { $0.contains("Ctrl-X or Esc: review") }
        try session.send("Please check parcel PL-7781, damaged on arrival.")
        try session.send("C-x")
        screen = try await session.waitFor { $0.contains("Forward from #\(id) to a third party") }
        #expect(screen.contains("Forward: the message from Zofia Wójcik"))
        try session.send("y")
        _ = try await session.waitFor { $0.contains("→ forwarded to depot@carrier.example") }
        let both = try await Self.delivered(sink, count: 2)
        let forward = MessageParser.parse(both[1])
        #expect(forward.to.map(\.address) == ["depot@carrier.example"])
        #expect(forward.subject == "Fwd: Uszkodzona paczka [#\(id)]")
        #expect(forward.text.hasPrefix("Please check parcel PL-7781, damaged on arrival."))
        #expect(forward.text.contains("paczka PL-7781 przyszła zgnieciona"))
        #expect(forward.attachments.map(\.filename) == ["zdjęcie.jpg"])
        #expect((sink.envelopes()[1]["rcpt_tos"] as? [String]) == ["depot@carrier.example"])
        let forwardID = try #require(forward.messageID)

        // The carrier answers: it threads in as a third party and the ticket stays pending.
        let answer = MailFactory.carrierAnswer(id: "depot-tmux@carrier.example", to: forwardID)
        let imported = try desk.inbox(["import", "eml", dir.write("in/2.eml", answer)])
        #expect(imported.status == 0, "\(imported.stderr)")
        screen = try await session.waitFor { $0.contains("THIRD PARTY") }
        #expect(screen.contains("Depot <depot@carrier.example>"))
        #expect(screen.contains("pending"))
        let after = try desk.inbox(["show", String(id), "--json"])
        #expect(after.stdout.contains("\"status\" : \"pending\""))
        #expect(after.stdout.contains("\"direction\" : \"third_party\""))

        try await session.quit()
    }
}
