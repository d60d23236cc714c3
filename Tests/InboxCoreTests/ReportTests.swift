import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// A hand-built week of support (rows written directly, so every instant is known) and the
/// report numbers worked out by hand; see the comments beside each ticket.
///
/// Calendar Mon-Fri 09:00-17:00 UTC; targets 4h first response, 8h next response, 3d (= 24
/// business hours) resolution. Range Mon 2026-11-02 00:00Z to Wed 2026-11-11 00:00Z; clocks
/// evaluated at Thu 2026-11-12 12:00Z.
enum ReportFixture {
    static let monday: Double = 1_793_577_600  // 2026-11-02 00:00Z
    static func at(_ day: Int, _ hour: Double) -> Double { monday + Double(day) * 86400 + hour * 3600 }
    static let since = Date(timeIntervalSince1970: monday)
    static let until = Date(timeIntervalSince1970: 1_794_355_200)  // Wed 2026-11-11
    static let now = Date(timeIntervalSince1970: 1_794_484_800)  // Thu 2026-11-12 12:00

    static var config: InboxConfig {
        var c = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        c.sla = SLASettings(
            calendar: "Mon-Fri 09:00-17:00", timezone: "UTC", first_response: "4h", next_response: "8h",
            resolution: "3d")
        return c
    }

    /// The week, written on SQLite and read on `engine` (``EngineCopy``).
    static func make(_ engine: StoreEngineKind = .sqlite) throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.syncQueues(config)
        try db.writer.write { db in
            try db.execute(sql: "INSERT INTO raw_message(sha256, size, bytes) VALUES ('x', 0, x'')")
            for (id, address) in [
                (1, "ayse@example.com"), (2, "bob@example.com"), (3, "cem@example.com"), (4, "dan@example.com"),
                (5, "eve@example.com"),
            ] {
                try db.execute(
                    sql: "INSERT INTO customer(id, address, created_at) VALUES (?, ?, 0)", arguments: [id, address])
            }
            func ticket(_ id: Int, _ customer: Int, _ created: Double, _ status: String) throws {
                try db.execute(
                    sql: """
                        INSERT INTO ticket(id, queue_id, subject, status, customer_id, created_at, updated_at)
                        VALUES (?, (SELECT id FROM queue), 's', ?, ?, ?, ?)
                        """, arguments: [id, status, customer, created, created])
                try db.execute(
                    sql:
                        "INSERT INTO event(ticket_id, actor, at, kind, new_value) VALUES (?, 'import', ?, 'created', 'new')",
                    arguments: [id, created])
            }
            func message(
                _ ticket: Int, _ direction: String, _ at: Double, from: String? = nil, text: String = "",
                automatic: Bool = false
            ) throws {
                try db.execute(
                    sql: """
                        INSERT INTO message(ticket_id, queue_id, direction, from_name, date, received_at, text, automatic,
                            thread_reason, raw_sha256)
                        VALUES (?, (SELECT id FROM queue), ?, ?, ?, ?, ?, ?, 'test', 'x')
                        """, arguments: [ticket, direction, from, at, at, text, automatic])
            }
            func status(_ ticket: Int, _ at: Double, _ old: String, _ new: String, by actor: String) throws {
                try db.execute(
                    sql:
                        "INSERT INTO event(ticket_id, actor, at, kind, old_value, new_value) VALUES (?, ?, ?, 'status', ?, ?)",
                    arguments: [ticket, actor, at, old, new])
            }
            func tag(_ ticket: Int, _ name: String) throws {
                try db.execute(sql: "INSERT INTO tag(ticket_id, name) VALUES (?, ?)", arguments: [ticket, name])
            }

            // #999: before the range, still open (backlog, age 11d 15h: 7-30d).
            try ticket(999, 5, 1_793_350_800, "open")
            try message(999, "inbound", 1_793_350_800, text: "old question")

            // #1001, Friday 16:00; our auto-reply at 16:01 is no response; Ada answers Monday
            // 10:00: 1h Friday + 1h Monday = 2h first response across the weekend. Solved Monday
            // 11:00: resolution 1h + 2h = 3h.
            try ticket(1001, 1, at(4, 16), "solved")
            try message(
                1001, "inbound", at(4, 16), text: "Kargom nerede? Siparişim gelmedi, kargo takip numarası çalışmıyor.")
            try message(
                1001, "outbound", at(4, 16 + 1.0 / 60), from: "Autoresponder", text: "We got your mail", automatic: true
            )
            try message(1001, "outbound", at(7, 10), from: "Ada")
            try status(1001, at(7, 10), "new", "open", by: "Ada")
            try status(1001, at(7, 11), "open", "solved", by: "Ada")
            try tag(1001, "delivery")

            // #1002, Monday 09:00; Ada answers 09:30 (30m), solves 10:00; the customer writes again
            // Tuesday 09:00 (reopened), Ben answers 10:00 and solves 12:00. Resolution to the last
            // solve: Monday 8h + Tuesday 3h = 11h.
            try ticket(1002, 2, at(0, 9), "solved")
            try message(1002, "inbound", at(0, 9), text: "My parcel never arrived. Where is my parcel?")
            try message(1002, "outbound", at(0, 9.5), from: "Ada")
            try status(1002, at(0, 9.5), "new", "open", by: "Ada")
            try status(1002, at(0, 10), "open", "solved", by: "Ada")
            try message(1002, "inbound", at(1, 9), text: "Still nothing, my parcel is lost")
            try status(1002, at(1, 9), "solved", "open", by: "inbox")
            try message(1002, "outbound", at(1, 10), from: "Ben")
            try status(1002, at(1, 12), "open", "solved", by: "Ben")
            try tag(1002, "delivery")
            try tag(1002, "refund")

            // #1003, the same customer on Wednesday 14:00 (a repeat contact within 7 days of
            // #1002's solve); no reply yet.
            try ticket(1003, 2, at(2, 14), "new")
            try message(
                1003, "inbound", at(2, 14), text: "Zwrot pieniędzy: paczka uszkodzona, proszę o zwrot pieniędzy.")

            // #1004, Tuesday 09:00; Ada answers 10:00 (1h) and sets pending. An out-of-office
            // from the customer on Wednesday is not a customer message.
            try ticket(1004, 3, at(1, 9), "pending")
            try message(1004, "inbound", at(1, 9), text: "Refund for damaged parcel, the parcel arrived damaged.")
            try message(1004, "outbound", at(1, 10), from: "Ada")
            try status(1004, at(1, 10), "new", "pending", by: "Ada")
            try message(1004, "inbound", at(2, 8), text: "I am out of office", automatic: true)
            try tag(1004, "refund")

            // #1005, Saturday 10:00, answered Saturday 11:00: no business time at all.
            try ticket(1005, 4, at(5, 10), "open")
            try message(1005, "inbound", at(5, 10), text: "Damaged parcel again, refund please.")
            try message(1005, "outbound", at(5, 11), from: "Ada")
            try status(1005, at(5, 11), "new", "open", by: "Ada")
            try tag(1005, "refund")

            // #1006 is spam: counted nowhere.
            try ticket(1006, 5, at(1, 3), "spam")
            try message(1006, "inbound", at(1, 3), text: "Cheap parcel parcel parcel")
            try tag(1006, "refund")
        }
        return try EngineCopy.reading(db, on: engine)
    }

    static func report(on engine: StoreEngineKind, queue: String? = nil, agent: String? = nil) throws -> Report {
        try ReportBuilder(database: make(engine), config: config).build(
            ReportRange(since: since, until: until, queue: queue, agent: agent), now: now)
    }
}

