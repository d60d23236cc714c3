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
    ///   ticket whose status this changed (docs/rules.md; on SQLite only so far).
    ///
    /// Runs on both engines (the store seam). The version is checked inside the transaction:
    /// on PostgreSQL a `SERIALIZABLE` transaction that lost to a concurrent change runs again
    /// and then finds the newer version, so a stale `expectedVersion` is refused there too.
    @discardableResult
    public func update(
        _ tickets: [Int64], _ changes: [TicketChange], actor: String, expectedVersion: Int? = nil,
        config: InboxConfig = InboxConfig(), rules: RuleBook? = nil, now: Date = Date()
    ) throws -> [TicketUpdate] {
        let book = try SLAPolicyBook(config)
        typealias C = TicketRecord.Columns
        return try transaction { db in
            var results: [TicketUpdate] = []
            for id in tickets {
                let row = try Self.ticketRow(on: db, id)
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
                        try Self.setStatus(
                            on: db, ticket: id, from: status, to: new, actor: actor, now: now, detail: nil)
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
                    try Self.runStatusRules(on: db, book: rules, config: config, ticket: id, now: now)
                }
                var version = row.version
                if !applied.isEmpty {
                    version = try Self.bump(on: db, ticket: id, now: now)
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

    /// ``ticketRow(on:_:)`` for the callers still on GRDB's `Database` (ingest, the rule engine).
    static func ticketRow(_ db: Database, _ id: Int64) throws -> TicketRow { try ticketRow(on: db, id) }

    /// Four columns, not a whole ``TicketRecord``, through a cached statement on SQLite: every
    /// workflow change and every rule action of an import reads it (issue 23). Either engine.
    static func ticketRow(on db: any StoreConnection, _ id: Int64) throws -> TicketRow {
        typealias C = TicketRecord.Columns
        guard
            let row = try db.rowsHot("SELECT status, version, queue_id, priority FROM ticket WHERE id = ?", [id])
                .first
        else {
            throw InboxError(.notFound, "There is no ticket #\(id) (list them with `inbox tickets`)")
        }
        return TicketRow(
            status: row[C.status] as TicketStatus? ?? .open, version: row[C.version], queueID: row[C.queueID],
            priority: row[C.priority])
    }

    /// The `status-changed` rules of ``runStatusRules(_:book:config:ticket:now:)``, on either engine.
    static func runStatusRules(
        on db: any StoreConnection, book: RuleBook, config: InboxConfig, ticket: Int64, now: Date
    ) throws {
        try runStatusRules(db, book: book, config: config, ticket: ticket, now: now)
    }

    /// A ticket's `priority` or `assignee` as stored.
    static func field(_ db: any StoreConnection, _ column: Column, ticket id: Int64) throws -> String? {
        try db.value(String.self, "SELECT \(column.name) FROM ticket WHERE id = ?", [id])
    }

    /// Sets a ticket's `priority` or `assignee` and logs the change (the event's kind is the
    /// column's name).
    static func setField(
        _ db: any StoreConnection, _ column: Column, ticket id: Int64, from old: String?, to new: String?,
        actor: String, now: Date, detail: String? = nil
    ) throws {
        try db.exec("UPDATE ticket SET \(column.name) = ? WHERE id = ?", [new, id])
        try logEvent(on: db, ticket: id, actor: actor, at: now, kind: column.name, old: old, new: new, detail: detail)
    }

    /// Adds or removes one tag and logs it; false when that was already so (nothing logged).
    static func tag(
        _ db: any StoreConnection, ticket id: Int64, _ name: String, adding: Bool, actor: String, now: Date,
        detail: String?
    ) throws -> Bool {
        let changed = try db.exec(
            adding
                ? "INSERT INTO tag(ticket_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "DELETE FROM tag WHERE ticket_id = ? AND name = ?",
            [id, name])
        guard changed > 0 else { return false }
        try logEvent(
            on: db, ticket: id, actor: actor, at: now, kind: "tag", old: adding ? nil : name, new: adding ? name : nil,
            detail: detail)
        return true
    }

    static func conflict(_ db: any StoreConnection, ticket id: Int64, expected: Int, current: Int) throws
        -> InboxError
    {
        var what = ""
        if let e = try db.record(
            EventRecord.self, "SELECT * FROM event WHERE ticket_id = ? ORDER BY at DESC, id DESC LIMIT 1", [id])
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
        try setStatus(on: db, ticket: id, from: old, to: new, actor: actor, now: now, detail: detail)
    }

    /// Moves the status and keeps `solved_at`/`closed_at` right; logs the event. Either engine;
    /// cached statements on SQLite (the rules of an import run it, issue 23). The times are
    /// bound straight to their columns (PostgreSQL types a parameter by where it goes, and one
    /// inside a `CASE` of parameters alone would be text).
    static func setStatus(
        on db: any StoreConnection, ticket id: Int64, from old: TicketStatus, to new: TicketStatus, actor: String,
        now: Date, detail: String?
    ) throws {
        let t = now.timeIntervalSince1970
        switch new {
        case .solved:
            try db.execHot(
                "UPDATE ticket SET status = ?, solved_at = ?, closed_at = NULL WHERE id = ?", [new.rawValue, t, id])
        case .closed:
            try db.execHot("UPDATE ticket SET status = ?, closed_at = ? WHERE id = ?", [new.rawValue, t, id])
        default:
            try db.execHot(
                "UPDATE ticket SET status = ?, solved_at = NULL, closed_at = NULL WHERE id = ?", [new.rawValue, id])
        }
        try logEvent(
            on: db, ticket: id, actor: actor, at: now, kind: "status", old: old.rawValue, new: new.rawValue,
            detail: detail)
    }

    /// ``bump(on:ticket:now:)`` for the callers still on GRDB's `Database` (ingest, the rules).
    static func bump(_ db: Database, ticket id: Int64, now: Date) throws -> Int {
        try bump(on: db, ticket: id, now: now)
    }

    // MARK: - Maintenance

    /// Closes tickets solved more than four days before `now` (DESIGN §6) and forgets stale
    /// presence. Cheap when there is nothing to do; every command that opens the store calls it.
    /// - Returns: the tickets it closed.
    @discardableResult
    public func runMaintenance(now: Date = Date()) throws -> [Int64] {
        try transaction { db in try Self.closeSolved(db, now: now) }
    }

    static func closeSolved(_ db: any StoreConnection, now: Date) throws -> [Int64] {
        let cutoff = now.timeIntervalSince1970 - solvedClosesAfter
        // Four days in the inbox as solved: an archive import stamps solved_at with the old
        // mail's date, but its tickets became solved here when they were imported.
        let ids = try db.values(
            Int64.self,
            """
            SELECT t.id FROM ticket t WHERE t.status = 'solved' AND t.solved_at <= ?
                AND COALESCE((SELECT MAX(e.at) FROM event e WHERE e.ticket_id = t.id AND e.new_value = 'solved'
                    AND e.kind IN ('status', 'created')), t.solved_at) <= ?
            """, [cutoff, cutoff])
        for id in ids {
            try setStatus(
                on: db, ticket: id, from: .solved, to: .closed, actor: "inbox", now: now, detail: "solved for 4 days")
            try bump(on: db, ticket: id, now: now)
        }
        try forgetStalePresence(db, now: now)
        return ids
    }

    // MARK: - SLA

    /// Recomputes and stores the due times of `tickets` (nothing when no policy has a target).
    static func refreshSLA(_ db: any StoreConnection, tickets: some Sequence<Int64>, book: SLAPolicyBook, now: Date)
        throws
    {
        guard !book.isEmpty else { return }
        // The instant as the event table stores it, so "now" and a change made now compare equal.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970)
        for id in tickets {
            guard let (history, policy, _) = try slaInputs(db, ticket: id, book: book) else { continue }
            guard let policy else {
                try db.exec(
                    """
                    UPDATE ticket SET first_response_due = NULL, next_response_due = NULL, resolution_due = NULL,
                        sla_policy = NULL, sla_warn_at = NULL WHERE id = ?
                    """, [id])
                continue
            }
            let report = SLAEngine.evaluate(history, policy: policy, now: now)
            func due(_ m: SLAMetric) -> Double? {
                guard let c = report.open(m), c.state == .running else { return nil }
                return c.due?.timeIntervalSince1970
            }
            try db.exec(
                """
                UPDATE ticket SET first_response_due = ?, next_response_due = ?, resolution_due = ?, sla_policy = ?,
                    sla_warn_at = ? WHERE id = ?
                """,
                [
                    due(.firstResponse), due(.nextResponse), due(.resolution), policy.name,
                    report.warnAt?.timeIntervalSince1970, id,
                ])
        }
    }

    static func slaInputs(_ db: any StoreConnection, ticket id: Int64, book: SLAPolicyBook) throws -> (
        SLAHistory, SLAPolicy?, String
    )? {
        guard
            let ticket = try db.record(
                SLATicket.self,
                "SELECT t.created_at, t.status, t.priority, t.channel, q.name AS queue FROM ticket t JOIN queue q ON q.id = t.queue_id WHERE t.id = ?",
                [id])
        else { return nil }
        let policy = book.policy(queue: ticket.queue, priority: ticket.priority, channel: ticket.channel)
        let events = try db.records(
            EventRecord.StatusChange.self,
            "SELECT ticket_id, at, kind, old_value, new_value FROM event WHERE ticket_id = ? AND kind IN ('created', 'status') ORDER BY at, id",
            [id])
        // `= 0`, not `NOT`: the flags are 0/1 integers on both engines, and PostgreSQL's NOT takes a boolean.
        let messages = try db.records(
            MessageRecord.SLATime.self,
            """
            SELECT m.ticket_id, \(Self.reportMessageTime) AS at, m.direction
            FROM message m WHERE m.ticket_id = ? AND m.automatic = 0 AND m.bounce = 0 AND m.direction != 'note'
            """, [id]
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
        return try snapshot { db in
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
        return try transaction { db in
            let ids = try db.values(
                Int64.self, "SELECT id FROM ticket WHERE status IN ('new', 'open', 'pending', 'on_hold')")
            if book.isEmpty {
                try db.exec(
                    "UPDATE ticket SET first_response_due = NULL, next_response_due = NULL, resolution_due = NULL, sla_policy = NULL, sla_warn_at = NULL WHERE sla_policy IS NOT NULL",
                    [])
            }
            try Self.refreshSLA(db, tickets: ids, book: book, now: now)
            return ids.count
        }
    }

    /// Number of tickets in the Breaching view: new or open, due within their warning window
    /// or overdue (list them with `TicketFilter(breachingAt:)`).
    public func breachingCount(now: Date = Date()) throws -> Int {
        try snapshot { db in
            try db.value(
                Int.self, "SELECT COUNT(*) FROM ticket t WHERE \(Self.breachingSQL)",
                StoreArguments(Self.breachingArguments(at: now).map { $0 as (any DatabaseValueConvertible)? })) ?? 0
        }
    }

    /// Number of tickets assigned to `agent`, whatever their status (the Mine view).
    public func ticketCount(assignee: String) throws -> Int {
        try snapshot { db in try db.value(Int.self, "SELECT COUNT(*) FROM ticket WHERE assignee = ?", [assignee]) ?? 0 }
    }

    // MARK: - Presence

    /// Records that `agent` is viewing or replying to `ticket` now. Call it again at least
    /// every 30 s (``PresenceInfo/lifetime``) while they stay; ``leave(ticket:agent:)`` when they go.
    /// - Throws: ``InboxError`` `.notFound` when there is no such ticket.
    public func touchPresence(ticket: Int64, agent: String, activity: PresenceActivity = .viewing, now: Date = Date())
        throws
    {
        try transaction { db in
            _ = try Self.ticketRow(on: db, ticket)
            try db.exec(
                """
                INSERT INTO presence(ticket_id, agent, activity, seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(ticket_id, agent) DO UPDATE SET activity = excluded.activity, seen_at = excluded.seen_at
                """, [ticket, agent, activity.rawValue, now.timeIntervalSince1970])
            // Long-expired rows are swept by maintenance (each TUI's, every minute), not here:
            // on PostgreSQL a sweep in every heartbeat made overlapping heartbeats conflict.
        }
    }

    /// Deletes heartbeats ten lifetimes old (a crashed TUI never said it left); younger
    /// expired ones are only hidden (``PresenceInfo/isLive(at:)``).
    static func forgetStalePresence(_ db: any StoreConnection, now: Date) throws {
        try db.exec(
            "DELETE FROM presence WHERE seen_at < ?", [now.timeIntervalSince1970 - 10 * PresenceInfo.lifetime])
    }

    /// Removes `agent`'s presence on `ticket` (or on every ticket when nil).
    public func leave(ticket: Int64?, agent: String) throws {
        try transaction { db in
            if let ticket {
                try db.exec("DELETE FROM presence WHERE agent = ? AND ticket_id = ?", [agent, ticket])
            } else {
                try db.exec("DELETE FROM presence WHERE agent = ?", [agent])
            }
        }
    }

    /// Live presence on a ticket (heartbeats younger than 30 s), most recent first.
    public func presence(ticket: Int64, now: Date = Date()) throws -> [PresenceInfo] {
        try snapshot { db in try Self.presence(db, ticket: ticket).filter { $0.isLive(at: now) } }
    }

    static func presence(_ db: any StoreConnection, ticket: Int64) throws -> [PresenceInfo] {
        try db.records(
            PresenceRecord.self, "SELECT * FROM presence WHERE ticket_id = ? ORDER BY seen_at DESC", [ticket]
        )
        .map(\.info)
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
        _ db: any StoreConnection, ticket: Int64, other: Int64?, actor: String, at: Date, kind: String, payload: P,
        undoes: Int64? = nil
    ) throws {
        let entry = UndoEntryRecord(
            id: nil, ticketID: ticket, otherTicketID: other, actor: actor, at: at, kind: kind,
            payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self), undoneAt: nil, undoes: undoes)
        try db.insert(entry)
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
        return try transaction { db in
            let entries = try db.records(
                UndoEntryRecord.self,
                "SELECT * FROM undo_entry WHERE (ticket_id = ? OR other_ticket_id = ?) AND actor = ? ORDER BY id DESC",
                [ticket, ticket, actor])
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
            try db.exec("UPDATE undo_entry SET undone_at = ? WHERE id = ?", [now.timeIntervalSince1970, id])
            // Undoing an undo puts its change back: that change can be undone again.
            if let reversed = entry.undoes {
                try db.exec("UPDATE undo_entry SET undone_at = NULL WHERE id = ?", [reversed])
            }
            try Self.refreshSLA(db, tickets: result.tickets, book: book, now: now)
            return result
        }
    }

    /// Puts back the fields `u` saved; returns what was done and the reversal (what this undo
    /// changed, to undo the undo).
    /// - Parameter since: the version the ticket must have (nobody else changed it since).
    static func undoChange(
        _ db: any StoreConnection, ticket id: Int64, _ u: ChangeUndo, since: Int, actor: String, now: Date
    ) throws -> (UndoResult, ChangeUndo) {
        let row = try ticketRow(on: db, id)
        guard row.version == since else {
            throw InboxError(
                .conflict,
                "Ticket #\(id) changed after your change (version \(since), now \(row.version)); nothing was undone (make the change you want with `inbox set`)"
            )
        }
        var done: [String] = []
        var reversal = ChangeUndo(version: 0)
        if let s = u.status.flatMap(TicketStatus.init(rawValue:)), s != row.status {
            try setStatus(on: db, ticket: id, from: row.status, to: s, actor: actor, now: now, detail: "undo")
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
        reversal.version = try bump(on: db, ticket: id, now: now)
        return (
            UndoResult(
                kind: "change", tickets: [id],
                summary: "Undid the last change to #\(id): \(done.joined(separator: " "))"),
            reversal
        )
    }
}
