import Foundation
import GRDB

/// The customer's rating of a ticket: the answer to its latest answered survey (docs/surveys.md).
public struct Satisfaction: Codable, Sendable, Equatable {
    /// 1 (bad) … 5 (very good).
    public var score: Int
    /// The rest of the customer's new text; empty when there was none.
    public var comment: String
    /// When the answer arrived.
    public var at: Date

    public init(score: Int, comment: String, at: Date) {
        self.score = score
        self.comment = comment
        self.at = at
    }
}

/// A solved ticket whose survey is due (``AppDatabase/dueSurveys(_:now:)``), read as the
/// store's query names its columns.
public struct SurveyCandidate: Sendable, Equatable, Decodable, FetchableRecord {
    public var ticketID: Int64
    public var solvedAt: Double
    public var customer: String
    public var queue: String
    public var assignee: String?

    enum CodingKeys: String, CodingKey {
        case customer, queue, assignee
        case ticketID = "ticket_id"
        case solvedAt = "solved_at"
    }
}

/// An order whose follow-up is due (``AppDatabase/dueFollowups(_:now:)``): the ticket it goes out on.
public struct FollowupCandidate: Sendable, Equatable, Decodable, FetchableRecord {
    public var orderID: Int64
    public var orderNumber: String
    public var ticketID: Int64
    public var queue: String
    public var deliveredAt: Double

    enum CodingKeys: String, CodingKey {
        case queue
        case orderID = "order_id"
        case orderNumber = "order_number"
        case ticketID = "ticket_id"
        case deliveredAt = "delivered_at"
    }
}

/// One survey row for reports: when it went out, to whom, and its answer if any.
struct SurveyRecord: Sendable, StoreRow {
    var ticketID: Int64
    var customer: String
    var agent: String?
    var queue: String
    /// The ticket's tags as the query joins them (U+001F between names).
    private var tagNames: String?
    var sentAt: Double
    var score: Int?
    var comment: String?
    var answeredAt: Double?

    /// The ticket's tags, sorted.
    var tags: [String] { (tagNames ?? "").split(separator: "\u{1F}").map(String.init).sorted() }
}

/// What ``AppDatabase/surveyBlocker(_:_:_:now:)`` reads of the ticket now.
private struct SolvedTicketNow: StoreRow {
    var status: TicketStatus
    /// As stored, to compare with the candidate's exactly.
    var solvedAt: Double?
    var mergedIntoID: Int64?
}

/// Satisfaction surveys and follow-ups (DESIGN §17, docs/surveys.md), on either engine (the
/// store seam).
extension AppDatabase {
    /// Solves older than this past the delay get no survey: turning surveys on does not mail
    /// every customer of the last years.
    public static let surveyMaxLateness: TimeInterval = 7 * 86_400

    /// Solved tickets whose survey is due at `now`: solved (by a status change, not an archive
    /// import) at least `delay` ago and at most a week later than that, not merged, with a
    /// customer who wrote to us (not only automatic mail), of a queue the survey covers, whose
    /// customer had no survey within `min_days_between`, and with no survey for this solve yet.
    public func dueSurveys(_ settings: SurveySettings, now: Date) throws -> [SurveyCandidate] {
        try due(
            """
            SELECT t.id AS ticket_id, t.solved_at, c.address AS customer, q.name AS queue,
                COALESCE(t.assignee, (SELECT e.actor FROM event e WHERE e.ticket_id = t.id AND e.kind = 'status'
                                      AND e.new_value = 'solved' ORDER BY e.at DESC, e.id DESC LIMIT 1)) AS assignee
            FROM ticket t
            JOIN queue q ON q.id = t.queue_id JOIN customer c ON c.id = t.customer_id
            WHERE t.status = 'solved' AND t.solved_at IS NOT NULL AND t.solved_at <= ? AND t.solved_at > ?
              AND t.merged_into_id IS NULL AND c.failing = 0
              AND NOT EXISTS (SELECT 1 FROM survey s WHERE s.ticket_id = t.id AND s.solved_at = t.solved_at)
            ORDER BY t.solved_at, t.id
            """, delay: settings.delay, now: now
        ) { db, c in
            try settings.covers(queue: c.queue) && Self.surveyBlocker(db, c, settings, now: now) == nil
        }
    }

    /// The rows of `sql` that are due at `now`: its two placeholders are the latest time due
    /// (`delay` before `now`) and the earliest (``surveyMaxLateness`` before that). `keep`
    /// checks each row inside the same read.
    private func due<Due: FetchableRecord>(
        _ sql: String, delay: TimeInterval, now: Date,
        keep: (any StoreConnection, Due) throws -> Bool = { _, _ in true }
    ) throws -> [Due] {
        let latest = now.timeIntervalSince1970 - delay
        return try snapshot { db in
            try db.records(Due.self, sql, [latest, latest - Self.surveyMaxLateness]).filter { try keep(db, $0) }
        }
    }

