import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// The real `inbox tui` in tmux: a keys file with a rebind and a mistake, then two tickets
/// marked with Space and changed at once with the rebound key.
@Suite(.serialized) struct MarksTmuxTests {
    @Test(
        .enabled(
            if: TmuxEndToEndTests.tmux != nil && TmuxEndToEndTests.binary != nil, "needs tmux and a built inbox binary")
    )
    func keysFileAndMarkedTriage() async throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-marks")
        let config = dir.file("config.toml")
        try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: config)
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config]
        for args in [["init"], ["import", "mbox", TestPaths.demo + "/support.mbox"]] {
            let r = try CommandRunner.run(bin, args, environment: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let first = try AppDatabase.open(path: env["INBOX_DB"]!).tickets(TicketFilter()).prefix(2).map(\.id)
        try FileManager.default.createDirectory(atPath: dir.file("xdg/inbox"), withIntermediateDirectories: true)
        dir.write("xdg/inbox/keys.toml", Array("[keys]\nx = \"status\"\nv = \"stauts\"\n".utf8))

        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 XDG_CONFIG_HOME='\(dir.file("xdg"))' INBOX_DB='\(env["INBOX_DB"]!)' INBOX_CONFIG='\(config)' '\(bin)' tui; echo EXITED $?; sleep 600",
            columns: 120, rows: 30)
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("LIST │ All tickets") && $0.contains("is not a command") }
        try session.send("Space", "Space")
        var screen = try await session.waitFor { $0.contains("│ 2 marked") }
        #expect(screen.contains("*#\(first[0])") && screen.contains("*#\(first[1])"))
        try session.send("x")
        _ = try await session.waitFor { $0.contains(":status") }
        try session.send("pending", "Enter")
        screen = try await session.waitFor { $0.contains(" of 2 marked tickets changed") }
        #expect(!screen.contains("marked │") && !screen.contains("*#"))
        try session.send("q")
        _ = try await session.waitFor { $0.contains("EXITED 0") }
        let db = try AppDatabase.open(path: env["INBOX_DB"]!)
        #expect(try db.ticketDetail(first[0]).ticket.status == "pending")
        #expect(try db.ticketDetail(first[1]).ticket.status == "pending")
    }
}
