import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The Quarantine entry of the sidebar over a real store on each engine: the held messages are
/// listed, and Enter, `b` and `:bouncing` act on them.
@Suite struct QuarantineScreenTests {
    func controller(_ engine: StoreEngineKind) throws -> (AppController, AppDatabase) {
        let config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        let db = try StoreFixture.database(engine, config)
        func incoming(_ text: String) -> IncomingMessage {
            let raw = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            return IncomingMessage(
                raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test")
        }
        _ = try db.ingest(
            [
                incoming(
                    "Message-ID: <ooo@example.de>\nFrom: Petra Groß <petra@example.de>\nTo: support@shop.example\n"
                        + "Subject: Abwesenheitsnotiz\nAuto-Submitted: auto-replied\nDate: Mon, 23 Nov 2026 09:00:00 +0000\n\nIch bin bis Montag nicht im Büro.\n"
                ),
                incoming(
                    "Message-ID: <q1@example.com>\nFrom: Ayşe <ayse@example.com>\nTo: support@shop.example\n"
                        + "Subject: Kargom nerede?\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\nSiparişim gelmedi.\n"),
            ], config: config)
        let c = AppController(data: DatabaseDataSource(db, agent: "Ada", config: config), rows: 24, cols: 100)
        // Select the Quarantine in the sidebar.
        for _ in 0..<12 where c.state.currentSource != .quarantine { c.handle(.char("J")) }
        try #require(c.state.currentSource == .quarantine)
        return (c, db)
    }

    @Test(arguments: EngineStore.engines) func listsHeldMailAndReleasesItIntoATicket(_ engine: StoreEngineKind) throws {
        let (c, db) = try controller(engine)
        let text = c.screen().text()
        #expect(
            text.contains("Abwesenheitsnotiz") && text.contains("petra@example.de") && text.contains("auto"), "\(text)")
        #expect(text.contains("Why held:") && text.contains("1/1 held"))
        #expect(!text.contains("not built"))
        let before = try db.tickets().count
        // Enter shows the held message first, saying why it was held.
        c.handle(.enter)
        var screen = c.screen().text()
        #expect(screen.contains("Ich bin bis Montag nicht im Büro.") && screen.contains("Why held:"), "\(screen)")
        #expect(try db.quarantine().count == 1)
        // Enter again asks; any key but y keeps the message.
        c.handle(.enter)
        #expect(
            c.state.message?.hasPrefix("Release into a new ticket? Held because:") == true, "\(c.state.message ?? "")")
        c.handle(.char("n"))
        #expect(c.state.message == "Kept in the quarantine" && c.state.quarantine.reading != nil)
        #expect(try db.quarantine().count == 1)
        c.handle(.enter)
        c.handle(.char("y"))
        #expect(c.state.message?.hasPrefix("Released the message into #") == true, "\(c.state.message ?? "")")
        #expect(try db.tickets().count == before + 1)
        #expect(try db.quarantine().isEmpty)
        #expect(c.screen().text().contains("The quarantine is empty"))
        // u puts it back.
        c.handle(.char("u"))
        #expect(c.state.message?.contains("back in the quarantine") == true, "\(c.state.message ?? "")")
        #expect(try db.quarantine().count == 1 && db.tickets().count == before)
        screen = c.screen().text()
        #expect(screen.contains("Abwesenheitsnotiz"))
        c.handle(.char("u"))
        #expect(c.state.message == "Nothing released here to undo")
    }

    @Test(arguments: EngineStore.engines) func theHeldMessageScreenAt80And120Columns(_ engine: StoreEngineKind) throws {
        let config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        let db = try StoreFixture.database(engine, config)
        let raw = Array(
            ("Message-ID: <ooo@example.pl>\nFrom: Łucja Żółkiewska <lucja@example.pl>\nTo: support@shop.example\n"
                + "Subject: Nieobecność / İzin / 不在\nAuto-Submitted: auto-replied\nDate: Mon, 23 Nov 2026 09:00:00 +0000\n"
                + "Content-Type: text/plain; charset=utf-8\n\n"
                + "Dzień dobry, jestem na urlopie do poniedziałku.\nİyi günler, pazartesiye kadar izindeyim.\n"
                + "月曜日まで不在です。\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        _ = try db.ingest(
            [
                IncomingMessage(
                    raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test")
            ],
            config: config)
        for (rows, cols) in [(24, 80), (40, 120)] {
            let c = AppController(data: DatabaseDataSource(db, agent: "Ada", config: config), rows: rows, cols: cols)
            for _ in 0..<12 where c.state.currentSource != .quarantine { c.handle(.char("J")) }
            c.handle(.enter)
            c.handle(.enter)
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            assertSnapshot(c.screen(now: now).text(), named: "quarantine-held-\(cols)x\(rows)")
        }
    }

    @Test(arguments: EngineStore.engines) func blocksTheSenderAndMarksAnAddressBouncing(_ engine: StoreEngineKind)
        throws
    {
        let (c, db) = try controller(engine)
        c.handle(.char("b"))
        #expect(c.state.commandLine == "block petra@example.de")
        c.handle(.enter)
        #expect(c.state.message?.contains("petra@example.de will be quarantined") == true, "\(c.state.message ?? "")")
        c.handle(.char("B"))
        for ch in "ayse@example.com" { c.handle(.char(ch)) }
        c.handle(.enter)
        #expect(c.state.message == "ayse@example.com is marked as failing")
        #expect(try db.customer(address: "ayse@example.com").failing)
    }
}
