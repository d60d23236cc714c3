import Foundation
import GRDB

/// Ticket workflow (DESIGN §6, docs/workflow.md): changes with optimistic concurrency, the
/// audit log, SLA bookkeeping, the solved → closed rule, presence and undo.
extension AppDatabase {
    /// Days a solved ticket stays solved before it closes.
    public static let solvedClosesAfter: TimeInterval = 4 * 86400

    // MARK: - Changes

    /// Applies `changes` to every ticket in `tickets`, in one transaction: all or nothing.
    ///
    /// Each effective change is an event naming `actor`; a ticket whose fields changed gets
    /// `version + 1` and fresh SLA due times. Changes that are already true (status=pending on
    /// a pending ticket) are skipped silently. The last change of each ticket can be undone
    /// with ``undo(ticket:actor:now:)``.
    /// - Parameter expectedVersion: the ``TicketDetail/version`` the caller read; when the
    ///   ticket has changed since, nothing is saved and an ``InboxError`` `.conflict` says who
    ///   changed what.
    /// - Throws: ``InboxError`` `.notFound`, `.badInput` (a refused status move), `.conflict`.
    /// - Parameter rules: the `status-changed` rules to run, in the same transaction, on each
    ///   ticket whose status this changed (docs/rules.md).
    @discardableResult
    public func update(
        _ tickets: [Int64], _ changes: [TicketChange], actor: String, expectedVersion: Int? = nil,
        config: InboxConfig = InboxConfig(), rules: RuleBook? = nil, now: Date = Date()
    ) throws -> [TicketUpdate] {
        let book = try SLAPolicyBook(config)
        typealias C = TicketRecord.Columns
        return try writer.write { db in
            var results: [TicketUpdate] = []
            for id in tickets {
                let row = try Self.ticketRow(db, id)
                if let expected = expectedVersion, row.version != expected {
                    throw try Self.conflict(db, ticket: id, expected: expected, current: row.version)
                }
                var applied: [String] = []
                var undo = ChangeUndo(version: 0)
                var status = row.status
                for change in changes {
                    switch change {
                    case .status(let new):
                        guard new != status else { continue }
                        if let why = status.refusal(to: new, ticket: id) { throw InboxError(.badInput, why) }
                        if undo.status == nil { undo.status = status.rawValue }
                        try Self.setStatus(db, ticket: id, from: status, to: new, actor: actor, now: now, detail: nil)
                        status = new
                    case .priority(let p):
                        let old = try Self.field(db, C.priority, ticket: id)
                        guard old != p.rawValue else { continue }
                        if undo.priority == nil { undo.priority = old }
                        try Self.setField(db, C.priority, ticket: id, from: old, to: p.rawValue, actor: actor, now: now)
                    case .assignee(let a):
                        let old = try Self.field(db, C.assignee, ticket: id)
                        guard old != a else { continue }
                        if !undo.assigneeChanged {
                            undo.assigneeChanged = true
                            undo.assignee = old
                        }
                        try Self.setField(db, C.assignee, ticket: id, from: old, to: a, actor: actor, now: now)
                    case .addTag(let t), .removeTag(let t):
                        let adding = if case .addTag = change { true } else { false }
                        guard try Self.tag(db, ticket: id, t, adding: adding, actor: actor, now: now, detail: nil)
                        else { continue }
                        undo.noteTag(t, added: adding)
                    }
                    applied.append(change.description)
                }
                if let rules, status != row.status {
                    try Self.runStatusRules(db, book: rules, config: config, ticket: id, now: now)
                }
                var version = row.version
                if !applied.isEmpty {
                    version = try Self.bump(db, ticket: id, now: now)
                    undo.version = version
                    try Self.recordUndo(
                        db, ticket: id, other: nil, actor: actor, at: now, kind: "change", payload: undo)
                    try Self.refreshSLA(db, tickets: [id], book: book, now: now)
                }
                results.append(TicketUpdate(id: id, version: version, applied: applied))
            }
            return results
        }
    }

    struct TicketRow {
        var status: TicketStatus
        var version: Int
        var queueID: Int64
        var priority: String
    }

