import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// The real `inbox tui` in tmux: a keys file with a rebind and a mistake, then two tickets
/// marked with Space and changed at once with the rebound key.
@Suite(.serialized) struct MarksTmuxTests {
    @Test(.needsTmux)
    func keysFileAndMarkedTriage() async throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let desk = try TestDesk.demo("inbox-tui-marks", bin: bin)
        let dir = desk.dir
        try desk.inboxSucceeds([["init"], ["import", "mbox", TestPaths.demo + "/support.mbox"]])
        let first = try AppDatabase.open(path: desk.database).tickets(TicketFilter()).prefix(2).map(\.id)
        try FileManager.default.createDirectory(atPath: dir.file("xdg/inbox"), withIntermediateDirectories: true)
        dir.write("xdg/inbox/keys.toml", Array("[keys]\nx = \"status\"\nv = \"stauts\"\n".utf8))

        let session = try desk.tmux(prefix: "XDG_CONFIG_HOME='\(dir.file("xdg"))'", columns: 120, rows: 30)
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
        try await session.quit("q")
        let db = try AppDatabase.open(path: desk.database)
        #expect(try db.ticketDetail(first[0]).ticket.status == .pending)
        #expect(try db.ticketDetail(first[1]).ticket.status == .pending)
    }
}
