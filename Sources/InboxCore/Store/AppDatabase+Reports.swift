import Foundation
import GRDB

/// The rows `inbox report` is computed from (DESIGN §10, docs/reports.md). Everything that can
/// be counted is counted in SQL; only message times, status events and the bounded start of
/// each first customer message come back to Swift.
struct ReportInputs: Sendable {
    struct CreatedTicket: Decodable, Sendable, FetchableRecord {
        var id: Int64
        var createdAt: Double
        var queue: String
        var priority: TicketPriority
        var firstInbound, firstResponse: Double?
        var responder: String?
        /// The first reply's From address, and whether the inbox sent it (its `responder` is then the agent).
        var responderAddress: String?
        var responderSentByInbox = false
        /// `email`, or the channel of `inbox import jsonl` (docs/channels.md).
        var channel = "email"

        enum CodingKeys: String, CodingKey {
            case id, queue, priority, responder, channel, createdAt = "created_at"
            case firstInbound = "first_in", firstResponse = "first_out"
            case responderAddress = "responder_address", responderSentByInbox = "by_inbox"
        }
    }
    struct Solve: Decodable, Sendable, FetchableRecord {
        var ticket: Int64
        var actor, queue: String
        var priority: TicketPriority
        var at, createdAt: Double

        enum CodingKeys: String, CodingKey {
            case at, actor, queue, priority, ticket = "ticket_id", createdAt = "created_at"
        }
    }
    struct BacklogRow: Decodable, Sendable, FetchableRecord {
        var ticket: Int64
        var status: TicketStatus
        var createdAt: Double

        enum CodingKeys: String, CodingKey {
            case status, ticket = "id", createdAt = "created_at"
        }
    }
    struct RepeatRow: Decodable, Sendable, FetchableRecord {
        var customer: String
        var solvedTicket, newTicket: Int64
        var solvedAt, createdAt: Double

        enum CodingKeys: String, CodingKey {
            case customer = "address", createdAt = "created_at"
            case solvedTicket = "solved_ticket", solvedAt = "solved_at", newTicket = "new_ticket"
        }
    }
    struct TagRow: Decodable, Sendable, FetchableRecord {
        var name: String
        var ticketID: Int64

        enum CodingKeys: String, CodingKey {
            case name, ticketID = "ticket_id"
        }
    }
    /// Replies of one sender: `byInbox` when the inbox sent them (`name` is then the agent).
    struct SenderCount: Decodable, Sendable, FetchableRecord {
        var name, address: String?
        var byInbox: Bool
        var n: Int

        enum CodingKeys: String, CodingKey {
            case name, address, n, byInbox = "by_inbox"
        }
    }
    /// Incoming messages of one 15-minute slot.
    struct SlotCount: Decodable, Sendable, FetchableRecord {
        var slot: Int64
        var n: Int
    }

    var created: [CreatedTicket] = []
    var solves: [Solve] = []
    var reopened: [Int64] = []
    /// Incoming customer messages per 15-minute slot (slot × 900 = Unix time).
    var incomingSlots: [(slot: Int64, count: Int)] = []
    /// Replies by sender: `byInbox` when the inbox sent it (`name` is then the agent).
    var replies: [(name: String?, address: String?, byInbox: Bool, count: Int)] = []
    var backlog: [BacklogRow] = []
    /// Tag, tickets (ids) among the created tickets.
    var tags: [(tag: String, tickets: [Int64])] = []
    /// The start of the first customer message of each created ticket.
    var firstTexts: [String] = []
    /// Customers with a ticket solved in the range.
    var solvedCustomers = 0
    var repeats: [RepeatRow] = []
    /// SLA histories of the created tickets (only when a policy has a target).
    var histories: [Int64: SLAHistory] = [:]
}

extension AppDatabase {
    /// A message's time as the SLA engine sees it: its Date header, unless later than arrival.
    static let reportMessageTime =
        "(CASE WHEN m.date IS NULL OR m.date > m.received_at THEN m.received_at ELSE m.date END)"

