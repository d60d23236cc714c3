import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A tmux server on a private socket with one session running `command`. Commands end with
/// `echo EXITED $?; sleep 600` so the last screen stays to be read even when the test's thread
/// waits a long while in a busy run; ``kill()`` ends the session.
public struct TmuxSession: Sendable {
    public let socket = "inbox-e2e-\(UUID().uuidString.prefix(8))"
    public let tmux: String

    /// `.build/debug/inbox` when it exists and is newer than `.build-tui/debug/inbox`, else the latter.
    public static var inboxBinary: String? {
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

    /// tmux on the PATH, or nil.
    public static var tmuxPath: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/tmux"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// True when the end-to-end tests can run: tmux is installed and the binary is built.
    public static var available: Bool { tmuxPath != nil && inboxBinary != nil }

    public init(command: String, columns: Int, rows: Int) throws {
        tmux = Self.tmuxPath ?? "tmux"
        // posix_spawn with a clean signal mask: Foundation.Process would hang on the forked
        // server holding its pipes, and an inherited blocked mask would hide SIGWINCH.
        let status = try Self.spawnAndWait([
            tmux, "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(columns)", "-y", "\(rows)",
            command,
        ])
        guard status == 0 else { throw TmuxError(description: "tmux new-session failed with status \(status)") }
    }

    public func send(_ keys: String...) throws { _ = try run(["send-keys", "-t", "t"] + keys) }
    public func resize(columns: Int, rows: Int) throws {
        _ = try run(["resize-window", "-t", "t", "-x", "\(columns)", "-y", "\(rows)"])
    }
    public func capture() throws -> String { try run(["capture-pane", "-p", "-t", "t"]) }
    /// The pane's title (what an OSC 0/2 sequence would change).
    public func title() throws -> String { try run(["display-message", "-p", "-t", "t", "#{pane_title}"]) }
    /// The pid of the pane's shell (the program under test is its child).
    public func panePID() throws -> String {
        try run(["display-message", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    /// tmux's paste buffers (what an OSC 52 sequence would fill with `set-clipboard on`).
    public func buffers() throws -> String { try run(["list-buffers"]) }
    public func setOption(_ name: String, _ value: String) throws { _ = try run(["set-option", "-g", name, value]) }
    public func kill() {
        _ = try? run(["kill-server"])
        // tmux can leave the socket file behind; it is ours alone, so remove it.
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
    }

    /// Polls the pane every 50 ms until `predicate` holds on a settled screen; after 30 s throws
    /// a ``TmuxError`` that holds the last screen.
    /// The error names the caller's line (`file:line`), so a timeout in a long scripted test
    /// says which step it was.
    public func waitFor(
        file: StaticString = #fileID, line: UInt = #line, _ predicate: (String) -> Bool
    ) async throws -> String {
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
        throw TmuxError(description: "timed out waiting for the screen at \(file):\(line); the screen was:\n\(last)")
    }

    /// Sends `keys`, then waits (``waitFor(_:)``) for a screen that `predicate` accepts and returns it.
    @discardableResult
    public func press(
        _ keys: String..., file: StaticString = #fileID, line: UInt = #line, until predicate: (String) -> Bool
    ) async throws -> String {
        _ = try run(["send-keys", "-t", "t"] + keys)
        return try await waitFor(file: file, line: line, predicate)
    }

    /// Sends `keys` (by default `q q`, out of a ticket and out of the list) and waits for the
    /// program to exit with status 0.
    public func quit(_ keys: String...) async throws {
        _ = try run(["send-keys", "-t", "t"] + (keys.isEmpty ? ["q", "q"] : keys))
        _ = try await waitFor { $0.contains("EXITED 0") }
    }

    private func run(_ args: [String]) throws -> String {
        try CommandRunner.run(tmux, ["-L", socket] + args).stdout
    }

    /// Runs `argv` to its end with a clean signal mask (``DovecotServer/spawn(_:environment:stdout:)``)
    /// and returns its exit status.
    static func spawnAndWait(_ argv: [String]) throws -> Int32 {
        let pid = try DovecotServer.spawn(argv)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
