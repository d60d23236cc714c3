import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The `:report` screen over a real store on each engine: charts, period keys, and the tickets
/// behind a number.
@Suite struct ReportScreenTests {
    func controller(_ engine: StoreEngineKind) throws -> AppController {
        var config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        config.sla = SLASettings(calendar: "24/7", timezone: "UTC", first_response: "4h")
        let db = try StoreFixture.database(engine, config)
        let now = Date()
        func msg(_ id: String, _ from: String, _ text: String, _ ago: Double) -> IncomingMessage {
            let p = ParsedMessage(
                messageID: id, from: MailAddress(name: nil, address: from),
                to: [MailAddress(address: "support@shop.example")],
                date: now.addingTimeInterval(-ago), subject: "Parcel", text: text)
            let raw = Array("Message-ID: \(id)\nFrom: \(from)\n\n\(text)".utf8)
            return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
        }
        _ = try db.ingest(
            [
                msg("a@x", "ayse@example.com", "My parcel is damaged", 600),
                msg("b@x", "bob@example.com", "Damaged parcel again", 300),
            ],
            config: config)
        return AppController(data: DatabaseDataSource(db, agent: "Ada", config: config), rows: 40, cols: 100)
    }

    func type(_ c: AppController, _ text: String) {
        for ch in text { c.handle(.char(ch)) }
    }

    @Test(arguments: EngineStore.engines) func reportScreenShowsChartsChangesRangeAndOpensTicketsBehindANumber(
        _ engine: StoreEngineKind
    ) throws {
        let c = try controller(engine)
        type(c, ":report week")
        c.handle(.enter)
        var text = c.screen().text()
        #expect(text.contains("VOLUME") && text.contains("BUSIEST HOURS"), "\(text)")
        // The rest is a page down (Ctrl-D) away; Ctrl-U comes back.
        c.handle(.ctrl("d"))
        #expect(c.screen().text().contains("AGENTS"))
        c.handle(.ctrl("u"))
        text = c.screen().text()
        #expect(text.contains("  Tickets created       2"), "\(text)")
        #expect(text.contains("week (current)"))
        // The first number is selected (reverse video); Enter lists its tickets.
        let row = try #require(
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("Tickets created") })
        #expect(c.screen()[row, 2].style.reverse)
        c.handle(.enter)
        text = c.screen().text()
        #expect(text.contains("2 tickets") && text.contains("1001") && text.contains("1002"), "\(text)")
        // Enter opens the selected ticket; q comes back to the list, then to the report.
        c.handle(.enter)
        #expect(c.state.mode.isConversation && c.state.conversation?.detail.ticket.id != nil)
        c.handle(.char("q"))
        #expect(!c.state.mode.isConversation && c.state.report?.drill != nil, "back on the report, at its list")
        c.handle(.char("q"))
        #expect(c.state.report?.drill == nil && c.screen().text().contains("VOLUME"))
        // [ steps to the previous week: nothing was created then. ] comes back.
        c.handle(.char("["))
        #expect(c.state.report?.offset == -1)
        #expect(c.screen().text().contains("  Tickets created       0"))
        c.handle(.char("]"))
        #expect(c.screen().text().contains("  Tickets created       2"))
        c.handle(.char("Q"))
        #expect(c.state.report?.length == .quarter && c.screen().text().contains("quarter (current)"))
        // j moves to the next number, q leaves the report for the ticket list.
        c.handle(.char("j"))
        #expect(c.state.report?.lines[c.state.report!.selected].drill == ReportDrill.solved)
        c.handle(.char("q"))
        #expect(c.state.report == nil && c.state.running)
        #expect(c.screen().text().contains("SUBJECT"))
    }

    @Test(arguments: EngineStore.engines) func reportTakesOnlyKnownPeriods(_ engine: StoreEngineKind) throws {
        let c = try controller(engine)
        type(c, ":report fortnight")
        c.handle(.enter)
        #expect(c.state.report == nil && c.state.message?.contains("week, month or quarter") == true)
    }
}