    /// Why `c` gets no survey now, or nil when it may have one. Asked again inside the
    /// transaction that queues it, so two ticks at once never send two.
    static func surveyBlocker(
        _ db: any StoreConnection, _ c: SurveyCandidate, _ settings: SurveySettings, now: Date
    ) throws -> String? {
        guard
            let ticket = try db.record(
                SolvedTicketNow.self, "SELECT status, solved_at, merged_into_id FROM ticket WHERE id = ?", [c.ticketID])
        else { return "the ticket is gone" }
        if ticket.status != .solved { return "the ticket is \(ticket.status.rawValue) now" }
        if ticket.solvedAt != c.solvedAt { return "the ticket was reopened and solved again" }
        if ticket.mergedIntoID != nil { return "the ticket was merged" }
        let solvedByChange =
            try db.value(
                Int.self,
                "SELECT 1 FROM event WHERE ticket_id = ? AND kind = 'status' AND new_value = 'solved' LIMIT 1",
                [c.ticketID]) != nil
        if !solvedByChange { return "the ticket was imported as solved" }
        let person =
            try db.value(
                Int.self,
                """
                SELECT 1 FROM message WHERE ticket_id = ? AND direction = 'inbound' AND automatic = 0 AND bounce = 0
                    AND from_address = ? LIMIT 1
                """, [c.ticketID, c.customer]) != nil
        if !person { return "the customer never wrote (automatic mail only)" }
        let since = now.timeIntervalSince1970 - Double(settings.minDaysBetween) * 86_400
        if try db.value(
            Int.self, "SELECT 1 FROM survey WHERE customer = ? AND sent_at > ? LIMIT 1", [c.customer, since])
            != nil
        {
            return "the customer had a survey in the last \(settings.minDaysBetween) days"
        }
        return nil
    }

    /// Queues the survey `reply` for `c` and records it, in one transaction: both or neither
    /// survive a crash, and a second run finds the record and queues nothing. Returns the
    /// outbox id, or nil when the survey is no longer due (reopened, answered meanwhile,
    /// another survey to the customer). The ticket keeps its status.
    public func queueSurvey(
        _ c: SurveyCandidate, reply: QueuedReply, language: String?, settings: SurveySettings, now: Date
    ) throws -> Int64? {
        try transaction { db in
            if try db.value(Int.self, "SELECT 1 FROM survey WHERE message_id = ?", [reply.messageID]) != nil {
                return nil
            }
            if try Self.surveyBlocker(db, c, settings, now: now) != nil { return nil }
            let outboxID = try Self.insertOutgoing(
                db, reply, queueID: Self.ticketRow(on: db, c.ticketID).queueID, undoWindow: 0, now: now,
                automatic: true,
                reason: "our survey")
            let survey = SentSurveyRecord(
                id: nil, ticketID: c.ticketID, customer: c.customer, solvedAt: c.solvedAt, messageID: reply.messageID,
                subject: reply.subject, language: language, agent: c.assignee, queue: c.queue, outboxID: outboxID,
                sentAt: now, score: nil, comment: nil, answeredAt: nil, answerMessageID: nil)
            try db.insert(survey)
            try Self.logEvent(
                on: db, ticket: c.ticketID, actor: reply.agent, at: now, kind: "survey", old: nil, new: reply.messageID,
                detail: reply.template)
            return outboxID
        }
    }

    /// The survey a reply answers: the one whose Message-ID is among `ids` (In-Reply-To,
    /// References), else, for a mail program that dropped those headers, the ticket's latest
    /// survey when the reply's subject holds the survey's. Inside the ingest transaction.
    static func answeredSurvey(_ db: any StoreConnection, ids: [String], ticket: Int64, subject: String) throws
        -> SentSurveyRecord.Ref?
    {
        for id in ids.reversed() {
            if let r = try db.rowsHot("SELECT id, ticket_id, subject FROM survey WHERE message_id = ?", [id])
                .first
            {
                return try SentSurveyRecord.Ref(row: r)
            }
        }
        guard
            let r = try db.rowsHot(
                "SELECT id, ticket_id, subject FROM survey WHERE ticket_id = ? ORDER BY sent_at DESC, id DESC LIMIT 1",
                [ticket]
            ).first.map(SentSurveyRecord.Ref.init(row:))
        else { return nil }
        let ours = SubjectCleaner.clean(r.subject).lowercased()
        guard !ours.isEmpty, SubjectCleaner.clean(subject).lowercased().contains(ours) else { return nil }
        return r
    }

    /// Stores an answer (a later answer replaces an earlier one) with a `satisfaction` event.
    static func recordSurveyAnswer(
        _ db: any StoreConnection, survey: Int64, ticket: Int64, answer: SurveyAnswer, messageID: String?,
        actor: String, at: Date
    ) throws {
        try db.exec(
            "UPDATE survey SET score = ?, comment = ?, answered_at = ?, answer_message_id = ? WHERE id = ?",
            [answer.score, answer.comment.withoutNUL, at.timeIntervalSince1970, messageID, survey])
        try logEvent(
            on: db, ticket: ticket, actor: actor, at: at, kind: "satisfaction", old: nil, new: String(answer.score),
            detail: answer.comment.isEmpty ? nil : Snippet.make(answer.comment, limit: 60))
    }