    /// Characters of each first customer message read for the word counts.
    static let reportTextLimit = 1500

    /// Reads everything a report over `range` needs, in one read transaction, on either engine.
    /// - Parameter withHistories: load SLA histories of the created tickets (status events and
    ///   message times) for the compliance numbers.
    /// - Throws: ``InboxError`` `.notFound` for an unknown queue.
    func reportInputs(_ range: ReportRange, asOf: Date, withHistories: Bool) throws -> ReportInputs {
        try snapshot { db in
            var filter = ""
            var filterArgs: StoreArguments = []
            if let q = range.queue {
                guard let id = try QueueRecord.id(on: db, named: q) else {
                    let names = try QueueRecord.all(on: db).map(\.name)
                    throw InboxError(
                        .notFound,
                        "There is no queue \"\(q)\" (the queues are: \(names.joined(separator: ", ")); `inbox queues` lists them)"
                    )
                }
                filter += " AND t.queue_id = ?"
                filterArgs = filterArgs + [id]
            }
            if let a = range.agent {
                filter += " AND " + db.asciiNoCaseEquals("t.assignee")
                filterArgs = filterArgs + [a]
            }
            let since = range.since.timeIntervalSince1970
            let until = range.until.timeIntervalSince1970
            func args(_ leading: StoreArguments) -> StoreArguments { leading + filterArgs }
            var out = ReportInputs()
            let time = Self.reportMessageTime
            let person = "m.automatic = 0 AND m.bounce = 0"
            let byInbox = "(CASE WHEN m.thread_reason = 'our reply' THEN 1 ELSE 0 END)"

            // Tickets created in the range, with their first customer message and the first reply after it.
            let createdCTE = """
                WITH tk AS (
                    SELECT t.id, t.created_at, t.priority, t.customer_id, t.channel, q.name AS queue,
                        (SELECT MIN(\(time)) FROM message m
                            WHERE m.ticket_id = t.id AND m.direction = 'inbound' AND \(person)) AS first_in
                    FROM ticket t JOIN queue q ON q.id = t.queue_id
                    WHERE t.created_at >= ? AND t.created_at < ? AND t.status NOT IN ('spam', 'merged')\(filter))
                """
            out.created = try db.records(
                ReportInputs.CreatedTicket.self,
                createdCTE + """
                    , fr AS (
                        SELECT tk.*, (SELECT m.id FROM message m
                            WHERE m.ticket_id = tk.id AND m.direction = 'outbound' AND \(person) AND \(time) >= tk.first_in
                            ORDER BY \(time), m.id LIMIT 1) AS reply_id
                        FROM tk)
                    SELECT fr.id, fr.created_at, fr.priority, fr.queue, fr.channel, fr.first_in,
                        \(time) AS first_out, COALESCE(m.from_name, m.from_address) AS responder,
                        m.from_address AS responder_address, \(byInbox) AS by_inbox
                    FROM fr LEFT JOIN message m ON m.id = fr.reply_id
                    ORDER BY fr.id
                    """, args([since, until]))

            // The start of each first customer message (bounded), for the words.
            out.firstTexts = try db.values(
                String.self,
                createdCTE + """
                    SELECT substr(m.text, 1, \(Self.reportTextLimit)) FROM tk JOIN message m ON m.id = (
                        SELECT m2.id FROM message m2 WHERE m2.ticket_id = tk.id AND m2.direction = 'inbound'
                            AND m2.automatic = 0 AND m2.bounce = 0
                        ORDER BY (CASE WHEN m2.date IS NULL OR m2.date > m2.received_at THEN m2.received_at ELSE m2.date END), m2.id
                        LIMIT 1)
                    ORDER BY tk.id
                    """, args([since, until]))

            // Tags of the created tickets.
            var tagTickets: [String: [Int64]] = [:]
            for (name, ticket) in try db.records(
                ReportInputs.TagRow.self,
                """
                SELECT g.name, g.ticket_id FROM tag g JOIN ticket t ON t.id = g.ticket_id
                WHERE t.created_at >= ? AND t.created_at < ? AND t.status NOT IN ('spam', 'merged')\(filter)
                ORDER BY g.ticket_id
                """, args([since, until])
            )
            .map({ ($0.name, $0.ticketID) }) {
                tagTickets[name, default: []].append(ticket)
            }
            out.tags = tagTickets.map { (tag: $0.key, tickets: $0.value) }

            // Solves: a status change to solved, or an archive import that stored the ticket as solved.
            let solvesCTE = """
                WITH s AS (
                    SELECT e.ticket_id, e.at, e.actor FROM event e JOIN ticket t ON t.id = e.ticket_id
                    WHERE e.kind = 'status' AND e.new_value = 'solved' AND e.at >= ? AND e.at < ?\(filter)
                    UNION ALL
                    SELECT e.ticket_id, t.solved_at, e.actor FROM event e JOIN ticket t ON t.id = e.ticket_id
                    WHERE e.kind = 'created' AND e.new_value = 'solved' AND t.solved_at >= ? AND t.solved_at < ?\(filter))
                """
            // The range and the filter once per branch.
            let solveArgs = args([since, until]) + args([since, until])
            out.solves = try db.records(
                ReportInputs.Solve.self,
                solvesCTE + """
                    SELECT s.ticket_id, s.at, s.actor, t.created_at, t.priority, q.name AS queue
                    FROM s JOIN ticket t ON t.id = s.ticket_id JOIN queue q ON q.id = t.queue_id
                    ORDER BY s.ticket_id, s.at
                    """, solveArgs)

            out.reopened = try db.values(
                Int64.self,
                """
                SELECT DISTINCT e.ticket_id FROM event e JOIN ticket t ON t.id = e.ticket_id
                WHERE e.kind = 'status' AND e.old_value IN ('solved', 'closed')
                    AND e.new_value IN ('new', 'open', 'pending', 'on_hold') AND e.at >= ? AND e.at < ?\(filter)
                ORDER BY e.ticket_id
                """, args([since, until]))

            // Incoming customer messages per 15-minute slot: local hours in any real time zone.
            // The slot is the quotient rounded down: SQLite's CAST truncates (times are
            // positive), PostgreSQL's would round.
            let slot = db.engineKind == .postgresql ? "CAST(floor(at / 900) AS BIGINT)" : "CAST(at / 900 AS INTEGER)"
            out.incomingSlots = try db.records(
                ReportInputs.SlotCount.self,
                """
                SELECT \(slot) AS slot, COUNT(*) AS n FROM (
                    SELECT \(time) AS at FROM message m JOIN ticket t ON t.id = m.ticket_id
                    WHERE m.direction = 'inbound' AND \(person) AND t.status <> 'spam'\(filter)) incoming
                WHERE at >= ? AND at < ? GROUP BY slot ORDER BY slot
                """, filterArgs + [since, until]
            ).map { (slot: $0.slot, count: $0.n) }

            out.replies = try db.records(
                ReportInputs.SenderCount.self,
                """
                SELECT m.from_name AS name, m.from_address AS address, \(byInbox) AS by_inbox, COUNT(*) AS n
                FROM message m JOIN ticket t ON t.id = m.ticket_id
                WHERE m.direction = 'outbound' AND \(person) AND t.status <> 'spam' AND \(time) >= ? AND \(time) < ?\(filter)
                GROUP BY m.from_name, m.from_address, \(byInbox) ORDER BY n DESC
                """, args([since, until])
            ).map { (name: $0.name, address: $0.address, byInbox: $0.byInbox, count: $0.n) }

            let asOfT = asOf.timeIntervalSince1970
            out.backlog = try db.records(
                ReportInputs.BacklogRow.self,
                """
                SELECT t.id, t.status, t.created_at FROM ticket t
                WHERE t.status IN ('new', 'open', 'pending', 'on_hold') AND t.created_at < ?\(filter)
                ORDER BY t.id
                """, args([asOfT]))

            out.solvedCustomers =
                try db.value(
                    Int.self,
                    solvesCTE + """
                        SELECT COUNT(DISTINCT t.customer_id) FROM s JOIN ticket t ON t.id = s.ticket_id
                        WHERE t.customer_id IS NOT NULL
                        """, solveArgs) ?? 0
            out.repeats = try db.records(
                ReportInputs.RepeatRow.self,
                solvesCTE + """
                    SELECT DISTINCT c.address, s.ticket_id AS solved_ticket, s.at AS solved_at, t2.id AS new_ticket,
                        t2.created_at
                    FROM (SELECT ticket_id, MAX(at) AS at FROM s GROUP BY ticket_id) s JOIN ticket t1 ON t1.id = s.ticket_id
                    JOIN ticket t2 ON t2.customer_id = t1.customer_id AND t2.id <> t1.id
                        AND t2.created_at > s.at AND t2.created_at <= s.at + 604800 AND t2.status NOT IN ('spam', 'merged')
                    JOIN customer c ON c.id = t1.customer_id
                    ORDER BY s.at, t2.id
                    """, solveArgs)

            if withHistories, !out.created.isEmpty {
                out.histories = try Self.reportHistories(
                    on: db, cte: createdCTE, arguments: args([since, until]), created: out.created)
            }
            return out
        }
    }

