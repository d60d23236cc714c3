import Foundation
import GRDB

extension AppDatabase {
    /// Every queue with its counts, in configuration order.
    public func queueSummaries() throws -> [QueueSummary] {
        try reader.read { db in
            // One pass over the covering index (queue_id, status, assignee), a row per queue and
            // status, summed here: 100k tickets in about 10 ms instead of 90.
            var counts: [Int64: (total: Int, open: Int, new: Int, pending: Int, unassigned: Int)] = [:]
            // Snoozed tickets are out of the views: their (few) rows are counted negatively
            // through the partial index, so the covering index still answers the rest.
            let snoozed = try StatusCount.fetchAll(
                db,
                sql: """
                    SELECT queue_id, status, -COUNT(*) AS n, -(COUNT(*) - COUNT(assignee)) AS unassigned
                    FROM ticket WHERE snoozed_until IS NOT NULL GROUP BY queue_id, status
                    """)
            for row in try StatusCount.fetchAll(
                db,
                sql: """
                    SELECT queue_id, status, COUNT(*) AS n, COUNT(*) - COUNT(assignee) AS unassigned
                    FROM ticket GROUP BY queue_id, status
                    """) + snoozed
            {
                var c = counts[row.queueID, default: (0, 0, 0, 0, 0)]
                c.total += row.n
                if row.status == .new || row.status == .open {
                    c.open += row.n
                    c.unassigned += row.unassigned
                }
                if row.status == .new { c.new += row.n }
                if row.status == .pending { c.pending += row.n }
                counts[row.queueID] = c
            }
            return try QueueRecord.order(QueueRecord.Columns.id).fetchAll(db).map { queue in
                let c = queue.id.flatMap { counts[$0] } ?? (0, 0, 0, 0, 0)
                return QueueSummary(
                    name: queue.name, addresses: queue.addressList, isDefault: queue.isDefault, open: c.open,
                    new: c.new, pending: c.pending, unassigned: c.unassigned, total: c.total)
            }
        }
    }

    /// Tickets of one queue and status, and how many of them have no assignee.
    private struct StatusCount: Decodable, FetchableRecord {
        var queueID: Int64
        var status: TicketStatus
        var n, unassigned: Int

        enum CodingKeys: String, CodingKey {
            case status, n, unassigned, queueID = "queue_id"
        }
    }

    /// Counts for the sidebar views.
    public func viewCounts() throws -> ViewCounts {
        try reader.read { db in
            // SUM is NULL over no rows: an empty inbox counts 0.
            let counts = try ViewCountRow.fetchOne(
                db,
                sql: """
                    SELECT SUM(assignee IS NULL AND status IN ('new', 'open')) AS unassigned,
                        SUM(status IN ('new', 'open')) AS open, SUM(status = 'pending') AS pending FROM ticket
                    """)
            return ViewCounts(
                unassigned: counts?.unassigned ?? 0, open: counts?.open ?? 0, pending: counts?.pending ?? 0,
                quarantine: try Self.quarantineCount(db))
        }
    }

    private struct ViewCountRow: Decodable, FetchableRecord {
        var unassigned, open, pending: Int?
    }

    /// Automatic messages and bounces that opened no ticket (the Quarantine view's count).
    public func quarantineCount() throws -> Int {
        try reader.read(Self.quarantineCount)
    }