    /// Four columns through a cached statement, not a whole ``TicketRecord``: every workflow
    /// change and every rule action of an import reads it (issue 23).
    static func ticketRow(_ db: Database, _ id: Int64) throws -> TicketRow {
        typealias C = TicketRecord.Columns
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT status, version, queue_id, priority FROM ticket WHERE id = ?"),
                arguments: [id])
        else { throw InboxError(.notFound, "There is no ticket #\(id) (list them with `inbox tickets`)") }
        return TicketRow(
            status: row[C.status] as TicketStatus? ?? .open, version: row[C.version], queueID: row[C.queueID],
            priority: row[C.priority])
    }

    /// A ticket's `priority` or `assignee` as stored.
    static func field(_ db: Database, _ column: Column, ticket id: Int64) throws -> String? {
        try String.fetchOne(db, TicketRecord.select(column).filter(key: id))
    }

    /// Sets a ticket's `priority` or `assignee` and logs the change (the event's kind is the
    /// column's name).
    static func setField(
        _ db: Database, _ column: Column, ticket id: Int64, from old: String?, to new: String?, actor: String,
        now: Date, detail: String? = nil
    ) throws {
        try TicketRecord.filter(key: id).updateAll(db, column.set(to: new))
        try logEvent(db, ticket: id, actor: actor, at: now, kind: column.name, old: old, new: new, detail: detail)
    }

    /// Adds or removes one tag and logs it; false when that was already so (nothing logged).
    static func tag(
        _ db: Database, ticket id: Int64, _ name: String, adding: Bool, actor: String, now: Date, detail: String?
    ) throws -> Bool {
        try db.execute(
            sql: adding
                ? "INSERT INTO tag(ticket_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "DELETE FROM tag WHERE ticket_id = ? AND name = ?",
            arguments: [id, name])
        guard db.changesCount > 0 else { return false }
        try logEvent(
            db, ticket: id, actor: actor, at: now, kind: "tag", old: adding ? nil : name, new: adding ? name : nil,
            detail: detail)
        return true
    }

    static func conflict(_ db: Database, ticket id: Int64, expected: Int, current: Int) throws -> InboxError {
        var what = ""
        if let e = try EventRecord.filter(EventRecord.Columns.ticketID == id)
            .order(EventRecord.Columns.at.desc, EventRecord.Columns.id.desc).fetchOne(db)
        {
            let change = [e.oldValue, e.newValue].compactMap { $0 }.joined(separator: " → ")
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.dateFormat = "HH:mm:ss"
            what =
                ": last \(e.actor) changed \(e.kind)\(change.isEmpty ? "" : " " + change) at \(f.string(from: e.at))"
        }
        return InboxError(
            .conflict,
            "Ticket #\(id) was changed by someone else after you read it (version \(expected), now \(current))\(what). Nothing was saved; reload the ticket (`inbox show \(id)`, or R in the TUI) and make your change again"
        )
    }

    /// Moves the status and keeps `solved_at`/`closed_at` right; logs the event.
    static func setStatus(
        _ db: Database, ticket id: Int64, from old: TicketStatus, to new: TicketStatus, actor: String, now: Date,
        detail: String?
    ) throws {
        let t = now.timeIntervalSince1970
        try db.cachedStatement(
            sql: """
                UPDATE ticket SET status = ?,
                    solved_at = CASE WHEN ? = 'solved' THEN ? WHEN ? = 'closed' THEN solved_at ELSE NULL END,
                    closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END
                WHERE id = ?
                """
        ).execute(arguments: [new.rawValue, new.rawValue, t, new.rawValue, new.rawValue, t, id])
        try logEvent(
            db, ticket: id, actor: actor, at: now, kind: "status", old: old.rawValue, new: new.rawValue, detail: detail)
    }

    /// `version + 1` and `updated_at = now`; returns the new version.
    static func bump(_ db: Database, ticket id: Int64, now: Date) throws -> Int {
        // Cached statements: rules bump a ticket for every action of an import (issue 23).
        try db.cachedStatement(
            sql: "UPDATE ticket SET version = version + 1, updated_at = MAX(updated_at, ?) WHERE id = ?"
        )
        .execute(arguments: [now.timeIntervalSince1970, id])
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM ticket WHERE id = ?"), arguments: [id])
            ?? 0
    }

    // MARK: - Maintenance

    /// Closes tickets solved more than four days before `now` (DESIGN §6) and forgets stale
    /// presence. Cheap when there is nothing to do; every command that opens the store calls it.
    /// - Returns: the tickets it closed.
    @discardableResult
    public func runMaintenance(now: Date = Date()) throws -> [Int64] {
        try writer.write { db in try Self.closeSolved(db, now: now) }
    }

    static func closeSolved(_ db: Database, now: Date) throws -> [Int64] {
        let cutoff = now.timeIntervalSince1970 - solvedClosesAfter
        // Four days in the inbox as solved: an archive import stamps solved_at with the old
        // mail's date, but its tickets became solved here when they were imported.
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT t.id FROM ticket t WHERE t.status = 'solved' AND t.solved_at <= ?1
                    AND COALESCE((SELECT MAX(e.at) FROM event e WHERE e.ticket_id = t.id AND e.new_value = 'solved'
                        AND e.kind IN ('status', 'created')), t.solved_at) <= ?1
                """, arguments: [cutoff])
        for id in ids {
            try setStatus(
                db, ticket: id, from: .solved, to: .closed, actor: "inbox", now: now, detail: "solved for 4 days")
            _ = try bump(db, ticket: id, now: now)
        }
        try PresenceRecord.filter(
            PresenceRecord.Columns.seenAt < now.timeIntervalSince1970 - 10 * PresenceInfo.lifetime
        )
        .deleteAll(db)
        return ids
    }

    // MARK: - SLA

    /// Recomputes and stores the due times of `tickets` (nothing when no policy has a target).
    static func refreshSLA(_ db: Database, tickets: some Sequence<Int64>, book: SLAPolicyBook, now: Date) throws {
        guard !book.isEmpty else { return }
        // The instant as the event table stores it, so "now" and a change made now compare equal.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970)
        for id in tickets {
            guard let (history, policy, _) = try slaInputs(db, ticket: id, book: book) else { continue }
            guard let policy else {
                try db.execute(
                    sql: """
                        UPDATE ticket SET first_response_due = NULL, next_response_due = NULL, resolution_due = NULL,
                            sla_policy = NULL, sla_warn_at = NULL WHERE id = ?
                        """, arguments: [id])
                continue
            }
            let report = SLAEngine.evaluate(history, policy: policy, now: now)
            func due(_ m: SLAMetric) -> Double? {
                guard let c = report.open(m), c.state == .running else { return nil }
                return c.due?.timeIntervalSince1970
            }
            try db.execute(
                sql: """
                    UPDATE ticket SET first_response_due = ?, next_response_due = ?, resolution_due = ?, sla_policy = ?,
                        sla_warn_at = ? WHERE id = ?
                    """,
                arguments: [
                    due(.firstResponse), due(.nextResponse), due(.resolution), policy.name,
                    report.warnAt?.timeIntervalSince1970, id,
                ])
        }
    }

    static func slaInputs(_ db: Database, ticket id: Int64, book: SLAPolicyBook) throws -> (
        SLAHistory, SLAPolicy?, String
    )? {
        guard
            let ticket = try SLATicket.fetchOne(
                db,
                sql:
                    "SELECT t.created_at, t.status, t.priority, t.channel, q.name AS queue FROM ticket t JOIN queue q ON q.id = t.queue_id WHERE t.id = ?",
                arguments: [id])
        else { return nil }
        let policy = book.policy(queue: ticket.queue, priority: ticket.priority, channel: ticket.channel)
        let events = try EventRecord.StatusChange.fetchAll(
            db,
            sql:
                "SELECT ticket_id, at, kind, old_value, new_value FROM event WHERE ticket_id = ? AND kind IN ('created', 'status') ORDER BY at, id",
            arguments: [id])
        let messages = try MessageRecord.SLATime.fetchAll(
            db,
            sql: """
                SELECT m.ticket_id, \(Self.reportMessageTime) AS at, m.direction
                FROM message m WHERE m.ticket_id = ? AND NOT m.automatic AND NOT m.bounce AND m.direction != 'note'
                """, arguments: [id]
        ).map(\.message)
        let history = slaHistory(
            createdAt: ticket.createdAt, current: ticket.status, events: events, messages: messages)
        return (history, policy, ticket.queue)
    }

    /// What the SLA clocks read of a ticket.
    private struct SLATicket: Decodable, FetchableRecord, EpochDatedRecord {
        var createdAt: Date
        var status: TicketStatus
        var priority: TicketPriority
        var channel, queue: String

        enum CodingKeys: String, CodingKey {
            case status, priority, channel, queue, createdAt = "created_at"
        }
    }

    /// A ticket's SLA history from its `created`/`status` events (in time order: `at`, `kind`,
    /// `old_value`, `new_value`) and its people's messages; shared with the reports.
    static func slaHistory(
        createdAt: Date, current: TicketStatus, events: [EventRecord.StatusChange], messages: [SLAHistory.Message]
    )
        -> SLAHistory
    {
        var statuses: [SLAHistory.StatusChange] = []
        for e in events {
            if statuses.isEmpty, e.kind == "status", let old = TicketStatus(rawValue: e.oldValue ?? "") {
                statuses.append(.init(at: createdAt, status: old))
            }
            if let new = TicketStatus(rawValue: e.newValue ?? "") {
                let at = e.kind == "created" ? createdAt : e.at
                statuses.append(.init(at: at, status: new))
            }
        }
        if statuses.isEmpty { statuses = [.init(at: createdAt, status: current)] }
        return SLAHistory(createdAt: createdAt, statuses: statuses, messages: messages)
    }

    /// The SLA clocks and timeline of a ticket at `now`, or nil when no policy applies.
    /// - Throws: ``InboxError`` `.config` for a bad `[sla]` table, `.notFound`.
    public func slaReport(_ id: Int64, config: InboxConfig, now: Date = Date()) throws -> SLAReport? {
        let book = try SLAPolicyBook(config)
        guard !book.isEmpty else { return nil }
        return try reader.read { db in
            guard let (history, policy, _) = try Self.slaInputs(db, ticket: id, book: book) else {
                throw InboxError(.notFound, "There is no ticket #\(id) (list them with `inbox tickets`)")
            }
            let now = Date(timeIntervalSince1970: now.timeIntervalSince1970)
            return policy.map { SLAEngine.evaluate(history, policy: $0, now: now) }
        }
    }

    /// Recomputes every open ticket's due times, e.g. after the `[sla]` table changed.
    /// - Returns: how many tickets were recomputed.
    @discardableResult
    public func recomputeSLA(config: InboxConfig, now: Date = Date()) throws -> Int {
        let book = try SLAPolicyBook(config)
        return try writer.write { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM ticket WHERE status IN ('new', 'open', 'pending', 'on_hold')")
            if book.isEmpty {
                try db.execute(
                    sql:
                        "UPDATE ticket SET first_response_due = NULL, next_response_due = NULL, resolution_due = NULL, sla_policy = NULL, sla_warn_at = NULL WHERE sla_policy IS NOT NULL"
                )
            }
            try Self.refreshSLA(db, tickets: ids, book: book, now: now)
            return ids.count
        }
    }

    /// Number of tickets in the Breaching view: new or open, due within their warning window
    /// or overdue (list them with `TicketFilter(breachingAt:)`).
    public func breachingCount(now: Date = Date()) throws -> Int {
        try reader.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM ticket t WHERE \(Self.breachingSQL)",
                arguments: StatementArguments(
                    Self.breachingArguments(at: now).map { $0 as (any DatabaseValueConvertible)? }))
                ?? 0
        }
    }

    /// Number of tickets assigned to `agent`, whatever their status (the Mine view).
    public func ticketCount(assignee: String) throws -> Int {
        try reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket WHERE assignee = ?", arguments: [assignee]) ?? 0
        }
    }

    // MARK: - Presence

    /// Records that `agent` is viewing or replying to `ticket` now. Call it again at least
    /// every 30 s (``PresenceInfo/lifetime``) while they stay; ``leave(ticket:agent:)`` when they go.
    /// - Throws: ``InboxError`` `.notFound` when there is no such ticket.
    public func touchPresence(ticket: Int64, agent: String, activity: PresenceActivity = .viewing, now: Date = Date())
        throws
    {
        try writer.write { db in
            _ = try Self.ticketRow(db, ticket)
            // REPLACE, not GRDB's `upsert`, which asks for the rowid of this WITHOUT ROWID table.
            try PresenceRecord(ticketID: ticket, agent: agent, activity: activity, seenAt: now)
                .insert(db, onConflict: .replace)
        }
    }

    /// Removes `agent`'s presence on `ticket` (or on every ticket when nil).
    public func leave(ticket: Int64?, agent: String) throws {
        typealias C = PresenceRecord.Columns
        try writer.write { db in
            var gone = PresenceRecord.filter(C.agent == agent)
            if let ticket { gone = gone.filter(C.ticketID == ticket) }
            _ = try gone.deleteAll(db)
        }
    }

    /// Live presence on a ticket (heartbeats younger than 30 s), most recent first.
    public func presence(ticket: Int64, now: Date = Date()) throws -> [PresenceInfo] {
        try reader.read { db in try Self.presence(db, ticket: ticket).filter { $0.isLive(at: now) } }
    }

    static func presence(_ db: Database, ticket: Int64) throws -> [PresenceInfo] {
        try PresenceRecord.filter(PresenceRecord.Columns.ticketID == ticket)
            .order(PresenceRecord.Columns.seenAt.desc).fetchAll(db).map(\.info)
    }

    // MARK: - Undo

    struct ChangeUndo: Codable {
        var version: Int
        var status: String?
        var priority: String?
        var assigneeChanged = false
        var assignee: String?
        var tagsAdded: [String] = []
        var tagsRemoved: [String] = []

        /// Notes that tag `name` was added (or removed): undoing removes (or adds) it back,
        /// unless this change had first done the opposite.
        mutating func noteTag(_ name: String, added: Bool) {
            func cancel(_ earlier: inout [String], else later: inout [String]) {
                if let i = earlier.firstIndex(of: name) { earlier.remove(at: i) } else { later.append(name) }
            }
            if added { cancel(&tagsRemoved, else: &tagsAdded) } else { cancel(&tagsAdded, else: &tagsRemoved) }
        }
    }

    static func recordUndo<P: Encodable>(
        _ db: Database, ticket: Int64, other: Int64?, actor: String, at: Date, kind: String, payload: P,
        undoes: Int64? = nil
    ) throws {
        var entry = UndoEntryRecord(
            id: nil, ticketID: ticket, otherTicketID: other, actor: actor, at: at, kind: kind,
            payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self), undoneAt: nil, undoes: undoes)
        try entry.insert(db)
    }

    /// Reverses the newest change, merge or split that `actor` made on `ticket` and has not
    /// undone: undo is a stack per agent per ticket.
    ///
    /// Several undos in a row step back through that agent's changes, newest first. Each undo
    /// is recorded as a change of its own (naming the entry it reversed), which the run of undos
    /// steps over; once the agent makes another change, a later run of undos reaches that undo
    /// and reverses it too (the undo of an undo puts the change back, and the change it had
    /// undone can then be undone again).
    ///
    /// A field change is undone only while nobody else has changed the ticket since (the
    /// agent's own changes and undos in between are fine); a merge moves the merged messages
    /// back even when mail arrived since (new mail stays); a split moves the messages back and
    /// removes the ticket it created when nothing else joined it.
    /// - Throws: ``InboxError`` `.notFound` when there is nothing (more) to undo, `.conflict`.
    @discardableResult
    public func undo(ticket: Int64, actor: String, config: InboxConfig = InboxConfig(), now: Date = Date()) throws
        -> UndoResult
    {
        let book = try SLAPolicyBook(config)
        return try writer.write { db in
            typealias C = UndoEntryRecord.Columns
            let entries = try UndoEntryRecord.filter(
                (C.ticketID == ticket || C.otherTicketID == ticket) && C.actor == actor
            )
            .order(C.id.desc).fetchAll(db)
            // The undos of the current run (newest first, nothing else in between) are stepped over.
            let run = entries.prefix { $0.undoes != nil }
            guard let entry = entries.dropFirst(run.count).first(where: { $0.undoneAt == nil }), let id = entry.id
            else {
                throw InboxError(
                    .notFound,
                    run.isEmpty
                        ? "\(actor) has nothing to undo on ticket #\(ticket)"
                        : "\(actor) has no older change to undo on ticket #\(ticket)")
            }
            let payload = Data(entry.payload.utf8)
            let target = entry.ticketID
            let result: UndoResult
            switch entry.kind {
            case "change":
                // Every version since the entry's must be this agent's own (a change or an undo).
                let mine = entries.filter { ($0.id ?? 0) > id && $0.ticketID == target && $0.kind == "change" }
                let u = try JSONDecoder().decode(ChangeUndo.self, from: payload)
                let (undone, reversal) = try Self.undoChange(
                    db, ticket: target, u, since: u.version + mine.count, actor: actor, now: now)
                result = undone
                try Self.recordUndo(
                    db, ticket: target, other: nil, actor: actor, at: now, kind: "change", payload: reversal, undoes: id
                )
            case "merge":
                result = try Self.undoMerge(
                    db, JSONDecoder().decode(MergeUndo.self, from: payload), actor: actor, now: now)
            case "split":
                result = try Self.undoSplit(
                    db, JSONDecoder().decode(SplitUndo.self, from: payload), actor: actor, now: now)
            case "release":
                result = try Self.undoRelease(
                    db, JSONDecoder().decode(ReleaseUndo.self, from: payload), actor: actor, now: now)
            default:
                throw InboxError(
                    .badInput, "This inbox cannot undo a \"\(entry.kind)\" (is it from a newer version?)")
            }
            try UndoEntryRecord.filter(key: id).updateAll(db, C.undoneAt.set(to: now.timeIntervalSince1970))
            // Undoing an undo puts its change back: that change can be undone again.
            if let reversed = entry.undoes {
                try UndoEntryRecord.filter(key: reversed).updateAll(db, C.undoneAt.set(to: nil))
            }
            try Self.refreshSLA(db, tickets: result.tickets, book: book, now: now)
            return result
        }
    }

    /// Puts back the fields `u` saved; returns what was done and the reversal (what this undo
    /// changed, to undo the undo).
    /// - Parameter since: the version the ticket must have (nobody else changed it since).
    static func undoChange(
        _ db: Database, ticket id: Int64, _ u: ChangeUndo, since: Int, actor: String, now: Date
    ) throws -> (UndoResult, ChangeUndo) {
        let row = try ticketRow(db, id)
        guard row.version == since else {
            throw InboxError(
                .conflict,
                "Ticket #\(id) changed after your change (version \(since), now \(row.version)); nothing was undone (make the change you want with `inbox set`)"
            )
        }
        var done: [String] = []
        var reversal = ChangeUndo(version: 0)
        if let s = u.status.flatMap(TicketStatus.init(rawValue:)), s != row.status {
            try setStatus(db, ticket: id, from: row.status, to: s, actor: actor, now: now, detail: "undo")
            reversal.status = row.status.rawValue
            done.append("status=\(s.rawValue)")
        }
        typealias C = TicketRecord.Columns
        if let p = u.priority {
            let old = try field(db, C.priority, ticket: id)
            try setField(db, C.priority, ticket: id, from: old, to: p, actor: actor, now: now, detail: "undo")
            reversal.priority = old
            done.append("priority=\(p)")
        }
        if u.assigneeChanged {
            let a = u.assignee
            let old = try field(db, C.assignee, ticket: id)
            try setField(db, C.assignee, ticket: id, from: old, to: a, actor: actor, now: now, detail: "undo")
            reversal.assigneeChanged = true
            reversal.assignee = old
            done.append("assignee=\(a ?? "")")
        }
        for (t, adding) in u.tagsAdded.map({ ($0, false) }) + u.tagsRemoved.map({ ($0, true) }) {
            guard try tag(db, ticket: id, t, adding: adding, actor: actor, now: now, detail: "undo") else { continue }
            if adding { reversal.tagsAdded.append(t) } else { reversal.tagsRemoved.append(t) }
            done.append("tag\(adding ? "+" : "-")=\(t)")
        }
        reversal.version = try bump(db, ticket: id, now: now)
        return (
            UndoResult(
                kind: "change", tickets: [id],
                summary: "Undid the last change to #\(id): \(done.joined(separator: " "))"),
            reversal
        )
    }
}
