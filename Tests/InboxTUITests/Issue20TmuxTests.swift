import Foundation
import InboxTestSupport
import Testing

/// Issue 20 end to end: the real `inbox tui` in tmux opens a ticket whose last customer
/// message is below the fold and shows that message, with the list saying who wrote last.
@Suite struct Issue20TmuxTests {
    static func mail(_ id: String, from: String, to: String, date: String, body: String, inReplyTo: String? = nil)
        -> String
    {
        "Message-ID: <\(id)>\r\nFrom: \(from)\r\nTo: \(to)\r\nSubject: Zwrot: buty za małe\r\nDate: \(date)\r\n"
            + (inReplyTo.map { "In-Reply-To: <\($0)>\r\nReferences: <\($0)>\r\n" } ?? "")
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    }

    @Test(.needsTmux)
    func aTicketOpensAtItsNewestCustomerMessageBelowTheFold() async throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let desk = TestDesk("inbox-tui-issue20", bin: bin, config: TestDesk.queueConfig, agent: nil)
        let dir = desk.dir
        let customer = "Krzysztof Wójcik <k.wojcik@example.pl>"
        let long = (1...40).map { "Linia \($0): zamówienie PL-7790, rozmiar 42 zamiast 44." }.joined(separator: "\n\n")
        let mails = [
            Self.mail(
                "q1@example.pl", from: customer, to: "support@shop.example", date: "Mon, 16 Nov 2026 09:00:00 +0100",
                body: long),
            Self.mail(
                "a1@shop.example", from: "Ada <support@shop.example>", to: customer,
                date: "Mon, 16 Nov 2026 11:00:00 +0100",
                body: (1...20).map { "Odpowiedź \($0): etykieta zwrotna w załączniku." }.joined(separator: "\n\n"),
                inReplyTo: "q1@example.pl"),
            Self.mail(
                "q2@example.pl", from: customer, to: "support@shop.example", date: "Tue, 17 Nov 2026 08:30:00 +0100",
                body: "Paczka wróciła do mnie – Łódź, kod 90-001.\nCo teraz zrobić? NAJNOWSZA-WIADOMOŚĆ",
                inReplyTo: "a1@shop.example"),
        ]
        let mbox = mails.map {
            "From MAILER-DAEMON Mon Nov 16 09:00:00 2026\n" + $0.replacingOccurrences(of: "\r\n", with: "\n")
        }
        .joined(separator: "\n")
        let file = dir.write("mail.mbox", mbox + "\n")
        try desk.inboxSucceeds([["init"], ["import", "mbox", file]])
        let session = try desk.tmux()
        defer { session.kill() }
        var screen = try await session.waitFor { $0.contains("LIST │") && $0.contains("#1001") }
        // The customer wrote last: the row says so.
        #expect(screen.contains("▶open") || screen.contains("▶new"), "\(screen)")
        try session.send("Enter")
        screen = try await session.waitFor { $0.contains("TICKET │") }
        #expect(screen.contains("NAJNOWSZA-WIADOMOŚĆ") && screen.contains("▶ Krzysztof Wójcik"), "\(screen)")
        #expect(!screen.contains("Linia 1:"), "the earlier messages are above, not on screen")
        try session.send("g")
        screen = try await session.waitFor { $0.contains("Linia 1:") }
        #expect(!screen.contains("NAJNOWSZA-WIADOMOŚĆ"))
        try await session.quit()
    }
}
