import Foundation
import GRDB

/// The newest people's message of a merge target, to see whether the merge brought it.
private struct LastPeopleMessage: StoreRow {
    var id: Int64
    var direction: MessageDirection
}

/// Merge and split (DESIGN §6), both undoable with ``AppDatabase/undo(ticket:actor:config:now:)``.
/// Both, and their undos, run on both engines (the store seam).
extension AppDatabase {
    /// A message a merge or split moved, with the thread reason it had (read as `id`, `reason`).
    struct MovedMessage: Codable, FetchableRecord {
        var id: Int64
        var reason: String
    }

    struct MergeUndo: Codable {
        var source: Int64
        var target: Int64
        var sourceStatus: String
        var messages: [MovedMessage]
        var tagsAdded: [String]
        /// The target's status before an unanswered merged-in message reopened it (nil: unchanged).
        var targetStatus: String?
    }

    struct SplitUndo: Codable {
        var source: Int64
        var created: Int64
        var messages: [MovedMessage]
    }

    /// Merges ticket `source` into `target`: its messages move (thread reason
    /// "merged from #source"), its tags are added to `target`, and `source` becomes `merged`
    /// with a pointer to `target`, so later replies to it thread into `target`.
    ///
    /// When the newest people's message of the merged ticket is a customer message that came
    /// from `source` (nobody answered it), a `pending` or `solved` target reopens (`open`), as
    /// if the customer had written to it, so the message cannot hide behind a paused clock;
    /// its response clock counts from the merge. An `on_hold` target stays on hold.
    /// - Throws: ``InboxError`` `.badInput` when the two are the same or either is merged,
    ///   `.notFound`.
    public func merge(
        _ source: Int64, into target: Int64, actor: String, config: InboxConfig = InboxConfig(), now: Date = Date()
    )
        throws
    {
        let book = try SLAPolicyBook(config)
        try transaction { db in
            guard source != target else { throw InboxError(.badInput, "A ticket cannot be merged into itself") }
            let s = try Self.ticketRow(on: db, source)
            let t = try Self.ticketRow(on: db, target)
            if s.status == .merged {
                throw InboxError(.badInput, "Ticket #\(source) is already merged (undo that merge first)")
            }
            if t.status == .merged {
                let into = try db.value(Int64.self, "SELECT merged_into_id FROM ticket WHERE id = ?", [target])
                throw InboxError(
                    .badInput, "Ticket #\(target) was merged into #\(into ?? 0); merge into that ticket instead")
            }
            let moved = try db.records(
                MovedMessage.self, "SELECT id, thread_reason AS reason FROM message WHERE ticket_id = ? ORDER BY id",
                [source])
            try db.exec(
                "UPDATE message SET ticket_id = ?, thread_reason = ? WHERE ticket_id = ?",
                [target, "merged from #\(source)", source])
            let tags = try db.values(
                String.self,
                "SELECT name FROM tag WHERE ticket_id = ? AND name NOT IN (SELECT name FROM tag WHERE ticket_id = ?)",
                [source, target])
            for tag in tags {
                try db.exec("INSERT INTO tag(ticket_id, name) VALUES (?, ?)", [target, tag])
            }
            // The earlier of the two creation times (no scalar MIN(a, b) on PostgreSQL).
            try db.exec(
                """
                UPDATE ticket SET created_at = COALESCE(
                    (SELECT s.created_at FROM ticket s WHERE s.id = ? AND s.created_at < ticket.created_at), created_at)
                WHERE id = ?
                """, [source, target])
            var reopenedFrom: String?
            // `= 0`, not `NOT`: the flags are 0/1 integers on both engines.
            if t.status == .pending || t.status == .solved,
                let last = try db.record(
                    LastPeopleMessage.self,
                    """
                    SELECT id, direction FROM message WHERE ticket_id = ? AND automatic = 0 AND bounce = 0 AND direction != 'note'
                    ORDER BY CASE WHEN date IS NULL OR date > received_at THEN received_at ELSE date END DESC, id DESC LIMIT 1
                    """, [target]),
                last.direction == .inbound, moved.contains(where: { $0.id == last.id })
            {
                try Self.setStatus(
                    on: db, ticket: target, from: t.status, to: .open, actor: actor, now: now,
                    detail: "unanswered customer message merged from #\(source)")
                reopenedFrom = t.status.rawValue
            }
            try Self.setStatus(
                on: db, ticket: source, from: s.status, to: .merged, actor: actor, now: now,
                detail: "merged into #\(target)")
            try db.exec("UPDATE ticket SET merged_into_id = ? WHERE id = ?", [target, source])
            try Self.logEvent(
                on: db, ticket: target, actor: actor, at: now, kind: "merge", old: nil, new: "#\(source)",
                detail: "\(moved.count) message\(moved.count == 1 ? "" : "s") from #\(source)")
            try Self.bump(on: db, ticket: source, now: now)
            try Self.bump(on: db, ticket: target, now: now)
            try Self.recordUndo(
                db, ticket: target, other: source, actor: actor, at: now, kind: "merge",
                payload: MergeUndo(
                    source: source, target: target, sourceStatus: s.status.rawValue, messages: moved, tagsAdded: tags,
                    targetStatus: reopenedFrom))
            try Self.refreshSLA(db, tickets: [source, target], book: book, now: now)
        }
    }

