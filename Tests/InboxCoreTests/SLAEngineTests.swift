import Foundation
import Testing

@testable import InboxCore

/// SLA clocks against due times computed by hand (docs/workflow.md).
@Suite struct SLAEngineTests {
    /// An ISO 8601 UTC instant.
    func t(_ s: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: s)!
    }

    func calendar(_ zone: String, _ spec: String = "Mon-Fri 09:00-17:00", holidays: [String] = []) throws
        -> BusinessCalendar
    {
        try BusinessCalendar.parse(spec, timeZone: zone, holidays: holidays)
    }

    func policy(_ cal: BusinessCalendar, first: String? = "4h", next: String? = nil, resolution: String? = nil) throws
        -> SLAPolicy
    {
        SLAPolicy(
            name: "test", calendar: cal,
            firstResponse: try first.map { try SLADuration.parse($0, dayLength: cal.dayLength) },
            nextResponse: try next.map { try SLADuration.parse($0, dayLength: cal.dayLength) },
            resolution: try resolution.map { try SLADuration.parse($0, dayLength: cal.dayLength) }, warning: 1800)
    }

    func history(_ created: Date, statuses: [(String, TicketStatus)] = [], messages: [(String, Bool)] = [])
        -> SLAHistory
    {
        SLAHistory(
            createdAt: created,
            statuses: [.init(at: created, status: .new)] + statuses.map { .init(at: t($0.0), status: $0.1) },
            messages: [.init(at: created, inbound: true)] + messages.map { .init(at: t($0.0), inbound: $0.1) })
    }

    @Test func weekendIsNotCounted() throws {
        // Fri 6 Nov 2026 15:00 Oslo (UTC+1): 2 h on Friday, 2 h from Monday 09:00 → Mon 11:00 = 10:00Z.
        let cal = try calendar("Europe/Oslo")
        #expect(cal.adding(4 * 3600, to: t("2026-11-06T14:00:00Z")) == t("2026-11-09T10:00:00Z"))
        #expect(cal.businessSeconds(from: t("2026-11-06T14:00:00Z"), to: t("2026-11-09T10:00:00Z")) == 4 * 3600)
        let r = SLAEngine.evaluate(
            history(t("2026-11-06T14:00:00Z")), policy: try policy(cal), now: t("2026-11-07T12:00:00Z"))
        let c = try #require(r.open(.firstResponse))
        #expect(c.state == .running && c.due == t("2026-11-09T10:00:00Z") && !c.breached)
        #expect(c.spent == 2 * 3600)
        #expect(r.warnAt == t("2026-11-09T09:30:00Z"))
    }

    @Test func holidaysAreSkipped() throws {
        // Wed 23 Dec 16:00 Oslo: 1 h; 24–25 Dec holidays, weekend; Mon 28 Dec 09:00 + 3 h = 12:00 = 11:00Z.
        let cal = try calendar("Europe/Oslo", holidays: ["2026-12-24", "2026-12-25"])
        #expect(cal.adding(4 * 3600, to: t("2026-12-23T15:00:00Z")) == t("2026-12-28T11:00:00Z"))
        #expect(!cal.isOpen(at: t("2026-12-24T10:00:00Z")))
        // A due time exactly at closing stays at closing.
        #expect(cal.adding(3600, to: t("2026-12-23T15:00:00Z")) == t("2026-12-23T16:00:00Z"))
    }

    @Test func timeZonesDecideTheOpeningHours() throws {
        // Tue 3 Nov 2026 05:00Z is 08:00 in Istanbul (UTC+3, no DST): opens at 09:00 = 06:00Z, +2 h = 08:00Z.
        let istanbul = try calendar("Europe/Istanbul", "Mon-Fri 09:00-18:00")
        #expect(istanbul.adding(2 * 3600, to: t("2026-11-03T05:00:00Z")) == t("2026-11-03T08:00:00Z"))
        // The same instant is midnight in New York (EST since 1 Nov): opens 09:00 = 14:00Z, +2 h = 16:00Z.
        let newYork = try calendar("America/New_York")
        #expect(newYork.adding(2 * 3600, to: t("2026-11-03T05:00:00Z")) == t("2026-11-03T16:00:00Z"))
        // Wall clock: a marketplace's 24 h are 24 real hours, nights and weekends included.
        let wall = try BusinessCalendar.parse("24/7", timeZone: "Europe/Berlin")
        #expect(wall.adding(24 * 3600, to: t("2026-11-06T20:00:00Z")) == t("2026-11-07T20:00:00Z"))
    }

    @Test func daylightSavingChanges() throws {
        // Berlin: Fri 27 Mar 2026 16:00 CET (15:00Z): 1 h Friday; clocks go forward on Sunday 29 Mar;
        // Mon 30 Mar 09:00 CEST = 07:00Z, + 3 h = 10:00Z.
        let berlin = try calendar("Europe/Berlin")
        #expect(berlin.adding(4 * 3600, to: t("2026-03-27T15:00:00Z")) == t("2026-03-30T10:00:00Z"))
        // New York: Fri 6 Mar 16:00 EST (21:00Z): 1 h; DST starts Sun 8 Mar; Mon 9 Mar 09:00 EDT = 13:00Z, + 3 h = 16:00Z.
        let newYork = try calendar("America/New_York")
        #expect(newYork.adding(4 * 3600, to: t("2026-03-06T21:00:00Z")) == t("2026-03-09T16:00:00Z"))
        // Mon 16 Mar 13:00Z, between the two changes (New York 09:00 EDT, Berlin 14:00 CET):
        // New York 4 h → 13:00 EDT = 17:00Z; Berlin 3 h today, 1 h Tuesday from 09:00 CET = 08:00Z → 09:00Z.
        #expect(newYork.adding(4 * 3600, to: t("2026-03-16T13:00:00Z")) == t("2026-03-16T17:00:00Z"))
        #expect(berlin.adding(4 * 3600, to: t("2026-03-16T13:00:00Z")) == t("2026-03-17T09:00:00Z"))
        // A business day is 8 h on the short DST day too.
        #expect(berlin.businessSeconds(from: t("2026-03-27T00:00:00Z"), to: t("2026-03-31T00:00:00Z")) == 16 * 3600)
        // Wall clock across the change counts real time: 24 h after Sat 12:00Z is Sun 12:00Z.
        let wall = try BusinessCalendar.parse("24/7", timeZone: "Europe/Berlin")
        #expect(wall.adding(24 * 3600, to: t("2026-03-28T12:00:00Z")) == t("2026-03-29T12:00:00Z"))
    }

    @Test func pendingAndOnHoldPauseTheClocks() throws {
        // Mon 9 Nov 09:00 Oslo (08:00Z) new; pending at 10:00; customer answers Tue 10:00 and it reopens.
        // First response: 1 h Monday, resumes Tue 10:00 with 3 h left → 13:00 = 12:00Z.
        // Resolution 2d (16 business hours): 1 h Mon, then from Tue 10:00 15 h: Tue 7 h, Wed 8 h → Wed 17:00 = 16:00Z.
        let cal = try calendar("Europe/Oslo")
        let h = history(
            t("2026-11-09T08:00:00Z"), statuses: [("2026-11-09T09:00:00Z", .pending), ("2026-11-10T09:00:00Z", .open)],
            messages: [("2026-11-10T09:00:00Z", true)])
        let p = try policy(cal, resolution: "2d")
        let paused = SLAEngine.evaluate(h, policy: p, now: t("2026-11-09T15:00:00Z"))
        #expect(paused.open(.firstResponse)?.state == .paused)
        #expect(paused.open(.firstResponse)?.due == nil)
        #expect(paused.open(.firstResponse)?.remaining == TimeInterval(3 * 3600))
        #expect(paused.nextDue == nil)
        let running = SLAEngine.evaluate(h, policy: p, now: t("2026-11-10T10:00:00Z"))
        #expect(running.open(.firstResponse)?.due == t("2026-11-10T12:00:00Z"))
        #expect(running.open(.resolution)?.due == t("2026-11-11T16:00:00Z"))
        let kinds = running.timeline.filter { $0.metric == .firstResponse }.map(\.kind)
        #expect(kinds == [.started, .paused, .resumed])
        // On hold pauses the same way.
        let held = history(t("2026-11-09T08:00:00Z"), statuses: [("2026-11-09T09:00:00Z", .onHold)])
        #expect(
            SLAEngine.evaluate(held, policy: p, now: t("2026-11-12T08:00:00Z")).open(.firstResponse)?.state == .paused)
    }

    @Test func nextResponseResetsAfterEachReply() throws {
        // Oslo, next response 2 h. Customer Mon 09:00; agent 10:00 (first response in 1 h).
        // Customer Mon 16:00 (15:00Z): 1 h Monday + Tue 09:00–10:00 → due Tue 10:00 = 09:00Z; agent replies 09:30 (08:30Z).
        // Customer Tue 11:00 (10:00Z): a fresh 2 h → 13:00 = 12:00Z.
        let cal = try calendar("Europe/Oslo")
        let p = try policy(cal, first: "4h", next: "2h")
        let h = history(
            t("2026-11-09T08:00:00Z"), statuses: [("2026-11-09T09:00:00Z", .open)],
            messages: [
                ("2026-11-09T09:00:00Z", false), ("2026-11-09T15:00:00Z", true), ("2026-11-10T08:30:00Z", false),
                ("2026-11-10T10:00:00Z", true),
            ])
        let before = SLAEngine.evaluate(
            SLAHistory(createdAt: h.createdAt, statuses: h.statuses, messages: Array(h.messages.prefix(3))), policy: p,
            now: t("2026-11-09T16:00:00Z"))
        #expect(before.open(.nextResponse)?.due == t("2026-11-10T09:00:00Z"))
        let r = SLAEngine.evaluate(h, policy: p, now: t("2026-11-10T10:30:00Z"))
        let runs = r.clocks.filter { $0.metric == .nextResponse }
        #expect(runs.count == 2)
        #expect(runs[0].state == .met && !runs[0].breached && runs[0].spent == 1.5 * 3600)
        #expect(
            runs[1].state == .running && runs[1].due == t("2026-11-10T12:00:00Z")
                && runs[1].startedAt == t("2026-11-10T10:00:00Z"))
        let first = r.clocks.first { $0.metric == .firstResponse }
        #expect(first?.state == .met && first?.spent == 3600)
    }

    @Test func overdueAndWallClockTargets() throws {
        // Marketplace rule: reply within 24 h on the wall clock; no reply after 25 h is 1 h overdue.
        let p = SLAPolicy(name: "marketplace", calendar: .wallClock, firstResponse: 24 * 3600)
        let r = SLAEngine.evaluate(history(t("2026-11-07T10:00:00Z")), policy: p, now: t("2026-11-08T11:00:00Z"))
        let c = try #require(r.open(.firstResponse))
        #expect(c.breached && c.due == t("2026-11-08T10:00:00Z") && c.remaining == -3600)
        #expect(r.timeline.map(\.kind) == [.started, .breached])
        // Solved ends the resolution clock; a late first reply is met but breached.
        let late = history(
            t("2026-11-07T10:00:00Z"), statuses: [("2026-11-08T12:00:00Z", .solved)],
            messages: [("2026-11-08T11:00:00Z", false)])
        let r2 = SLAEngine.evaluate(late, policy: p, now: t("2026-11-09T00:00:00Z"))
        #expect(r2.clocks.first?.state == .met && r2.clocks.first?.breached == true)
        #expect(r2.nextDue == nil)
    }

    @Test func configurationIsParsedAndPicked() throws {
        var config = InboxConfig(queue: [
            .init(name: "Support", addresses: []), .init(name: "Marketplace", addresses: []),
        ])
        config.sla = SLASettings(
            calendar: "Mon-Fri 09:00-17:00", timezone: "Europe/Oslo", holidays: ["2026-12-24"], first_response: "4h",
            next_response: "8h", resolution: "3d",
            policy: [
                .init(queue: "Marketplace", calendar: "24/7", first_response: "24h"),
                .init(priority: "urgent", first_response: "1h"),
            ])
        let book = try SLAPolicyBook(config)
        let normal = try #require(book.policy(queue: "Support", priority: .normal))
        #expect(normal.firstResponse == 4 * 3600 && normal.resolution == 3 * 8 * 3600)
        #expect(book.policy(queue: "Support", priority: .urgent)?.firstResponse == 3600)
        let market = try #require(book.policy(queue: "marketplace", priority: .urgent))
        #expect(market.calendar.isWallClock && market.firstResponse == 24 * 3600 && market.resolution == 3 * 86400)
        let toml = """
            [sla]
            calendar = "Mon-Fri 09:00-17:00"
            timezone = "Mars/Olympus"
            first_response = "4h"
            """
        #expect(throws: InboxError.self) { try InboxConfig.parse(toml) }
        #expect(throws: InboxError.self) { try BusinessCalendar.parse("Mon-Fri 17:00-09:00", timeZone: nil) }
        #expect(throws: InboxError.self) { try SLADuration.parse("soon") }
        #expect(try SLADuration.parse("1h30m") == 5400)
        let full = try InboxConfig.parse(
            """
            [[queue]]
            name = "Marketplace"
            addresses = []
            [sla]
            calendar = "Mon-Fri 09:00-17:00"
            timezone = "Europe/Istanbul"
            holidays = ["2026-10-29"]
            first_response = "4h"
            warning = "30m"
            [[sla.policy]]
            queue = "Marketplace"
            calendar = "24/7"
            first_response = "24h"
            """)
        let parsed = try SLAPolicyBook(full)
        #expect(parsed.policy(queue: "Marketplace", priority: .low)?.calendar.isWallClock == true)
        #expect(parsed.policy(queue: "Other", priority: .low)?.calendar.holidays == ["2026-10-29"])
        #expect(parsed.policy(queue: "Other", priority: .low)?.warning == 1800)
    }
}
