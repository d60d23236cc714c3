import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// Two real `inbox tui` processes on one database, each in its own tmux server: what one agent
/// does, the other sees.
@Suite(.serialized) struct TwoAgentsTmuxTests {
    /// On both engines: on PostgreSQL (issue 22) the other TUI hears the change through
    /// LISTEN/NOTIFY instead of SQLite's data_version.
    @Test(.needsTmux, arguments: EngineStore.engines)
    func oneAssignsTheOtherSeesItAndPresenceShows(_ engine: StoreEngineKind) throws {
        let bin = try #require(TmuxSession.inboxBinary)
        var desk = try TestDesk.demo("inbox-tui-two", bin: bin)
        let store = try EngineStore.make(engine, "tui-two")
        if engine == .postgresql { desk.env["INBOX_DB"] = store.location }
        try desk.inboxSucceeds(
            (engine == .sqlite ? [["init"]] : []) + [["import", "mbox", TestPaths.demo + "/support.mbox"]])
        func tui(_ agent: String) throws -> TmuxSession {
            try desk.tmux(prefix: "INBOX_AGENT=\(agent)", columns: 110, rows: 30)
        }
        let ada = try tui("ada")
        defer { ada.kill() }
        let bob = try tui("bob")
        defer { bob.kill() }
        _ = try within(seconds: 30, ada) { $0.contains("LIST │ All tickets") }
        _ = try within(seconds: 30, bob) { $0.contains("LIST │ All tickets") }

        // Both open the first ticket; each sees the other (heartbeats, data_version polling).
        // The bounds are loose because the whole suite shares two cores.
        try ada.send("Enter")
        let opened = try within(seconds: 30, ada) { $0.contains("TICKET │") }
        let header = try #require(opened.split(separator: "\n").first { $0.contains("#10") })
        let number = try #require(header.split(separator: "#").last?.prefix(4))
        try bob.send("Enter")
        _ = try within(seconds: 30, bob) { $0.contains("TICKET │") && $0.contains("│ #\(number) │") }
        _ = try within(seconds: 30, ada) { $0.contains("bob viewing") }
        _ = try within(seconds: 30, bob) { $0.contains("ada viewing") }

        // Ada assigns the ticket to Jonas (an agent of the config: `:assign` checks names); Bob's
        // screen shows it without a key press (the screen polls data_version every second). The
        // bound is loose: in CI this suite shares two cores with a 20k import and the other tmux
        // suites, and 10 s was once not enough there. An assignment does not expire, so any
        // bound still shows a live update.
        // `a` opens the `:assign ` prompt; one send-keys call types the whole command.
        try ada.send("a", "Jonas Berg", "Enter")
        _ = try within(seconds: 30, ada) { $0.contains("#\(number): assignee=Jonas Berg") }
        let seen = try within(seconds: 30, bob) { $0.contains("#\(number) · ") && $0.contains(" · Jonas Berg · ") }
        #expect(seen.contains("ada viewing"))

        // Bob leaves the ticket: his presence row is removed (not left to expire: the TUI says
        // it left before it draws the list, and a row lives 30 s without heartbeats), and goes
        // from Ada's screen.
        try bob.send("q")
        _ = try within(seconds: 30, bob) { $0.contains("LIST │") }
        let present = try desk.inbox(["presence", String(number), "--json"])
        #expect(present.status == 0 && !present.stdout.contains("bob"), "\(present.stdout)\(present.stderr)")
        _ = try within(seconds: 30, ada) { !$0.contains("bob viewing") && $0.contains(" · Jonas Berg · ") }
        try ada.send("q", "q")
        _ = try within(seconds: 30, ada) { $0.contains("EXITED 0") }
        try bob.send("q")
        _ = try within(seconds: 30, bob) { $0.contains("EXITED 0") }
    }

    /// Polls `session` until `predicate` holds, failing if that takes longer than `seconds`.
    ///
    /// Blocks its thread on purpose: an async sleep could wait for a free test thread longer
    /// than the deadline when the whole suite runs, and the time measured would be the
    /// scheduler's, not the TUI's.
    func within(
        seconds: Double, _ session: TmuxSession, _ predicate: (String) -> Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var last = ""
        while ContinuousClock.now < deadline {
            last = try session.capture()
            if predicate(last) { return last }
            usleep(50_000)
        }
        Issue.record("not within \(seconds) s; the screen was:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxError(description: "timed out")
    }
}