    static func undoMerge(_ db: any StoreConnection, _ u: MergeUndo, actor: String, now: Date) throws -> UndoResult {
        for m in u.messages {
            try db.exec(
                "UPDATE message SET ticket_id = ?, thread_reason = ? WHERE id = ? AND ticket_id = ?",
                [u.source, m.reason, m.id, u.target])
        }
        for tag in u.tagsAdded {
            try db.exec("DELETE FROM tag WHERE ticket_id = ? AND name = ?", [u.target, tag])
        }
        let restored = TicketStatus(rawValue: u.sourceStatus) ?? .open
        try setStatus(
            on: db, ticket: u.source, from: .merged, to: restored, actor: actor, now: now, detail: "merge undone")
        try db.exec("UPDATE ticket SET merged_into_id = NULL WHERE id = ?", [u.source])
        // The merge reopened the target: back to where it was, unless someone moved it since.
        if let before = u.targetStatus.flatMap(TicketStatus.init(rawValue:)),
            try ticketRow(on: db, u.target).status == .open
        {
            try setStatus(
                on: db, ticket: u.target, from: .open, to: before, actor: actor, now: now, detail: "merge undone")
        }
        try db.exec(
            """
            UPDATE ticket SET created_at = COALESCE((SELECT MIN(CASE WHEN date IS NULL OR date > received_at
                THEN received_at ELSE date END) FROM message WHERE ticket_id = ticket.id), created_at) WHERE id = ?
            """, [u.target])
        try logEvent(
            on: db, ticket: u.target, actor: actor, at: now, kind: "unmerge", old: "#\(u.source)", new: nil,
            detail: "merge undone")
        try bump(on: db, ticket: u.source, now: now)
        try bump(on: db, ticket: u.target, now: now)
        return UndoResult(
            kind: "merge", tickets: [u.target, u.source],
            summary: "Undid the merge of #\(u.source) into #\(u.target): \(u.messages.count) message(s) moved back")
    }