@Suite struct ReportMetricTests {
    @Test(arguments: EngineStore.engines) func volumeCountsCreatedSolvedReopenedAndMessages(_ engine: StoreEngineKind)
        throws
    {
        let r = try ReportFixture.report(on: engine)
        #expect(r.volume.created == 5)
        #expect(r.volume.solved == 2)
        #expect(r.volume.reopened == 1)
        #expect(r.tickets(ReportDrill.reopened) == [1002])
        #expect(r.tickets(ReportDrill.created) == [1001, 1002, 1003, 1004, 1005])
        // Six customer messages; the out-of-office and the spam are not.
        #expect(r.volume.incoming == 6)
        // Ada 4, Ben 1; the auto-reply is not a reply.
        #expect(r.volume.replies == 5)
        #expect(r.volume.createdSeries == [1, 1, 1, 0, 1, 1, 0, 0, 0] && r.volume.seriesStep == "day")
    }

    @Test(arguments: EngineStore.engines) func firstResponseAndResolutionInBusinessHours(_ engine: StoreEngineKind)
        throws
    {
        let r = try ReportFixture.report(on: engine)
        // 0 (weekend), 30m, 1h, 2h (across the weekend, the auto-reply ignored); #1003 waits.
        #expect(r.firstResponse == DurationStats(count: 4, median: 2700, p90: 7200, waiting: 1))
        // 3h and 11h; three created tickets are not solved.
        #expect(r.resolution == DurationStats(count: 2, median: 25200, p90: 39600, waiting: 3))
        #expect(r.tickets(ReportDrill.firstResponseWaiting) == [1003])
    }

