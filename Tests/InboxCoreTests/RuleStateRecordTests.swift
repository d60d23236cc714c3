import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// The rules' state read through its records (issue 19): agents away, the round-robin
/// pointer and the schedule's last runs.
@Suite struct RuleStateRecordTests {
    var config = InboxConfig(
        agent: .init(name: "Łukasz", email: "lukasz@shop.example"),
        agents: [.init(name: "Łukasz", email: "lukasz@shop.example"), .init(name: "Ada", email: "ada@shop.example")],
        queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])

    let msg = StoreFixture.Messages(
        from: "ayse@example.com", to: "support@shop.example", subject: "Kargom nerede?", text: "Merhaba")

    /// Imports `tickets` new tickets, each assigned by one rule `assign=HOW`.
    func ingest(_ db: AppDatabase, tickets: Int, assigning how: String) throws {
        let (book, findings) = RuleBook.parse(
            """
            [[rule]]
            name = "assign"
            on = "ticket-created"
            then = ["assign=\(how)"]
            """, path: "rules.toml")
        try #require(findings.isEmpty)
        var options = IngestOptions()
        options.rules = book
        let messages = (0..<tickets).map {
            msg("\(how)\($0)@x", from: "c\($0)@example.com", date: StoreFixture.monday + Double($0))
        }
        _ = try db.ingest(messages, config: config, options: options)
    }

    /// An agent whose name starts with a Polish capital is away as typed in any case: SQL's
    /// `lower()` folds ASCII only, so the away list is compared as Swift lower-cases it.
    @Test func anAgentWithAPolishNameIsAwayAndGetsNoAssignments() throws {
        let db = try StoreFixture.database(config)
        try db.setAway("łukasz", away: true, config: config, actor: "Ada")
        let availability = try db.agentAvailability(config: config)
        #expect(availability.map(\.name) == ["Łukasz", "Ada"])
        #expect(availability.map(\.away) == [true, false])
        #expect(availability.first?.since != nil)

        try ingest(db, tickets: 2, assigning: "round-robin")
        #expect(try (1001...1002).map { try db.ticketDetail($0).ticket.assignee } == ["Ada", "Ada"])

        try db.setAway("ŁUKASZ", away: false, config: config, actor: "Ada")
        #expect(try db.agentAvailability(config: config).map(\.away) == [false, false])
    }

    /// Least-busy counts an agent's tickets by their name in any case, Polish capitals too.
    @Test func leastBusyCountsTheTicketsOfAnAgentWithAPolishName() throws {
        let db = try StoreFixture.database(config)
        try ingest(db, tickets: 3, assigning: "least-busy")
        // Ties go in file order: Łukasz, then Ada (Łukasz has one), then Łukasz (one each).
        #expect(try (1001...1003).map { try db.ticketDetail($0).ticket.assignee } == ["Łukasz", "Ada", "Łukasz"])
    }

    /// One value per key: setting a key again replaces its value.
    @Test func ruleStateKeepsTheLastValueOfEachKey() throws {
        let db = try StoreFixture.database(config)
        try db.writer.write { d in
            try RuleStateRecord.set(d, RuleStateRecord.roundRobin, "Ada")
            try RuleStateRecord.set(d, RuleStateRecord.roundRobin, "Łukasz")
            try RuleStateRecord.set(d, "schedule.nightly", "1793606400.0")
        }
        let (roundRobin, nightly, other, count) = try db.reader.read { d in
            (
                try RuleStateRecord.value(d, RuleStateRecord.roundRobin),
                try RuleStateRecord.value(d, "schedule.nightly"),
                try RuleStateRecord.value(d, "schedule.other"), try RuleStateRecord.fetchCount(d)
            )
        }
        #expect(roundRobin == "Łukasz")
        #expect(nightly == "1793606400.0")
        #expect(other == nil)
        #expect(count == 2)
    }
}