    private static func quarantineCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE ticket_id IS NULL AND (automatic OR bounce)") ?? 0
    }

    /// The list's columns. Who wrote last and when the customer last wrote (auto-replies,
    /// bounces and notes left out) are read per row through `message_ticket_date`, for the page's
    /// rows only (see ``tickets(_:)``).
    static let ticketColumns = """
        t.id, q.name AS queue, t.subject, t.status, t.priority, t.assignee, t.created_at, t.updated_at,
        c.name AS customer_name, c.address AS customer_address,
        (SELECT COUNT(*) FROM message m WHERE m.ticket_id = t.id) AS message_count,
        (SELECT group_concat(name, char(31)) FROM (SELECT name FROM tag WHERE ticket_id = t.id ORDER BY name)) AS tags,
        NULLIF(MIN(COALESCE(t.first_response_due, 9e15), COALESCE(t.next_response_due, 9e15),
            COALESCE(t.resolution_due, 9e15)), 9e15) AS sla_due, t.sla_warn_at, t.snoozed_until, t.snooze_woke,
        t.channel,
        (SELECT m.direction FROM message m WHERE m.ticket_id = t.id AND m.direction IN ('inbound', 'outbound')
            AND NOT m.automatic AND NOT m.bounce ORDER BY m.date DESC, m.id DESC LIMIT 1) AS last_direction,
        (SELECT COALESCE(m.date, m.received_at) FROM message m WHERE m.ticket_id = t.id AND m.direction = 'inbound'
            AND NOT m.automatic AND NOT m.bounce ORDER BY m.date DESC, m.id DESC LIMIT 1) AS last_customer_at,
        (SELECT m.snippet FROM message m WHERE m.ticket_id = t.id AND m.direction = 'inbound'
            AND NOT m.automatic AND NOT m.bounce ORDER BY m.date DESC, m.id DESC LIMIT 1) AS last_customer_snippet
        """

    /// A row of ``ticketColumns``: the ticket's own columns typed as its record's, and the
    /// computed ones.
    struct ListRow: Decodable, FetchableRecord, EpochDatedRecord {
        var id: Int64
        var queue, subject: String
        var status: TicketStatus
        var priority: TicketPriority
        var assignee, customerName, customerAddress: String?
        var createdAt, updatedAt: Date
        var messageCount: Int
        /// Tag names joined by U+001F, in name order.
        var tags: String?
        var slaDue, slaWarnAt, snoozedUntil: Date?
        var snoozeWoke: String?
        var channel: String
        var lastDirection: MessageDirection?
        var lastCustomerAt: Date?
        var lastCustomerSnippet: String?

        enum CodingKeys: String, CodingKey {
            case id, queue, subject, status, priority, assignee, tags, channel
            case customerName = "customer_name", customerAddress = "customer_address"
            case createdAt = "created_at", updatedAt = "updated_at", messageCount = "message_count"
            case slaDue = "sla_due", slaWarnAt = "sla_warn_at"
            case snoozedUntil = "snoozed_until", snoozeWoke = "snooze_woke"
            case lastDirection = "last_direction", lastCustomerAt = "last_customer_at"
            case lastCustomerSnippet = "last_customer_snippet"
        }

        var summary: TicketSummary {
            let waiting = Waiting(lastDirection: lastDirection?.rawValue)
            return TicketSummary(
                id: id, queue: queue, subject: subject, status: status, priority: priority,
                assignee: assignee, tags: tags.map { $0.split(separator: "\u{1F}").map(String.init) } ?? [],
                customer: CustomerRef(name: customerName, address: customerAddress), createdAt: createdAt,
                updatedAt: updatedAt, messageCount: messageCount, slaDue: slaDue, slaWarnAt: slaWarnAt,
                snoozedUntil: snoozedUntil, snoozeWoke: snoozeWoke, channel: channel, lastCustomerAt: lastCustomerAt,
                waitingOn: waiting,
                // Only when the customer wrote last: otherwise their thanks is not what waits.
                thanksOnly: waiting == .us ? lastCustomerSnippet.map(ThanksOnly.matches) ?? false : false)
        }
    }

    /// Tickets matching `filter`, most recently updated first.
    /// - Throws: ``InboxError`` for an unknown queue or status, ``SearchQueryError`` for a
    ///   search that cannot be read.
    public func tickets(_ filter: TicketFilter = TicketFilter()) throws -> [TicketSummary] {
        try prepare(filter)
        return try reader.read { db in
            let (whereSQL, arguments) = try Self.ticketWhere(filter, db: db)
            // The page's ids first: the columns (counts, tags) are then computed for its rows
            // only, not for every row the OFFSET skips.
            let sql = """
                SELECT \(Self.ticketColumns)
                FROM (SELECT t.id FROM ticket t WHERE \(whereSQL) ORDER BY \(filter.order.sql) LIMIT ? OFFSET ?) page
                JOIN ticket t ON t.id = page.id JOIN queue q ON q.id = t.queue_id LEFT JOIN customer c ON c.id = t.customer_id
                ORDER BY \(filter.order.sql)
                """
            return try ListRow.fetchAll(db, sql: sql, arguments: arguments + [filter.limit, filter.offset]).map(
                \.summary)
        }
    }

    /// The ids of every ticket matching `filter` (limit and offset ignored), in list order.
    public func ticketIDs(_ filter: TicketFilter) throws -> [Int64] {
        try prepare(filter)
        return try reader.read { db in
            let (whereSQL, arguments) = try Self.ticketWhere(filter, db: db)
            return try Int64.fetchAll(
                db, sql: "SELECT t.id FROM ticket t WHERE \(whereSQL) ORDER BY \(filter.order.sql)",
                arguments: arguments)
        }
    }

    /// How many tickets match `filter` (limit and offset ignored).
    public func ticketCount(_ filter: TicketFilter) throws -> Int {
        try prepare(filter)
        return try reader.read { db in
            let (whereSQL, arguments) = try Self.ticketWhere(filter, db: db)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket t WHERE \(whereSQL)", arguments: arguments)
                ?? 0
        }
    }

    private func prepare(_ filter: TicketFilter) throws {
        if let s = filter.status, TicketStatus(rawValue: s) == nil {
            let all = TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw InboxError(.badInput, "Unknown status \"\(s)\" (use one of: \(all))")
        }
        if let text = filter.text {
            _ = try SearchQuery.parse(text)
            // Messages stored by a crashed or still running import may not be indexed yet.
            _ = try? catchUpSearchIndex()
        }
    }

    /// The WHERE clause (over `ticket t`) of a filter, and its arguments.
    static func ticketWhere(_ filter: TicketFilter, db: Database) throws -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let queue = filter.queue {
            guard let id = try QueueRecord.named(queue).fetchOne(db)?.id else {
                let names = try QueueRecord.names(db).joined(separator: ", ")
                throw InboxError(.notFound, "There is no queue named \"\(queue)\" (queues: \(names))")
            }
            clauses.append("t.queue_id = ?")
            arguments += [id]
        }
        if let status = filter.status {
            clauses.append("t.status = ?")
            arguments += [status]
        }
        if let assignee = filter.assignee {
            clauses.append("t.assignee = ?")
            arguments += [assignee]
        }
        if let at = filter.breachingAt {
            clauses.append(Self.breachingSQL)
            arguments += StatementArguments(
                Self.breachingArguments(at: at).map { $0 as (any DatabaseValueConvertible)? })
        }
        if let text = filter.text {
            let compiler = SearchCompiler(level: .tickets, now: Date(), me: filter.me)
            let compiled = try compiler.compile(try SearchQuery.parse(text))
            if let match = compiled.match {
                clauses.append(compiler.textCondition)
                arguments += [match]
            }
            clauses += compiled.conditions
            arguments += compiled.statementArguments
        }
        // A snoozed ticket leaves the views until it wakes (docs/rules.md). Asked by rowid
        // against the (small) partial index of snoozed tickets, so a page deep in the list still
        // walks only the urgency index: `t.snoozed_until IS NULL` read the row of every ticket
        // skipped by the OFFSET (74 ms instead of 8 for ↑ at the end of 100k tickets).
        if !filter.includeSnoozed && !(filter.text.map(Self.asksForSnoozed) ?? false) {
            clauses.append("t.id NOT IN (SELECT id FROM ticket WHERE snoozed_until IS NOT NULL)")
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), arguments)
    }

    /// Number of tickets in the store.
    public func ticketCount() throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket") ?? 0 }
    }

    /// A ticket with its messages (oldest first) and events.
    /// - Throws: ``InboxError`` `.notFound` when there is no such ticket.
    public func ticketDetail(_ id: Int64) throws -> TicketDetail {
        try reader.read { db in
            guard let ticket = try TicketRecord.fetchOne(db, key: id),
                let row = try ListRow.fetchOne(
                    db,
                    sql: """
                        SELECT \(Self.ticketColumns)
                        FROM ticket t JOIN queue q ON q.id = t.queue_id LEFT JOIN customer c ON c.id = t.customer_id
                        WHERE t.id = ?
                        """, arguments: [id])
            else {
                throw InboxError(.notFound, "There is no ticket #\(id) (list them with `inbox tickets`)")
            }
            let ofTicket = MessageRecord.filter(MessageRecord.Columns.ticketID == id)
            var attachmentsByMessage: [Int64: [AttachmentInfo]] = [:]
            for a in try AttachmentRecord.filter(
                ofTicket.select(MessageRecord.Columns.id).contains(AttachmentRecord.Columns.messageID)
            ).order(AttachmentRecord.Columns.id).fetchAll(db) {
                attachmentsByMessage[a.messageID, default: []].append(a.info)
            }
            let messages = try ofTicket.order(
                MessageRecord.Columns.date ?? MessageRecord.Columns.receivedAt, MessageRecord.Columns.id
            ).fetchAll(db).map { m in m.detail(attachments: m.id.flatMap { attachmentsByMessage[$0] } ?? []) }
            let events = try EventRecord.filter(EventRecord.Columns.ticketID == id)
                .order(EventRecord.Columns.at, EventRecord.Columns.id).fetchAll(db).map(\.info)
            var detail = TicketDetail(
                ticket: row.summary, messages: messages, events: events, linkedTicket: ticket.linkedTicketID,
                mergedInto: ticket.mergedIntoID, version: ticket.version, presence: try Self.presence(db, ticket: id),
                customerProfile: try ticket.customerID.flatMap { try Self.customerProfile(db, customerID: $0) },
                satisfaction: try Self.satisfaction(db, ticket: id))
            detail.conversation = ticket.conversation
            return detail
        }
    }

    /// SQLite's `data_version` on the writer connection: it changes only when another
    /// connection (another process: an import, a second agent) has committed. Poll it to
    /// notice outside changes; our own writes do not move it.
    public func dataVersion() throws -> Int {
        try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// The exact bytes stored for `sha256`, or nil.
    public func rawMessage(sha256: String) throws -> [UInt8]? {
        try reader.read { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM raw_message WHERE sha256 = ?", arguments: [sha256]).map {
                [UInt8]($0)
            }
        }
    }
}
