import Foundation
import InboxTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Drives the real `inbox tui` in tmux on a private socket, over the demo mailbox.
@Suite(.serialized) struct TmuxEndToEndTests {
    @Test(.needsTmux)
    func browseOpenResizeAndQuit() async throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let desk = try TestDesk.demo("inbox-tui-e2e", bin: bin)
        try desk.inboxSucceeds(TestPaths.demoImports)
        // On a pipe, `inbox tui` still prints the tickets for scripts.
        let piped = try desk.inbox(["tui"])
        #expect(piped.status == 0 && piped.stdout.contains("QUEUE") && piped.stdout.contains("#1001"))

        let session = try desk.tmux()
        defer { session.kill() }
        var screen = try await session.waitFor { $0.contains("LIST │ All tickets │ 1/35") }
        #expect(screen.contains("Queues") && screen.contains("Support") && screen.contains("Returns"))
        #expect(screen.contains("Zwrot pieniędzy za zamówienie"))

        try session.send("j", "j", "Enter")
        screen = try await session.waitFor { $0.contains("TICKET │") }
        #expect(screen.contains("▶ "))

        try session.resize(columns: 60, rows: 16)
        screen = try await session.waitFor { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false).dropLast(s.hasSuffix("\n") ? 1 : 0)
            return s.contains("TICKET │") && lines.count <= 16 && !s.contains("Queues")
        }
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 60 })

        try session.send("q", ":", "bogus", "Enter")
        screen = try await session.waitFor { $0.contains("Unknown command") }
        #expect(screen.contains("LIST │"))
        try session.send("?")
        _ = try await session.waitFor { $0.contains("toggle-quotes") }
        try await session.quit("Escape", "q")
    }
}

/// Mail that tries to set the window title, clear the screen and write the clipboard is shown
/// harmlessly by the real binary in a real terminal (tmux, with the clipboard accepted from
/// programs so a leak would show).
@Suite struct TmuxHostileMailTests {
    @Test(.needsTmux)
    func escapeSequencesNeverReachTheTerminal() async throws {
        let desk = try TestDesk.tmuxSupportQueue("inbox-tui-hostile")
        let esc = "\u{1B}", bel = "\u{07}"
        let mail =
            "Message-ID: <evil@example.com>\r\nFrom: Mallory <mallory@example.com>\r\nTo: support@shop.example\r\n"
            + "Subject: Refund \(esc)]0;PWNED-TITLE\(bel) now \(esc)[2J please\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Hello \(esc)]52;c;UFdORUQtQ0xJUA==\(bel) there\r\n\(esc)]2;PWNED-TITLE\(bel)\(esc)[2J\(esc)[H still here\r\n"
        try desk.initAndImport(mail, name: "evil.eml")
        let session = try desk.tmux()
        defer { session.kill() }
        try session.setOption("set-clipboard", "on")
        try session.setOption("allow-rename", "on")
        var screen = try await session.waitFor { $0.contains("LIST │") && $0.contains("Refund") }
        #expect(screen.contains("␛]0;PWNED-TITLE␇"), "the sequence is shown as visible placeholders")
        try session.send("Enter")
        screen = try await session.waitFor { $0.contains("TICKET │") && $0.contains("still here") }
        // Nothing was cleared: the sidebar and the header are still on the screen.
        #expect(screen.contains("Views") && screen.contains("Refund"))
        #expect(screen.contains("␛]52;c;"))
        #expect(try !session.title().contains("PWNED"), "the pane title changed")
        #expect(try session.buffers().isEmpty, "something reached the clipboard")
        try await session.quit()
    }
}
