import Foundation
import InboxCore
import InboxMail

/// Builders for the store tests that ingest hand-made messages into an in-memory database
/// (RulesTests, WorkflowStoreTests, Issue18WorkflowTests, SurveyStoreTests): one database,
/// one message shape, one SLA.
public enum StoreFixture {
    /// 2026-11-02 08:00Z, a Monday (11:00 in Istanbul).
    public static let monday: Double = 1_793_606_400

    /// The SLA of the workflow tests: around the clock in UTC, 4h first response, 8h next, 3 days to solve.
    public static let aroundTheClockSLA = SLASettings(
        calendar: "24/7", timezone: "UTC", first_response: "4h", next_response: "8h", resolution: "3d")

    /// Ada, the agent of most store tests.
    public static let ada = InboxConfig.Agent(name: "Ada", email: "ada@shop.example")

    /// Support (support@shop.example), the default queue.
    public static let supportQueue = InboxConfig.Queue(
        name: "Support", addresses: ["support@shop.example"], default: true)

    /// A suite's config: `agent` (Ada), `agents` (none), `queues` (Support), then `adjust` sets
    /// the rest (the SLA, surveys, shops, channels).
    public static func config(
        agent: InboxConfig.Agent = ada, agents: [InboxConfig.Agent]? = nil,
        queues: [InboxConfig.Queue] = [supportQueue],
        _ adjust: (inout InboxConfig) -> Void = { _ in }
    ) -> InboxConfig {
        var c = InboxConfig(agent: agent, agents: agents, queue: queues)
        adjust(&c)
        return c
    }

    /// An empty in-memory database with `config`'s queues.
    public static func database(_ config: InboxConfig) throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.syncQueues(config)
        return db
    }

    /// A message as the parser would give it: `id` as Message-ID, plain `text`, raw bytes that
    /// hold the Message-ID and From lines and the text. `spans` adds the parser's quote and
    /// signature spans of the text.
    public static func message(
        _ id: String, from: String, name: String? = nil, to: String, subject: String, inReplyTo: [String] = [],
        date: Double, text: String, loop: LoopHeaders = LoopHeaders(), spans: [TextSpan] = []
    ) -> IncomingMessage {
        var p = ParsedMessage(
            messageID: id, inReplyTo: inReplyTo, from: MailAddress(name: name, address: from),
            to: [MailAddress(address: to)],
            date: Date(timeIntervalSince1970: date), subject: subject, text: text, loop: loop)
        p.spans = spans
        let raw = Array("Message-ID: \(id)\nFrom: \(from)\n\n\(text)".utf8)
        return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
    }

    /// `mail` (an RFC 5322 text, such as ``MailFactory/message(id:from:to:subject:date:inReplyTo:references:extraHeaders:body:)``
    /// builds) as the import hands it to ingest: its bytes, their digest and what the parser reads.
    public static func incoming(_ mail: String) -> IncomingMessage {
        let raw = Array(mail.utf8)
        return IncomingMessage(
            raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test")
    }

    /// The messages of one suite: its usual sender, address, subject and text, each replaceable
    /// per message (`msg("b@x", from: "bob@example.com", date: base + 60)`). `spans` gives every
    /// message the parser's quote and signature spans of its text.
    public struct Messages: Sendable {
        public var from: String
        public var to: String
        public var subject: String
        public var text: String
        public var spans: Bool

        public init(from: String, to: String, subject: String, text: String, spans: Bool = false) {
            self.from = from
            self.to = to
            self.subject = subject
            self.text = text
            self.spans = spans
        }

        public func callAsFunction(
            _ id: String, from: String? = nil, name: String? = nil, to: String? = nil, subject: String? = nil,
            inReplyTo: [String] = [], date: Double, text: String? = nil, loop: LoopHeaders = LoopHeaders()
        ) -> IncomingMessage {
            let subject = subject ?? self.subject
            let text = text ?? self.text
            return StoreFixture.message(
                id, from: from ?? self.from, name: name, to: to ?? self.to, subject: subject, inReplyTo: inReplyTo,
                date: date, text: text, loop: loop,
                spans: spans ? MessageParser.textSpans(text, subject: subject) : [])
        }
    }

    /// The resolution clock (8 business hours, Mon–Fri 09–17 UTC) of a ticket opened Monday 09:00,
    /// 17 days and 6 hours later: as it runs, and paused (the ticket went pending a minute before
    /// `now`). Both are long overdue; issue 18 wants one "overdue by" figure for the two.
    public static func overdueResolutionClocks() throws -> (running: SLAClock, paused: SLAClock, now: Date) {
        let cal = try BusinessCalendar.parse("Mon-Fri 09:00-17:00", timeZone: "UTC")
        let policy = SLAPolicy(name: "b", calendar: cal, resolution: 8 * 3600, warning: 0)
        let created = Date(timeIntervalSince1970: monday + 3600)  // Mon 09:00Z
        let now = created.addingTimeInterval(17 * 86400 + 6 * 3600)
        let running = SLAHistory(
            createdAt: created, statuses: [.init(at: created, status: .open)],
            messages: [.init(at: created, inbound: true)])
        var paused = running
        paused.statuses.append(.init(at: now.addingTimeInterval(-60), status: .pending))
        guard let a = SLAEngine.evaluate(running, policy: policy, now: now).open(.resolution),
            let b = SLAEngine.evaluate(paused, policy: policy, now: now).open(.resolution)
        else { throw HarnessError("no open resolution clock") }
        return (a, b, now)
    }
}

/// A suite of store tests over one config: an empty database with its queues (``makeDB()``)
/// and the time its messages start at (``base``, Monday 08:00Z).
public protocol StoreSuite {
    var config: InboxConfig { get }
}

extension StoreSuite {
    public var base: Double { StoreFixture.monday }

    public func makeDB() throws -> AppDatabase { try StoreFixture.database(config) }
}
