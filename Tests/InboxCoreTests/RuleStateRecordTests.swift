import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// The rules' state read through its records (issue 19): agents away, the round-robin
/// pointer and the schedule's last runs; on both engines (issue 22).
@Suite struct RuleStateRecordTests: StoreSuite {
    var config = InboxConfig(
        agent: .init(name: "Łukasz", email: "lukasz@shop.example"),
        agents: [.init(name: "Łukasz", email: "lukasz@shop.example"), .init(name: "Ada", email: "ada@shop.example")],
        queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])

    let msg = StoreFixture.Messages(
        from: "ayse@example.com", to: "support@shop.example", subject: "Kargom nerede?", text: "Merhaba")

    /// A store on `engine` with `tickets` new tickets.
    func store(_ engine: StoreEngineKind, tickets: Int) throws -> (store: EngineStore, db: AppDatabase) {
        try ruleStore(engine, "rule-state") { db in
            let messages = (0..<tickets).map {
                msg("t\($0)@x", from: "c\($0)@example.com", date: StoreFixture.monday + Double($0))
            }
            _ = try db.ingest(messages, config: config)
        }
    }

    /// Assigns every new ticket, in number order, by one schedule rule `assign=HOW`.
    func assign(_ db: AppDatabase, _ how: String) throws {
        let (book, findings) = RuleBook.parse(
            """
            [[rule]]
            name = "assign"
            on = "schedule"
            every = "1h"
            if = "status:new"
            then = ["assign=\(how)"]
            """, path: "rules.toml")
        try #require(findings.isEmpty)
        _ = try db.runScheduleRules(book, config: config, now: Date(timeIntervalSince1970: StoreFixture.monday + 60))
    }

    func assignees(_ db: AppDatabase, _ tickets: ClosedRange<Int64>) throws -> [String?] {
        try tickets.map { try db.seamTicket($0).assignee }
    }

    /// An agent whose name starts with a Polish capital is away as typed in any case: SQL's
    /// `lower()` folds ASCII only, so the away list is compared as Swift lower-cases it.
    @Test(arguments: EngineStore.engines)
    func anAgentWithAPolishNameIsAwayAndGetsNoAssignments(_ engine: StoreEngineKind) throws {
        let (store, db) = try store(engine, tickets: 2)
        _ = store
        try db.setAway("łukasz", away: true, config: config, actor: "Ada")
        let availability = try db.agentAvailability(config: config)
        #expect(availability.map(\.name) == ["Łukasz", "Ada"])
        #expect(availability.map(\.away) == [true, false])
        #expect(availability.first?.since != nil)

        try assign(db, "round-robin")
        #expect(try assignees(db, 1001...1002) == ["Ada", "Ada"])

        try db.setAway("ŁUKASZ", away: false, config: config, actor: "Ada")
        #expect(try db.agentAvailability(config: config).map(\.away) == [false, false])
    }

    /// Least-busy counts an agent's tickets by their name in any case, Polish capitals too.
    @Test(arguments: EngineStore.engines)
    func leastBusyCountsTheTicketsOfAnAgentWithAPolishName(_ engine: StoreEngineKind) throws {
        let (store, db) = try store(engine, tickets: 3)
        _ = store
        try assign(db, "least-busy")
        // Ties go in file order: Łukasz, then Ada (Łukasz has one), then Łukasz (one each).
        #expect(try assignees(db, 1001...1003) == ["Łukasz", "Ada", "Łukasz"])
        #expect(try db.agentAvailability(config: config).map(\.open) == [2, 1])
    }

    /// One value per key: setting a key again replaces its value.
    @Test(arguments: EngineStore.engines)
    func ruleStateKeepsTheLastValueOfEachKey(_ engine: StoreEngineKind) throws {
        let (store, db) = try store(engine, tickets: 0)
        _ = store
        try db.transaction { d in
            try RuleStateRecord.set(d, RuleStateRecord.roundRobin, "Ada")
            try RuleStateRecord.set(d, RuleStateRecord.roundRobin, "Łukasz")
            try RuleStateRecord.set(d, "schedule.nightly", "1793606400.0")
        }
        let (roundRobin, nightly, other, count) = try db.snapshot { d in
            (
                try RuleStateRecord.value(d, RuleStateRecord.roundRobin),
                try RuleStateRecord.value(d, "schedule.nightly"),
                try RuleStateRecord.value(d, "schedule.other"), try d.value(Int.self, "SELECT COUNT(*) FROM rule_state")
            )
        }
        #expect(roundRobin == "Łukasz")
        #expect(nightly == "1793606400.0")
        #expect(other == nil)
        #expect(count == 2)
    }
}
