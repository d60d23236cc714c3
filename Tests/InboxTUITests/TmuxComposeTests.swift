import Foundation
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 6's acceptance in the real binary: open a ticket, `t`, filter, see the preview,
/// Enter, `y`; the ticket becomes pending and the reply reaches an SMTP server on loopback.
@Suite(.serialized) struct TmuxComposeTests {
    /// A fresh database holding `mail` (one ticket); returns the ticket's number.
    static func importOne(_ mail: String, bin: String, env: [String: String], dir: TemporaryFolder) throws -> Int {
        for args in [["init"], ["import", "eml", dir.write("in/1.eml", mail)]] {
            let r = try CommandRunner.run(bin, args, environment: env)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        let list = try CommandRunner.run(bin, ["tickets", "--json"], environment: env)
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        return try #require(tickets.first?["id"] as? Int)
    }

    @Test(
        .enabled(
            if: TmuxEndToEndTests.tmux != nil && TmuxEndToEndTests.binary != nil, "needs tmux and a built inbox binary"),
        .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make deps installs it)"))
    func pickATemplatePreviewSendAndDeliver() async throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-compose")
        let sink = try SMTPSink(folder: dir.file("sink"))
        defer { sink.stop() }
        dir.write("templates/shipped.md", ComposeTests.shipped)
        dir.write("templates/welcome.md", ComposeTests.welcome)
        let config = dir.write(
            "config.toml",
            """
            [agent]
            name = "Ada Lindqvist"
            email = "ada@shop.example"
            [[queue]]
            name = "Support"
            addresses = ["support@shop.example"]
            default = true
            [smtp]
            host = "127.0.0.1"
            port = \(sink.port)
            tls = "none"
            [replies]
            templates = "\(dir.file("templates"))"
            undo_window = 0
            retry_base = 1
            """)
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config, "INBOX_AGENT": "Ada Lindqvist"]
        let mail = MailFactory.message(
            id: "pl1@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
            body: "Dzień dobry,\nzamówienie PL-7781 nie dotarło.\n")
        let id = try Self.importOne(mail, bin: bin, env: env, dir: dir)