    /// Moves the chosen messages of `ticket` into a new ticket and returns its number.
    ///
    /// `positions` are 1-based, in the order `inbox show` lists the messages. The new ticket
    /// keeps the queue and priority, takes its subject and customer from the first moved
    /// message, and opens as `open`. At least one message must stay behind.
    /// - Throws: ``InboxError`` `.badInput` for a position out of range or moving every
    ///   message, `.notFound`.
    @discardableResult
    public func split(
        _ ticket: Int64, positions: [Int], actor: String, config: InboxConfig = InboxConfig(), now: Date = Date()
    ) throws -> Int64 {
        let book = try SLAPolicyBook(config)
        return try transaction { db in
            let row = try Self.ticketRow(on: db, ticket)
            if row.status == .merged || row.status == .closed {
                throw InboxError(
                    .badInput, "Ticket #\(ticket) is \(row.status.rawValue); only a ticket still in work can be split")
            }
            let all = try db.records(
                MessageOrigin.self,
                "SELECT \(MessageOrigin.columns) FROM message WHERE ticket_id = ? ORDER BY COALESCE(date, received_at), id",
                [ticket])
            let chosen = Set(positions)
            guard !chosen.isEmpty else {
                throw InboxError(.badInput, "Name the messages to split off (their numbers in `inbox show \(ticket)`)")
            }
            for p in chosen where !(1...max(1, all.count)).contains(p) || all.isEmpty {
                throw InboxError(
                    .badInput, "Ticket #\(ticket) has no message \(p) (it has \(all.count); see `inbox show \(ticket)`)"
                )
            }
            guard chosen.count < all.count else {
                throw InboxError(
                    .badInput, "Splitting off every message would leave #\(ticket) empty (leave at least one)")
            }
            let rows = all.enumerated().filter { chosen.contains($0.offset + 1) }.map(\.element)
            let first = rows[0]
            let firstInbound = rows.first { $0.direction == .inbound }
            var customerID = try db.value(Int64.self, "SELECT customer_id FROM ticket WHERE id = ?", [ticket])
            if let m = firstInbound, let address = m.fromAddress {
                customerID = try Self.findOrCreateCustomer(db, address: address, name: m.fromName, at: m.at)
            }
            let created = try Self.createTicket(
                db,
                NewTicket(
                    queueID: row.queueID, subject: Self.ticketSubject(first.subject), status: .open,
                    priority: row.priority, customerID: customerID, createdAt: first.at, updatedAt: now),
                actor: actor, at: now, detail: "split from #\(ticket)")
            let moved = rows.map { MovedMessage(id: $0.id, reason: $0.threadReason) }
            for m in moved {
                try db.exec(
                    "UPDATE message SET ticket_id = ?, thread_reason = ? WHERE id = ?",
                    [created, "split from #\(ticket)", m.id])
            }
            try Self.logEvent(
                on: db, ticket: ticket, actor: actor, at: now, kind: "split", old: nil, new: "#\(created)",
                detail: "\(moved.count) message\(moved.count == 1 ? "" : "s") moved to #\(created)")
            try Self.bump(on: db, ticket: ticket, now: now)
            try Self.recordUndo(
                db, ticket: ticket, other: created, actor: actor, at: now, kind: "split",
                payload: SplitUndo(source: ticket, created: created, messages: moved))
            try Self.refreshSLA(db, tickets: [ticket, created], book: book, now: now)
            return created
        }
    }

    static func undoSplit(_ db: any StoreConnection, _ u: SplitUndo, actor: String, now: Date) throws -> UndoResult {
        for m in u.messages {
            try db.exec(
                "UPDATE message SET ticket_id = ?, thread_reason = ? WHERE id = ? AND ticket_id = ?",
                [u.source, m.reason, m.id, u.created])
        }
        var tickets = [u.source]
        if try isUnused(db, ticket: u.created) {
            try db.exec("DELETE FROM ticket WHERE id = ?", [u.created])
        } else {
            // Mail joined the new ticket since: keep it, pointing at the original.
            let status = try ticketRow(on: db, u.created).status
            try setStatus(
                on: db, ticket: u.created, from: status, to: .merged, actor: actor, now: now, detail: "split undone")
            try db.exec("UPDATE ticket SET merged_into_id = ? WHERE id = ?", [u.source, u.created])
            try bump(on: db, ticket: u.created, now: now)
            tickets.append(u.created)
        }
        try logEvent(
            on: db, ticket: u.source, actor: actor, at: now, kind: "unsplit", old: "#\(u.created)", new: nil,
            detail: "split undone")
        try bump(on: db, ticket: u.source, now: now)
        return UndoResult(
            kind: "split", tickets: tickets,
            summary: "Undid the split of #\(u.created) from #\(u.source): \(u.messages.count) message(s) moved back")
    }
}