    /// How many surveys were sent (queued) so far.
    public func surveyCount() throws -> Int {
        try snapshot { db in try db.value(Int.self, "SELECT COUNT(*) FROM survey") ?? 0 }
    }

    /// The ticket's rating: its latest answered survey, or nil.
    public func satisfaction(ticket: Int64) throws -> Satisfaction? {
        try snapshot { db in try Self.satisfaction(db, ticket: ticket) }
    }

    static func satisfaction(_ db: any StoreConnection, ticket: Int64) throws -> Satisfaction? {
        try latestAnswer(db, "ticket_id = ?", [ticket])?.satisfaction
    }

    /// The latest answered survey of those `condition` (on `survey`) selects.
    private static func latestAnswer(_ db: any StoreConnection, _ condition: String, _ arguments: StoreArguments)
        throws -> SentSurveyRecord?
    {
        try db.record(
            SentSurveyRecord.self,
            "SELECT * FROM survey WHERE \(condition) AND score IS NOT NULL ORDER BY answered_at DESC NULLS LAST, id DESC LIMIT 1",
            arguments)
    }

    /// The customer's latest rating over all their tickets, with its ticket (the TUI's customer pane).
    public func customerSatisfaction(address: String) throws -> (ticket: Int64, rating: Satisfaction)? {
        try snapshot { db in
            guard
                let s = try Self.latestAnswer(db, "customer = ?", [address.lowercased()]),
                let rating = s.satisfaction
            else { return nil }
            return (s.ticketID, rating)
        }
    }

    /// Surveys sent in the range (of `queue`, of tickets assigned to `agent` when set), with
    /// their answers and the ticket's tags, for the report.
    func surveyRecords(_ range: ReportRange) throws -> [SurveyRecord] {
        try snapshot { db in
            var sql = """
                SELECT s.ticket_id, s.customer, s.agent, s.queue, s.sent_at, s.score, s.comment, s.answered_at,
                    \(db.tagNames(of: "s.ticket_id")) AS tag_names
                FROM survey s WHERE s.sent_at >= ? AND s.sent_at < ?
                """
            var args: StoreArguments = [range.since.timeIntervalSince1970, range.until.timeIntervalSince1970]
            if let queue = range.queue {
                sql += " AND " + db.asciiNoCaseEquals("s.queue")
                args = args + [queue]
            }
            if let agent = range.agent {
                sql += " AND " + db.asciiNoCaseEquals("s.agent")
                args = args + [agent]
            }
            return try db.records(SurveyRecord.self, sql + " ORDER BY s.sent_at, s.id", args)
        }
    }

    // MARK: - Follow-ups

    /// Orders whose last shipment was delivered at least `delay` ago (at most a week later than
    /// that) and that have no follow-up yet, each with the newest ticket linked to it (the
    /// follow-up goes out on that ticket, in its queue and its customer's language). Orders
    /// without a linked ticket are left out.
    public func dueFollowups(_ settings: FollowupSettings, now: Date) throws -> [FollowupCandidate] {
        try due(
            """
            SELECT o.id AS order_id, o.number AS order_number, d.delivered AS delivered_at, t.id AS ticket_id, q.name AS queue
            FROM shop_order o
            JOIN (SELECT order_id, MAX(delivered_at) AS delivered, COUNT(*) AS n, COUNT(delivered_at) AS done
                  FROM shipment GROUP BY order_id) d ON d.order_id = o.id
            JOIN ticket t ON t.id = (SELECT tor.ticket_id FROM ticket_order tor JOIN ticket t2 ON t2.id = tor.ticket_id
                                     WHERE tor.order_id = o.id AND tor.hidden = 0 AND t2.status NOT IN ('spam', 'merged')
                                     ORDER BY t2.created_at DESC LIMIT 1)
            JOIN queue q ON q.id = t.queue_id
            WHERE d.n = d.done AND d.delivered <= ? AND d.delivered > ? AND o.cancelled_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.order_id = o.id)
            ORDER BY d.delivered, o.id
            """, delay: settings.delay, now: now)
    }

    /// Queues the follow-up `reply` for order `c` and records it in one transaction; nil when
    /// the order already has one (a second tick queues nothing).
    public func queueFollowup(_ c: FollowupCandidate, reply: QueuedReply, template: String, now: Date) throws -> Int64?
    {
        try transaction { db in
            if try db.value(Int.self, "SELECT 1 FROM followup WHERE order_id = ?", [c.orderID]) != nil { return nil }
            let outboxID = try Self.insertOutgoing(
                db, reply, queueID: Self.ticketRow(on: db, c.ticketID).queueID, undoWindow: 0, now: now,
                automatic: true,
                reason: "our follow-up for order \(c.orderNumber)")
            try db.insert(
                FollowupRecord(
                    orderID: c.orderID, ticketID: c.ticketID, template: template, messageID: reply.messageID,
                    outboxID: outboxID, queuedAt: now))
            try Self.logEvent(
                on: db, ticket: c.ticketID, actor: reply.agent, at: now, kind: "followup", old: nil,
                new: reply.messageID,
                detail: "order \(c.orderNumber), template \(template)")
            return outboxID
        }
    }
}