    @Test(arguments: EngineStore.engines) func slaComplianceComesFromTheEngine(_ engine: StoreEngineKind) throws {
        let r = try ReportFixture.report(on: engine)
        let byTarget = Dictionary(uniqueKeysWithValues: r.sla.map { ($0.target, $0) })
        // First response: #1003 breached (due Thursday 10:00), the others in time.
        #expect(
            byTarget[.firstResponse]
                == SLACompliance(target: .firstResponse, clocks: 5, met: 4, breached: 1, open: 0, compliance: 0.8))
        // Next response: #1002's second question, answered in 1h.
        #expect(
            byTarget[.nextResponse]
                == SLACompliance(target: .nextResponse, clocks: 1, met: 1, breached: 0, open: 0, compliance: 1))
        // Resolution: #1001 and #1002 in time, #1004 paused (pending), #1003 and #1005 past 24h.
        #expect(
            byTarget[.resolution]
                == SLACompliance(target: .resolution, clocks: 5, met: 2, breached: 2, open: 1, compliance: 0.5))
        #expect(r.tickets(ReportDrill.slaBreached(.resolution)) == [1003, 1005])
    }

    @Test(arguments: EngineStore.engines) func backlogByStatusAndAge(_ engine: StoreEngineKind) throws {
        let r = try ReportFixture.report(on: engine)
        #expect(r.backlog.total == 4)
        #expect(
            r.backlog.byStatus == [
                ReportCount("new", 1), ReportCount("open", 2), ReportCount("pending", 1), ReportCount("on_hold", 0),
            ])
        #expect(
            r.backlog.byAge == [
                ReportCount("<1d", 0), ReportCount("1-3d", 0), ReportCount("3-7d", 2), ReportCount("7-30d", 2),
                ReportCount(">30d", 0),
            ])
        #expect(r.tickets(ReportDrill.backlogStatus("open")) == [999, 1005])
    }

    @Test(arguments: EngineStore.engines) func heatmapInTheCalendarsTimeZone(_ engine: StoreEngineKind) throws {
        let r = try ReportFixture.report(on: engine)
        let m = r.busiestHours
        #expect(m.total == 6)
        #expect(
            m.counts[0][9] == 1 && m.counts[1][9] == 2 && m.counts[2][14] == 1 && m.counts[4][16] == 1
                && m.counts[5][10] == 1)
        #expect(m.peak?.weekday == 1 && m.peak?.hour == 9)
        // In Europe/Oslo (UTC+1 in November) everything moves one hour later.
        var oslo = ReportFixture.config
        oslo.sla?.timezone = "Europe/Oslo"
        let o = try ReportBuilder(database: ReportFixture.make(engine), config: oslo).build(
            ReportRange(since: ReportFixture.since, until: ReportFixture.until), now: ReportFixture.now)
        #expect(o.busiestHours.counts[1][10] == 2 && o.busiestHours.counts[4][17] == 1)
    }

    @Test(arguments: EngineStore.engines) func complaintsTagsWordsAndPairs(_ engine: StoreEngineKind) throws {
        let r = try ReportFixture.report(on: engine)
        #expect(r.complaints.messages == 5)
        #expect(r.complaints.tags == [ReportTerm("refund", 3), ReportTerm("delivery", 2)])
        #expect(
            r.complaints.words == [
                ReportTerm("parcel", 3), ReportTerm("arrived", 2), ReportTerm("damaged", 2), ReportTerm("refund", 2),
            ])
        #expect(r.complaints.pairs == [ReportTerm("damaged parcel", 2)])
    }

    @Test(arguments: EngineStore.engines) func repeatContactsWithinSevenDaysOfASolve(_ engine: StoreEngineKind) throws {
        let r = try ReportFixture.report(on: engine)
        #expect(r.repeatContacts.customers == 2 && r.repeatContacts.repeated == 1 && r.repeatContacts.share == 0.5)
        #expect(r.repeatContacts.contacts.map { [$0.solvedTicket, $0.newTicket] } == [[1002, 1003]])
        #expect(r.repeatContacts.contacts.first?.customer == "bob@example.com")
    }

    @Test(arguments: EngineStore.engines) func perAgentThroughput(_ engine: StoreEngineKind) throws {
        let r = try ReportFixture.report(on: engine)
        #expect(
            r.agents == [
                AgentRow(agent: "Ada", replies: 4, solved: 1, firstResponses: 4, medianFirstResponse: 2700),
                AgentRow(agent: "Ben", replies: 1, solved: 1, firstResponses: 0, medianFirstResponse: nil),
            ])
    }

    @Test(arguments: EngineStore.engines) func agentAndQueueFilters(_ engine: StoreEngineKind) throws {
        let r = try ReportFixture.report(on: engine, agent: "nobody")
        #expect(r.volume.created == 0 && r.agents.isEmpty)
        #expect(throws: InboxError.self) { try ReportFixture.report(on: engine, queue: "Returns") }
        #expect(try ReportFixture.report(on: engine, queue: "support").volume.created == 5)
    }

    @Test func statisticsAndDates() throws {
        #expect(ReportStatistics.median([5, 1, 3]) == 3)
        #expect(ReportStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(ReportStatistics.percentile(Array(1...10).map(Double.init), 0.9) == 9)
        #expect(ReportStatistics.percentile([7], 0.9) == 7)
        #expect(ReportStatistics.median([]) == nil)
        let utc = TimeZone(identifier: "UTC")!
        let now = ReportFixture.now
        #expect(try ReportDate.parse("2026-11-02", timeZone: utc, now: now) == ReportFixture.since)
        #expect(try ReportDate.parse("2026-11-10", timeZone: utc, now: now, endOfDay: true) == ReportFixture.until)
        #expect(
            try ReportDate.parse("2026-11-02T09:30", timeZone: utc, now: now).timeIntervalSince1970 == ReportFixture
                .monday + 9.5 * 3600)
        #expect(try ReportDate.parse("10d", timeZone: utc, now: now) == ReportFixture.since)
        #expect {
            try ReportDate.parse("last tuesday", timeZone: utc, now: now)
        } throws: { ($0 as? InboxError)?.description.contains("2026-03-01") == true }
    }
}

