import Foundation
import GRDB

/// The read side (issue 22): the ticket list, its counts, the ticket view, written once on the
/// store seam for both engines. The SQL is the subset both accept (booleans as the 0/1
/// integers both store, `COUNT(CASE …)` for counts, NULLs ordered last explicitly where a
/// descending order meets a NULL); the few spellings that differ are asked of the connection
/// (``StoreConnection/descNullsLast``, ``StoreConnection/bytewise``, the tags' aggregate).
extension AppDatabase {
    /// Every queue with its counts, in configuration order.
    public func queueSummaries() throws -> [QueueSummary] {
        try snapshot { db in
            // One pass over the covering index (queue_id, status, assignee), a row per queue and
            // status, summed here: 100k tickets in about 10 ms instead of 90.
            var counts: [Int64: (total: Int, open: Int, new: Int, pending: Int, unassigned: Int)] = [:]
            // Snoozed tickets are out of the views: their (few) rows are counted negatively
            // through the partial index, so the covering index still answers the rest.
            let snoozed = try db.records(
                StatusCount.self,
                """
                SELECT queue_id, status, -COUNT(*) AS n, -(COUNT(*) - COUNT(assignee)) AS unassigned
                FROM ticket WHERE snoozed_until IS NOT NULL GROUP BY queue_id, status
                """)
            for row in try db.records(
                StatusCount.self,
                """
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
            return try QueueRecord.all(on: db).map { queue in
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
        try snapshot { db in
            let counts = try db.record(
                ViewCountRow.self,
                """
                SELECT COUNT(CASE WHEN assignee IS NULL AND status IN ('new', 'open') THEN 1 END) AS unassigned,
                    COUNT(CASE WHEN status IN ('new', 'open') THEN 1 END) AS open,
                    COUNT(CASE WHEN status = 'pending' THEN 1 END) AS pending FROM ticket
                """)
            return ViewCounts(
                unassigned: counts?.unassigned ?? 0, open: counts?.open ?? 0, pending: counts?.pending ?? 0,
                quarantine: try Self.quarantineCount(on: db))
        }
    }

    private struct ViewCountRow: Decodable, FetchableRecord {
        var unassigned, open, pending: Int?
    }

    /// Automatic messages and bounces that opened no ticket (the Quarantine view's count).
    public func quarantineCount() throws -> Int {
        try snapshot(Self.quarantineCount(on:))
    }

    private static func quarantineCount(on db: any StoreConnection) throws -> Int {
        try db.value(
            Int.self, "SELECT COUNT(*) FROM message WHERE ticket_id IS NULL AND (automatic <> 0 OR bounce <> 0)")
            ?? 0
    }

    /// The list's columns over `ticket t`, `queue q` and `customer c`. Who wrote last and when
    /// the customer last wrote (auto-replies, bounces and notes left out) are read per row
    /// through `message_ticket_date`, for the page's rows only (see ``tickets(_:)``). The tags
    /// are joined by U+001F in byte order (``StoreConnection/tagNames(of:)``). The SLA due time is the earliest of the three
    /// clocks, taken in Swift (``ListRow/slaDue``): SQLite's scalar `MIN(a, b, c)` is
    /// PostgreSQL's `LEAST`.
    static func ticketColumns(_ db: any StoreConnection) -> String {
        let last = "ORDER BY m.date \(db.descNullsLast), m.id DESC LIMIT 1"
        return """
            t.id, q.name AS queue, t.subject, t.status, t.priority, t.assignee, t.created_at, t.updated_at,
            c.name AS customer_name, c.address AS customer_address,
            (SELECT COUNT(*) FROM message m WHERE m.ticket_id = t.id) AS message_count,
            \(db.tagNames(of: "t.id")) AS tags,
            t.first_response_due, t.next_response_due, t.resolution_due, t.sla_warn_at, t.snoozed_until, t.snooze_woke,
            t.channel,
            (SELECT m.direction FROM message m WHERE m.ticket_id = t.id AND m.direction IN ('inbound', 'outbound')
                AND m.automatic = 0 AND m.bounce = 0 \(last)) AS last_direction,
            (SELECT COALESCE(m.date, m.received_at) FROM message m WHERE m.ticket_id = t.id AND m.direction = 'inbound'
                AND m.automatic = 0 AND m.bounce = 0 \(last)) AS last_customer_at,
            (SELECT m.snippet FROM message m WHERE m.ticket_id = t.id AND m.direction = 'inbound'
                AND m.automatic = 0 AND m.bounce = 0 \(last)) AS last_customer_snippet
            """
    }

    /// A row of ``ticketColumns(_:)``: the ticket's own columns typed as its record's, and the
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
        var firstResponseDue, nextResponseDue, resolutionDue: Double?
        var slaWarnAt, snoozedUntil: Date?
        var snoozeWoke: String?
        var channel: String
        var lastDirection: MessageDirection?
        var lastCustomerAt: Date?
        var lastCustomerSnippet: String?

        enum CodingKeys: String, CodingKey {
            case id, queue, subject, status, priority, assignee, tags, channel
            case customerName = "customer_name", customerAddress = "customer_address"
            case createdAt = "created_at", updatedAt = "updated_at", messageCount = "message_count"
            case firstResponseDue = "first_response_due", nextResponseDue = "next_response_due"
            case resolutionDue = "resolution_due", slaWarnAt = "sla_warn_at"
            case snoozedUntil = "snoozed_until", snoozeWoke = "snooze_woke"
            case lastDirection = "last_direction", lastCustomerAt = "last_customer_at"
            case lastCustomerSnippet = "last_customer_snippet"
        }

        /// The earliest due time of the running clocks; nil when none runs.
        var slaDue: Date? {
            [firstResponseDue, nextResponseDue, resolutionDue].compactMap { $0 }.min().map(
                Date.init(timeIntervalSince1970:))
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

    /// List rows of the tickets `where` selects (over `ticket t`), in `order`.
    static func listRows(
        on db: any StoreConnection, where condition: String, _ arguments: StoreArguments, order: String? = nil
    ) throws -> [ListRow] {
        try db.records(
            ListRow.self,
            """
            SELECT \(ticketColumns(db))
            FROM ticket t JOIN queue q ON q.id = t.queue_id LEFT JOIN customer c ON c.id = t.customer_id
            WHERE \(condition)\(order.map { " ORDER BY " + $0 } ?? "")
            """, arguments)
    }

    /// Tickets matching `filter`, most recently updated first.
    /// - Throws: ``InboxError`` for an unknown queue or status, ``SearchQueryError`` for a
    ///   search that cannot be read.
    public func tickets(_ filter: TicketFilter = TicketFilter()) throws -> [TicketSummary] {
        try prepare(filter)
        return try snapshot { db in
            let (whereSQL, arguments) = try Self.ticketWhere(filter, db: db)
            // The page's ids first: the columns (counts, tags) are then computed for its rows
            // only, not for every row the OFFSET skips.
            let sql = """
                SELECT \(Self.ticketColumns(db))
                FROM (SELECT t.id FROM ticket t WHERE \(whereSQL) ORDER BY \(filter.order.sql) LIMIT ? OFFSET ?) page
                JOIN ticket t ON t.id = page.id JOIN queue q ON q.id = t.queue_id LEFT JOIN customer c ON c.id = t.customer_id
                ORDER BY \(filter.order.sql)
                """
            return try db.records(ListRow.self, sql, arguments + [filter.limit, filter.offset]).map(\.summary)
        }
    }

    /// The ids of every ticket matching `filter` (limit and offset ignored), in list order.
    public func ticketIDs(_ filter: TicketFilter) throws -> [Int64] {
        try prepare(filter)
        return try snapshot { db in
            let (whereSQL, arguments) = try Self.ticketWhere(filter, db: db)
            return try db.values(
                Int64.self, "SELECT t.id FROM ticket t WHERE \(whereSQL) ORDER BY \(filter.order.sql)", arguments)
        }
    }

    /// How many tickets match `filter` (limit and offset ignored).
    public func ticketCount(_ filter: TicketFilter) throws -> Int {
        try prepare(filter)
        return try snapshot { db in
            let (whereSQL, arguments) = try Self.ticketWhere(filter, db: db)
            return try db.value(Int.self, "SELECT COUNT(*) FROM ticket t WHERE \(whereSQL)", arguments) ?? 0
        }
    }

    private func prepare(_ filter: TicketFilter) throws {
        if let s = filter.status, TicketStatus(rawValue: s) == nil {
            let all = TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw InboxError(.badInput, "Unknown status \"\(s)\" (use one of: \(all))")
        }
        if let text = filter.text {
            _ = try SearchQuery.parse(text)
            // Messages stored by a crashed or still running import may not be in SQLite's index
            // file yet; PostgreSQL's column is written with the message.
            if engine == .sqlite { _ = try? catchUpSearchIndex() }
        }
    }

    /// The WHERE clause (over `ticket t`) of a filter, and its arguments.
    static func ticketWhere(_ filter: TicketFilter, db: any StoreConnection) throws -> (String, StoreArguments) {
        var clauses: [String] = []
        var arguments: StoreArguments = []
        if let queue = filter.queue {
            guard let id = try QueueRecord.id(on: db, named: queue) else {
                let names = try QueueRecord.all(on: db).map(\.name).joined(separator: ", ")
                throw InboxError(.notFound, "There is no queue named \"\(queue)\" (queues: \(names))")
            }
            clauses.append("t.queue_id = ?")
            arguments = arguments + [id]
        }
        if let status = filter.status {
            clauses.append("t.status = ?")
            arguments = arguments + [status]
        }
        if let assignee = filter.assignee {
            clauses.append("t.assignee = ?")
            arguments = arguments + [assignee]
        }
        if let at = filter.breachingAt {
            clauses.append(Self.breachingSQL)
            arguments = arguments + StoreArguments(Self.breachingArguments(at: at).map { $0 })
        }
        if let text = filter.text {
            let compiler = SearchCompiler(level: .tickets, now: Date(), me: filter.me, engine: db.engineKind)
            let compiled = try compiler.compile(try SearchQuery.parse(text))
            if let match = compiled.match {
                clauses.append(compiler.textCondition)
                arguments = arguments + [match]
            }
            clauses += compiled.conditions
            arguments = arguments + StoreArguments(compiled.arguments.map { $0 })
        }
        // A snoozed ticket leaves the views until it wakes (docs/rules.md). Asked by rowid
        // against the (small) partial index of snoozed tickets, so a page deep in the list still
        // walks only the urgency index: `t.snoozed_until IS NULL` read the row of every ticket
        // skipped by the OFFSET (74 ms instead of 8 for ↑ at the end of 100k tickets).
        if !filter.includeSnoozed && !(filter.text.map(Self.asksForSnoozed) ?? false) {
            clauses.append("t.id NOT IN (SELECT id FROM ticket WHERE snoozed_until IS NOT NULL)")
        }
        return (clauses.isEmpty ? "1 = 1" : clauses.joined(separator: " AND "), arguments)
    }

    /// Number of tickets in the store.
    public func ticketCount() throws -> Int {
        try snapshot { db in try db.value(Int.self, "SELECT COUNT(*) FROM ticket") ?? 0 }
    }

    /// A ticket with its messages (oldest first) and events.
    /// - Throws: ``InboxError`` `.notFound` when there is no such ticket.
    public func ticketDetail(_ id: Int64) throws -> TicketDetail {
        try snapshot { db in
            guard
                let ticket = try db.record(
                    TicketRecord.self, "SELECT \(TicketRecord.selection) FROM ticket WHERE id = ?", [id]),
                let row = try Self.listRows(on: db, where: "t.id = ?", [id]).first
            else {
                throw InboxError(.notFound, "There is no ticket #\(id) (list them with `inbox tickets`)")
            }
            var attachmentsByMessage: [Int64: [AttachmentInfo]] = [:]
            for a in try db.records(
                AttachmentRecord.self,
                """
                SELECT \(AttachmentRecord.selection) FROM attachment
                WHERE message_id IN (SELECT id FROM message WHERE ticket_id = ?) ORDER BY id
                """, [id])
            {
                attachmentsByMessage[a.messageID, default: []].append(a.info)
            }
            let messages = try db.records(
                MessageRecord.self,
                "SELECT \(MessageRecord.selection) FROM message WHERE ticket_id = ? ORDER BY COALESCE(date, received_at), id",
                [id]
            ).map { m in m.detail(attachments: m.id.flatMap { attachmentsByMessage[$0] } ?? []) }
            let events = try db.records(
                EventRecord.self, "SELECT \(EventRecord.selection) FROM event WHERE ticket_id = ? ORDER BY at, id", [id]
            ).map(\.info)
            var detail = TicketDetail(
                ticket: row.summary, messages: messages, events: events, linkedTicket: ticket.linkedTicketID,
                mergedInto: ticket.mergedIntoID, version: ticket.version,
                presence: try Self.presence(db, ticket: id),
                customerProfile: try ticket.customerID.flatMap { try Self.customerProfile(on: db, customerID: $0) },
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
        try snapshot { db in
            try db.value(Data.self, "SELECT bytes FROM raw_message WHERE sha256 = ?", [sha256]).map { [UInt8]($0) }
        }
    }
}
