import Foundation
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 6's acceptance in the real binary: open a ticket, `t`, filter, see the preview,
/// Enter, `y`; the ticket becomes pending and the reply reaches an SMTP server on loopback.
@Suite(.serialized) struct TmuxComposeTests {
    /// Two templates (shipped, welcome) and the SMTP sink on `port`.
    static func templatesConfig(_ folder: TemporaryFolder, port: Int) -> String {
        let templates = ["shipped.md": ComposeTests.shipped, "welcome.md": ComposeTests.welcome]
        return TestDesk.agentConfig(
            TestDesk.smtp(port: port)
                + TestDesk.replies(templates: templates, in: folder, "undo_window = 0\nretry_base = 1\n"))
    }

    @Test(.needsTmux, .needsSMTPSink)
    func pickATemplatePreviewSendAndDeliver() async throws {
        let (desk, sink) = try TestDesk.tmuxWithSink("inbox-tui-compose", config: Self.templatesConfig)
        defer { sink.stop() }
        let mail = MailFactory.message(
            id: "pl1@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
            body: "Dzień dobry,\nzamówienie PL-7781 nie dotarło.\n")
        let id = try desk.importOne(mail)

        // EDITOR=true: should anything open the editor, it returns at once with the text unchanged.
        let session = try desk.tmux(prefix: "VISUAL= EDITOR=true", columns: 120, rows: 32)
        defer { session.kill() }
        try await session.openTicket(listing: "Gdzie jest paczka?", showing: "│ #\(id) │")
        try await session.press("t") { $0.contains("Templates for #\(id)") }
        var screen = try await session.press("s", "h", "i", "p") { $0.contains("Filter: ship") }
        #expect(screen.contains("▶ shipped (pl)"))
        #expect(!screen.contains("welcome (en)"))
        #expect(screen.contains("Subject: Zamówienie PL-7781 wysłane [#\(id)]"))
        #expect(screen.contains("Dzień dobry Zofia,"))
        #expect(screen.contains("On send: status → pending"))
        screen = try await session.press("Enter") { $0.contains("Review reply to #\(id)") }
        #expect(screen.contains("To:      Zofia Wójcik <zofia@example.pl>"))
        #expect(screen.contains("Actions: status → pending"))
        try await session.sendReviewedReply()

        let delivered = try #require(sink.messages().first)
        #expect(sink.messages().count == 1)
        let parsed = MessageParser.parse(delivered)
        #expect(parsed.subject == "Zamówienie PL-7781 wysłane [#\(id)]")
        #expect(parsed.inReplyTo == ["pl1@example.pl"])
        #expect(parsed.messageID?.hasPrefix("ticket-\(id).") == true)
        #expect(parsed.text.contains("Dzień dobry Zofia,"))
        let show = try desk.inbox(["show", String(id), "--json"])
        #expect(show.stdout.contains("\"status\" : \"pending\""))
        #expect(try desk.inbox(["outbox", "list"]).stdout.contains("\tsent\t"))

        try await session.quit()
    }

    /// `r` with `$EDITOR` set: ncurses steps aside for the editor and comes back to the review screen.
    @Test(.needsTmux, .needsSMTPSink)
    func replyInTheExternalEditor() async throws {
        let (desk, sink) = try TestDesk.tmuxWithSink("inbox-tui-editor") { _, port in
            TestDesk.agentConfig(TestDesk.smtp(port: port) + "[replies]\nundo_window = 0\n")
        }
        defer { sink.stop() }
        let editor = desk.dir.write(
            "editor.sh", "#!/bin/sh\nprintf 'Subject: Paczka [#%s]\\n\\nWysłaliśmy ją dziś.\\n' \"$TICKET\" > \"$1\"\n")
        chmod(editor, 0o755)
        let mail = MailFactory.message(
            id: "pl2@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
            body: "Halo?\n")
        let id = try desk.importOne(mail)
        let session = try desk.tmux(prefix: "VISUAL= EDITOR='\(editor)' TICKET=\(id)")
        defer { session.kill() }
        try await session.openTicket(listing: "Gdzie jest paczka?")
        let screen = try await session.press("r") { $0.contains("Review reply to #\(id)") }
        #expect(screen.contains("Subject: Paczka [#\(id)]"))
        #expect(screen.contains("Wysłaliśmy ją dziś."))
        #expect(screen.contains("Queues"), "the whole screen is drawn again after the editor")
        try await session.sendReviewedReply()
        let parsed = MessageParser.parse(try #require(sink.messages().first))
        #expect(parsed.subject == "Paczka [#\(id)]")
        #expect(parsed.inReplyTo == ["pl2@example.pl"])
        #expect(parsed.text.hasPrefix("Wysłaliśmy ją dziś."))
        try await session.quit()
    }

    /// A draft typed in the inline editor survives `kill -9`; the ticket offers it when opened again.
    @Test(.needsTmux)
    func aDraftSurvivesAKilledProcess() async throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let desk = TestDesk("inbox-tui-draft", bin: bin, config: TestDesk.agentConfig())
        let mail = MailFactory.message(
            id: "pl3@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie?", body: "Halo?\n")
        _ = try desk.importOne(mail)
        do {
            let session = try desk.tmux(prefix: "VISUAL= EDITOR=")
            defer { session.kill() }
            try await session.openTicket(listing: "Gdzie?")
            try await session.press("r") { $0.contains("Ctrl-X or Esc: review") }
            try await session.press("-l", "Half a sentence") { $0.contains("Half a sentence") }
            // Past the autosave interval, then kill -9 the inbox (the pane's shell's child).
            try await Task.sleep(for: .seconds(AppController.autosaveInterval + 1.5))
            let pane = try session.panePID()
            let child = try CommandRunner.run("/bin/ps", ["--ppid", pane, "-o", "pid="]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let pid = try #require(Int32(child.split(separator: "\n").first ?? ""))
            kill(pid, SIGKILL)
            _ = try await session.waitFor { $0.contains("EXITED 137") }
        }
        let session = try desk.tmux(prefix: "VISUAL= EDITOR=")
        defer { session.kill() }
        try await session.openTicket(listing: "Gdzie?", showing: "— d resumes")
        let screen = try await session.press("d") { $0.contains("Review reply to #") }
        #expect(screen.contains("Half a sentence"))
        try await session.quit("p", "q", "q")
    }
}