        // EDITOR=true: should anything open the editor, it returns at once with the text unchanged.
        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 VISUAL= EDITOR=true INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' INBOX_AGENT='Ada Lindqvist' '\(bin)' tui; echo EXITED $?; sleep 600",
            columns: 120, rows: 32)
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │") && $0.contains("Gdzie jest paczka?") }
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("TICKET │") && $0.contains("│ #\(id) │") }
        try session.send("t")
        _ = try await session.waitFor { $0.contains("Templates for #\(id)") }
        try session.send("s", "h", "i", "p")
        var screen = try await session.waitFor { $0.contains("Filter: ship") }
        #expect(screen.contains("▶ shipped (pl)"))
        #expect(!screen.contains("welcome (en)"))
        #expect(screen.contains("Subject: Zamówienie PL-7781 wysłane [#\(id)]"))
        #expect(screen.contains("Dzień dobry Zofia,"))
        #expect(screen.contains("On send: status → pending"))
        try session.send("Enter")
        screen = try await session.waitFor { $0.contains("Review reply to #\(id)") }
        #expect(screen.contains("To:      Zofia Wójcik <zofia@example.pl>"))
        #expect(screen.contains("Actions: status → pending"))
        try session.send("y")
        screen = try await session.waitFor { $0.contains("Delivered 1 reply") }

        let delivered = try #require(sink.messages().first)
        #expect(sink.messages().count == 1)
        let parsed = MessageParser.parse(delivered)
        #expect(parsed.subject == "Zamówienie PL-7781 wysłane [#\(id)]")
        #expect(parsed.inReplyTo == ["pl1@example.pl"])
        #expect(parsed.messageID?.hasPrefix("ticket-\(id).") == true)
        #expect(parsed.text.contains("Dzień dobry Zofia,"))
        let show = try CommandRunner.run(bin, ["show", String(id), "--json"], environment: env)
        #expect(show.stdout.contains("\"status\" : \"pending\""))
        #expect(try CommandRunner.run(bin, ["outbox", "list"], environment: env).stdout.contains("\tsent\t"))

        try session.send("q", "q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
    }

    /// `r` with `$EDITOR` set: ncurses steps aside for the editor and comes back to the review screen.
    @Test(
        .enabled(
            if: TmuxEndToEndTests.tmux != nil && TmuxEndToEndTests.binary != nil, "needs tmux and a built inbox binary"),
        .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make deps installs it)"))
    func replyInTheExternalEditor() async throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-editor")
        let sink = try SMTPSink(folder: dir.file("sink"))
        defer { sink.stop() }
        let editor = dir.write(
            "editor.sh", "#!/bin/sh\nprintf 'Subject: Paczka [#%s]\\n\\nWysłaliśmy ją dziś.\\n' \"$TICKET\" > \"$1\"\n")
        chmod(editor, 0o755)
        let config = dir.write(
            "config.toml",
            """
            [agent]
            name = "Ada Lindqvist"
            email = "ada@shop.example"
            [[queue]]
            name = "Support"
            addresses = ["support@shop.example"]
            default = true
            [smtp]
            host = "127.0.0.1"
            port = \(sink.port)
            tls = "none"
            [replies]
            undo_window = 0
            """)
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config, "INBOX_AGENT": "Ada Lindqvist"]
        let mail = MailFactory.message(
            id: "pl2@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
            body: "Halo?\n")
        let id = try Self.importOne(mail, bin: bin, env: env, dir: dir)
        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 VISUAL= EDITOR='\(editor)' TICKET=\(id) INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' INBOX_AGENT='Ada Lindqvist' '\(bin)' tui; echo EXITED $?; sleep 600",
            columns: 100, rows: 30)
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │") && $0.contains("Gdzie jest paczka?") }
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("TICKET │") }
        try session.send("r")
        let screen = try await session.waitFor { $0.contains("Review reply to #\(id)") }
        #expect(screen.contains("Subject: Paczka [#\(id)]"))
        #expect(screen.contains("Wysłaliśmy ją dziś."))
        #expect(screen.contains("Queues"), "the whole screen is drawn again after the editor")
        try session.send("y")
        _ = try await session.waitFor { $0.contains("Delivered 1 reply") }
        let parsed = MessageParser.parse(try #require(sink.messages().first))
        #expect(parsed.subject == "Paczka [#\(id)]")
        #expect(parsed.inReplyTo == ["pl2@example.pl"])
        #expect(parsed.text.hasPrefix("Wysłaliśmy ją dziś."))
        try session.send("q", "q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
    }

    /// A draft typed in the inline editor survives `kill -9`; the ticket offers it when opened again.
    @Test(
        .enabled(
            if: TmuxEndToEndTests.tmux != nil && TmuxEndToEndTests.binary != nil, "needs tmux and a built inbox binary")
    )
    func aDraftSurvivesAKilledProcess() async throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-draft")
        let config = dir.write(
            "config.toml",
            """
            [agent]
            name = "Ada Lindqvist"
            email = "ada@shop.example"
            [[queue]]
            name = "Support"
            addresses = ["support@shop.example"]
            default = true
            """)
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config, "INBOX_AGENT": "Ada Lindqvist"]
        let mail = MailFactory.message(
            id: "pl3@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie?", body: "Halo?\n")
        _ = try Self.importOne(mail, bin: bin, env: env, dir: dir)
        let command =
            "env LANG=C.UTF-8 VISUAL= EDITOR= INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' INBOX_AGENT='Ada Lindqvist' '\(bin)' tui; echo EXITED $?; sleep 600"
        do {
            let session = try TmuxSession(command: command, columns: 100, rows: 30)
            defer { session.kill() }
            _ = try await session.waitFor { $0.contains("LIST │") && $0.contains("Gdzie?") }
            try session.send("Enter")
            _ = try await session.waitFor { $0.contains("TICKET │") }
            try session.send("r")
            _ = try await session.waitFor { $0.contains("Ctrl-X or Esc: review") }
            try session.send("-l", "Half a sentence")
            _ = try await session.waitFor { $0.contains("Half a sentence") }
            // Past the autosave interval, then kill -9 the inbox (the pane's shell's child).
            try await Task.sleep(for: .seconds(AppController.autosaveInterval + 1.5))
            let pane = try CommandRunner.run(
                session.tmux, ["-L", session.socket, "display-message", "-p", "-t", "t", "#{pane_pid}"]
            ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let child = try CommandRunner.run("/bin/ps", ["--ppid", pane, "-o", "pid="]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let pid = try #require(Int32(child.split(separator: "\n").first ?? ""))
            kill(pid, SIGKILL)
            _ = try await session.waitFor { $0.contains("EXITED 137") }
        }
        let session = try TmuxSession(command: command, columns: 100, rows: 30)
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │") && $0.contains("Gdzie?") }
        try session.send("Enter")
        _ = try await session.waitFor { $0.contains("TICKET │") && $0.contains("— d resumes") }
        try session.send("d")
        let screen = try await session.waitFor { $0.contains("Review reply to #") }
        #expect(screen.contains("Half a sentence"))
        try session.send("p", "q", "q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
    }
}
