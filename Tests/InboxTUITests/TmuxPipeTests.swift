import Foundation
import InboxTestSupport
import Testing

/// `|` pipes the selected message, raw, to a shell command on the terminal (as mutt does), and
/// the `:` line takes readline's Alt keys from a real terminal (Esc then the letter).
@Suite struct TmuxPipeTests {
    @Test(.needsTmux)
    func pipeSendsTheRawMessageToTheCommand() async throws {
        let desk = try TestDesk.tmuxSupportQueue("inbox-tui-pipe")
        let dir = desk.dir
        // CRLF line ends, 8-bit Polish and Turkish, CJK, and a line without an end: bytes that
        // any re-encoding would change.
        let mail =
            "Message-ID: <pipe@example.com>\r\nFrom: =?utf-8?q?=C5=81ukasz_=C5=BB=C3=B3=C5=82=C4=87?= <lukasz@example.pl>\r\n"
            + "To: support@shop.example\r\nSubject: Zwrot =?utf-8?b?5rOo5paH?=\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Dzień dobry, zamówienie nie dotarło.\r\nİyi günler, kargom ılık.\r\n注文した商品が届きません\r\nno newline at the end"
        try desk.initAndImport(mail, name: "pipe.eml")
        // The script writes what it got on stdin to a file, and says so on the terminal.
        let out = dir.file("got.eml")
        let script = dir.write("got.sh", "#!/bin/sh\ncat > \"$1\"\necho \"GOT $(wc -c < \"$1\") BYTES\"\n")
        chmod(script, 0o755)
        let session = try desk.tmux()
        defer { session.kill() }
        try await session.openTicket(listing: "Zwrot", showing: "Dzień dobry")

        // Alt-B and Ctrl-K on the `:` line, from the real terminal.
        try session.send(":")
        try session.send("-l", "tag zwrot")
        try session.send("M-b", "C-k")
        try session.send("-l", "ważne")
        var screen = try await session.waitFor { $0.contains(":tag ważne") }
        // Esc closes the line even when the next key follows at once (the terminal's Esc-x is Alt-x).
        try session.send("C-u", "Escape", "|")
        screen = try await session.waitFor { $0.contains(":pipe") }
        try session.send("-l", "'\(script)' '\(out)'")
        try session.send("Enter")
        let size = mail.utf8.count
        screen = try await session.waitFor { $0.contains("Press any key to return to the inbox") }
        #expect(screen.contains("GOT \(size) BYTES"))
        try session.send("x")
        screen = try await session.waitFor {
            $0.contains("TICKET │") && $0.contains("Piped the message (\(size) bytes)")
        }
        let got = try #require(FileManager.default.contents(atPath: out))
        #expect(Array(got) == Array(mail.utf8), "the command got the message's raw bytes")
        try await session.quit()
    }
}

/// The quarantine in a real terminal: Enter shows the held message, a second Enter asks, `y`
/// releases, `u` puts it back.
@Suite struct TmuxQuarantineTests {
    @Test(.needsTmux)
    func readThenConfirmThenUndoARelease() async throws {
        let desk = try TestDesk.tmuxSupportQueue("inbox-tui-quarantine")
        // An out-of-office answer (Auto-Submitted): held in the quarantine.
        let mail = MailFactory.message(
            id: "ooo@example.tr", from: "=?utf-8?q?Ay=C5=9Fe_Y=C4=B1lmaz?= <ayse@example.tr>",
            subject: "=?utf-8?q?Otomatik_yan=C4=B1t?=", date: "Mon, 23 Nov 2026 10:00:00 +0000",
            extraHeaders: ["Auto-Submitted: auto-replied"], body: "İzindeyim, pazartesi döneceğim.\n")
        try desk.initAndImport(mail, name: "ooo.eml")
        let session = try desk.tmux()
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │") }
        for _ in 0..<12 {
            if try session.capture().contains("LIST │ Quarantine") { break }
            try session.send("J")
            try await Task.sleep(for: .milliseconds(150))
        }
        _ = try await session.waitFor { $0.contains("LIST │ Quarantine │ 1/1 held") }
        try session.send("Enter")
        var screen = try await session.waitFor { $0.contains("İzindeyim, pazartesi döneceğim.") }
        #expect(screen.contains("Why held:"))
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("Release into a new ticket?") }
        try session.send("y")
        screen = try await session.waitFor { $0.contains("Released the message into #") }
        #expect(screen.contains("The quarantine is empty"))
        try session.send("u")
        screen = try await session.waitFor { $0.contains("back in the quarantine") }
        #expect(screen.contains("Otomatik yanıt"))
        try await session.quit("q")
    }
}
