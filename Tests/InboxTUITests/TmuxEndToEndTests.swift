import Foundation
import InboxTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Drives the real `inbox tui` in tmux on a private socket, over the demo mailbox.
@Suite(.serialized) struct TmuxEndToEndTests {
    /// `.build/debug/inbox` when it exists and is newer than `.build-tui/debug/inbox`, else the latter.
    static var binary: String? {
        let fm = FileManager.default
        func modified(_ p: String) -> Date? {
            guard fm.isExecutableFile(atPath: p) else { return nil }
            return (try? fm.attributesOfItem(atPath: p))?[.modificationDate] as? Date
        }
        let main = TestPaths.root + "/.build/debug/inbox"
        let tui = TestPaths.root + "/.build-tui/debug/inbox"
        switch (modified(main), modified(tui)) {
        case let (m?, t?): return m >= t ? main : tui
        case (_?, nil): return main
        case (nil, _?): return tui
        default: return nil
        }
    }

    static var tmux: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/tmux"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    @Test(.enabled(if: tmux != nil && binary != nil, "needs tmux and a built inbox binary"))
    func browseOpenResizeAndQuit() async throws {
        let bin = try #require(Self.binary)
        let dir = TemporaryFolder("inbox-tui-e2e")
        let config = dir.file("config.toml")
        try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: config)
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config]
        for args in [
            ["init"], ["import", "mbox", TestPaths.demo + "/support.mbox"],
            ["import", "maildir", TestPaths.demo + "/returns"],
            ["import", "eml", TestPaths.demo + "/eml"],
        ] {
            let r = try CommandRunner.run(bin, args, environment: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        // On a pipe, `inbox tui` still prints the tickets for scripts.
        let piped = try CommandRunner.run(bin, ["tui"], environment: env)
        #expect(piped.status == 0 && piped.stdout.contains("QUEUE") && piped.stdout.contains("#1001"))

        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' '\(bin)' tui; echo EXITED $?; sleep 600",
            columns: 100, rows: 30)
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
        try session.send("Escape", "q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
    }
}

/// Mail that tries to set the window title, clear the screen and write the clipboard is shown
/// harmlessly by the real binary in a real terminal (tmux, with the clipboard accepted from
/// programs so a leak would show).
@Suite struct TmuxHostileMailTests {
    @Test(
        .enabled(
            if: TmuxEndToEndTests.tmux != nil && TmuxEndToEndTests.binary != nil, "needs tmux and a built inbox binary")
    )
    func escapeSequencesNeverReachTheTerminal() async throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-hostile")
        let config = dir.write(
            "config.toml", "[[queue]]\nname = \"Support\"\naddresses = [\"support@shop.example\"]\ndefault = true\n")
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config]
        let esc = "\u{1B}", bel = "\u{07}"
        let mail =
            "Message-ID: <evil@example.com>\r\nFrom: Mallory <mallory@example.com>\r\nTo: support@shop.example\r\n"
            + "Subject: Refund \(esc)]0;PWNED-TITLE\(bel) now \(esc)[2J please\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Hello \(esc)]52;c;UFdORUQtQ0xJUA==\(bel) there\r\n\(esc)]2;PWNED-TITLE\(bel)\(esc)[2J\(esc)[H still here\r\n"
        let eml = dir.write("evil.eml", mail)
        for args in [["init"], ["import", "eml", eml]] {
            let r = try CommandRunner.run(bin, args, environment: env)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' '\(bin)' tui; echo EXITED $?; sleep 600",
            columns: 100, rows: 30)
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
        try session.send("q", "q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
    }
}

/// A tmux server on a private socket with one session running `command`. Commands end with
/// `echo EXITED $?; sleep 600` so the last screen stays to be read even when the test's thread
/// waits a long while in a busy run; ``kill()`` ends the session.
struct TmuxSession {
    let socket = "inbox-e2e-\(UUID().uuidString.prefix(8))"
    let tmux: String

    init(command: String, columns: Int, rows: Int) throws {
        tmux = TmuxEndToEndTests.tmux ?? "tmux"
        // posix_spawn with a clean signal mask: Foundation.Process would hang on the forked
        // server holding its pipes, and an inherited blocked mask would hide SIGWINCH.
        let status = try Self.spawnAndWait([
            tmux, "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(columns)", "-y", "\(rows)",
            command,
        ])
        guard status == 0 else { throw TmuxError(description: "tmux new-session failed with status \(status)") }
    }

    func send(_ keys: String...) throws { _ = try run(["send-keys", "-t", "t"] + keys) }
    func resize(columns: Int, rows: Int) throws {
        _ = try run(["resize-window", "-t", "t", "-x", "\(columns)", "-y", "\(rows)"])
    }
    func capture() throws -> String { try run(["capture-pane", "-p", "-t", "t"]) }
    /// The pane's title (what an OSC 0/2 sequence would change).
    func title() throws -> String { try run(["display-message", "-p", "-t", "t", "#{pane_title}"]) }
    /// tmux's paste buffers (what an OSC 52 sequence would fill with `set-clipboard on`).
    func buffers() throws -> String { try run(["list-buffers"]) }
    func setOption(_ name: String, _ value: String) throws { _ = try run(["set-option", "-g", name, value]) }
    func kill() {
        _ = try? run(["kill-server"])
        // tmux can leave the socket file behind; it is ours alone, so remove it.
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
    }

    /// Polls the pane every 50 ms until `predicate` holds on a settled screen; fails with the last screen after 30 s.
    func waitFor(_ predicate: (String) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> String
    {
        let deadline = ContinuousClock.now + .seconds(30)  // generous: CI runs the whole suite in parallel
        var last = ""
        var previous: String?
        while ContinuousClock.now < deadline {
            last = try capture()
            // The screen must also be the same on two captures in a row: ncurses may be half-way
            // through drawing the screen the predicate is waiting for.
            if predicate(last), last == previous { return last }
            previous = last
            try await Task.sleep(for: .milliseconds(50))
        }
        // The sleep may have outlasted the deadline while every test thread was busy: look once more.
        last = try capture()
        if predicate(last) { return last }
        Issue.record("timed out; the screen was:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxError(description: "timed out waiting for the screen")
    }

    private func run(_ args: [String]) throws -> String {
        try CommandRunner.run(tmux, ["-L", socket] + args).stdout
    }

    static func spawnAndWait(_ argv: [String]) throws -> Int32 {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attr, cArgs, environ)
        guard rc == 0 else { throw TmuxError(description: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let description: String
}