    /// SLA histories of the created tickets from two bulk reads (status events and the
    /// people's message times), built like the workflow's own ``slaInputs(_:ticket:book:)``.
    private static func reportHistories(
        on db: any StoreConnection, cte: String, arguments: StoreArguments, created: [ReportInputs.CreatedTicket]
    ) throws -> [Int64: SLAHistory] {
        var events: [Int64: [EventRecord.StatusChange]] = [:]
        for e in try db.records(
            EventRecord.StatusChange.self,
            cte + """
                SELECT e.ticket_id, e.at, e.kind, e.old_value, e.new_value FROM tk JOIN event e ON e.ticket_id = tk.id
                WHERE e.kind IN ('created', 'status') ORDER BY e.ticket_id, e.at, e.id
                """, arguments)
        {
            events[e.ticketID, default: []].append(e)
        }
        var messages: [Int64: [SLAHistory.Message]] = [:]
        for m in try db.records(
            MessageRecord.SLATime.self,
            cte + """
                SELECT m.ticket_id, \(reportMessageTime) AS at, m.direction FROM tk JOIN message m ON m.ticket_id = tk.id
                WHERE m.automatic = 0 AND m.bounce = 0 AND m.direction != 'note'
                ORDER BY m.ticket_id, \(reportMessageTime), m.id
                """, arguments)
        {
            messages[m.ticketID, default: []].append(m.message)
        }
        var out: [Int64: SLAHistory] = [:]
        let statuses = try db.values(
            String.self, cte + " SELECT t.status FROM tk JOIN ticket t ON t.id = tk.id ORDER BY tk.id", arguments)
        for (i, t) in created.enumerated() {
            let createdAt = Date(timeIntervalSince1970: t.createdAt)
            let current = TicketStatus(rawValue: i < statuses.count ? statuses[i] : "open") ?? .open
            out[t.id] = slaHistory(
                createdAt: createdAt, current: current, events: events[t.id] ?? [], messages: messages[t.id] ?? [])
        }
        return out
    }

    /// The tickets behind a report number, as list rows, in the order given.
    public func ticketSummaries(_ ids: [Int64]) throws -> [TicketSummary] {
        guard !ids.isEmpty else { return [] }
        return try snapshot { db in
            var byID: [Int64: TicketSummary] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for row in try Self.listRows(
                    on: db, where: "t.id IN (\(StoreArguments.placeholders(chunk.count)))", StoreArguments(chunk))
                {
                    byID[row.id] = row.summary
                }
            }
            return ids.compactMap { byID[$0] }
        }
    }
}