/// The text report of the hand-built week at 80 columns, as an agent's terminal shows it. To
/// update it, run the test and copy the "actual" text from the failure message after reviewing it.
@Suite struct ReportTextSnapshotTests {
    @Test(arguments: EngineStore.engines) func textReportAt80Columns(_ engine: StoreEngineKind) throws {
        let text = ReportText.render(try ReportFixture.report(on: engine), width: 80)
        for line in text.split(separator: "\n") {
            #expect(line.unicodeScalars.count <= 80, "wider than 80 columns: \(line)")
        }
        #expect(text == Self.expected, "actual:\n\(text)")
    }

    static let expected = #"""
        Report 2026-11-02 – 2026-11-10 · all queues
        Business hours: Mon-Fri 09:00-17:00 (GMT) · backlog as of 2026-11-11 00:00

        VOLUME
          Tickets created       5  ████████████████████████████████████████
          Tickets solved        2  ████████████████
          Reopened              1  ████████
          Messages in           6   replies out      5
          Created per day  ███▁██▁▁▁

        RESPONSE TIMES (business hours)      median       p90   measured   waiting
          First response                         45m    2h 00m          4         1
          Resolution                          7h 00m   11h 00m          2         3

        SLA COMPLIANCE                    met  breached   open  compliance
          First response  ████████░░        4         1      0         80%
          Next response   ██████████        1         0      0        100%
          Resolution      █████░░░░░        2         2      1         50%

        BACKLOG (4 tickets)
          new          1 ██████████▌              <1d          0
          open         2 █████████████████████    1-3d         0
          pending      1 ██████████▌              3-7d         2 █████████████████████
          on_hold      0                          7-30d        2 █████████████████████
                                                  >30d         0

        BUSIEST HOURS (messages in, GMT)
               00    03    06    09    12    15    18    21
          Mon  ··················▒▒····························       1
          Tue  ··················██····························       2
          Wed  ····························▒▒··················       1
          Thu  ················································       0
          Fri  ································▒▒··············       1
          Sat  ····················▒▒··························       1
          Sun  ················································       0
          Peak: Tue 09:00 (2 messages)   · ░▒▓█ = up to ¼ ½ ¾ max

        COMMON COMPLAINTS (5 first messages)
          #refund                    3  ████████████████████████████████████████████
          #delivery                  2  █████████████████████████████▍
          Words                                   Word pairs
          parcel                               3  damaged parcel                       2
          arrived                              2
          damaged                              2
          refund                               2

        REPEAT CONTACTS (new ticket within 7 days of a solved one)
          1 of 2 customers with a solved ticket came back (50%)
          bob@example.com                   #1002 solved 2026-11-03 → #1003

        AGENTS                         replies    solved   first responses   median
          Ada                                 4         1                 4      45m
          Ben                                 1         1                 0        –
        """# + "\n"
}
