import Foundation
import GRDB

/// An agent of `[[agents]]` with whether they take new assignments (`inbox agents list`).
public struct AgentAvailability: Codable, Sendable, Equatable {
    public var name: String
    public var email: String?
    public var away: Bool
    /// Since when they are away.
    public var since: Date?
    /// Their new, open, pending and on-hold tickets.
    public var open: Int
}

/// An automatic reply a `reply=` rule asked for, waiting to be composed and queued.
public struct PendingAutoReply: Sendable, Equatable {
    public var id: Int64
    public var ticketID: Int64
    public var customer: String
    public var rule: String
    public var template: String
    public var createdAt: Date
}

/// An inbound message as `inbox rules test` replays it: when it counts as arriving, and
/// whether it opened its ticket.
private struct ReplayedMessage: StoreRow {
    var id: Int64
    var ticketID: Int64
    var at: Date
    var first: Bool
}

/// Thrown out of the replay's transaction with what the rules did, so that it rolls back on
/// either engine (``AppDatabase/testRules(_:config:since:now:)``).
private struct ReplayDone: Error {
    var outcomes: [RuleOutcome]
}

/// Rules, snooze and agent availability (DESIGN §16, docs/rules.md), written once for both
/// engines on the store seam (``StoreConnection``).
extension AppDatabase {
    // MARK: - Rules in the store's transactions

    /// Runs the `status-changed` rules of `ticket` inside an open transaction
    /// (``update(_:_:actor:expectedVersion:config:rules:now:)``), on either engine.
    static func runStatusRules(
        _ db: any StoreConnection, book: RuleBook, config: InboxConfig, ticket: Int64, now: Date
    ) throws {
        var engine = try RuleEngine(book: book, config: config)
        guard engine.hasRules(.statusChanged) else { return }
        _ = try engine.run(db, trigger: .statusChanged, ticket: ticket, now: now)
    }

    /// Runs the schedule rules that are due as of `now` (each once per `every`): the tickets
    /// matching a rule's query are found with the search index, then each is checked again
    /// and changed in the write transaction. Returns what the rules did.
    /// - Throws: ``InboxError`` for a bad SLA calendar; database errors.
    public func runScheduleRules(_ book: RuleBook, config: InboxConfig, now: Date = Date()) throws -> [RuleOutcome] {
        let rules = book.rules(for: .schedule)
        guard !rules.isEmpty else { return [] }
        let calendar = try config.slaCalendar()
        let sla = try SLAPolicyBook(config)
        var outcomes: [RuleOutcome] = []
        // SQLite's index file may lag the store; PostgreSQL's full text is a generated column.
        if engine == .sqlite { _ = try? catchUpSearchIndex() }
        for rule in rules {
            let key = "schedule." + rule.name
            // A tick a few seconds early still counts: `sync --watch` ticks every minute.
            func due(_ db: any StoreConnection) throws -> Bool {
                guard let last = try RuleStateRecord.value(db, key).flatMap({ Double($0) }) else { return true }
                return now.timeIntervalSince1970 - last >= (rule.every ?? 3600) - 30
            }
            guard try snapshot(due) else { continue }
            let compiler = SearchCompiler(level: .tickets, now: now, me: [], calendar: calendar, engine: engine)
            let c = try compiler.compile(rule.query)
            var clauses = ["t.status NOT IN ('merged')"]
            var arguments: StoreArguments = []
            if let match = c.match {
                clauses.append(compiler.textCondition)
                arguments = [match]
            }
            clauses += c.conditions
            arguments = arguments + c.storeArguments
            let candidates = try snapshot { db in
                try db.values(
                    Int64.self, "SELECT t.id FROM ticket t WHERE \(clauses.joined(separator: " AND ")) ORDER BY t.id",
                    arguments)
            }
            let done = try transaction { db -> [RuleOutcome] in
                // Asked again where the stamp is written: two workers ticking together (each
                // `sync --watch` ticks) both saw the rule due above, and only one may run it.
                guard try due(db) else { return [] }
                var engine = try RuleEngine(book: book, config: config)
                var out: [RuleOutcome] = []
                for id in candidates {
                    out += try engine.run(db, trigger: .schedule, ticket: id, now: now, only: [rule])
                }
                try Self.refreshSLA(db, tickets: out.map(\.ticket), book: sla, now: now)
                try RuleStateRecord.set(db, key, String(now.timeIntervalSince1970))
                return out
            }
            outcomes += done
        }
        return outcomes
    }

    /// Replays the stored history since `since` through `book`, as if each inbound message
    /// arrived again now in the order received (`ticket-created` for a ticket's first
    /// message, then `message-in`), then the schedule rules as of `now`, and returns what
    /// every rule would have done. Everything runs in one transaction that is rolled back:
    /// the database is left exactly as it was.
    ///
    /// Conditions see the tickets as they are now plus the replay's own changes (the store
    /// keeps no snapshot of a ticket's past fields); `is:business-hours`, ages and the
    /// once-a-day limit of `reply=` use each message's date.
    public func testRules(_ book: RuleBook, config: InboxConfig, since: Date, now: Date = Date()) throws
        -> [RuleOutcome]
    {
        do {
            try transaction { db in
                var outcomes: [RuleOutcome] = []
                var engine = try RuleEngine(book: book, config: config)
                // `first` as a 0/1 integer (`CASE`): PostgreSQL's `=` is a boolean.
                let messages = try db.records(
                    ReplayedMessage.self,
                    """
                    SELECT m.id, m.ticket_id, COALESCE(m.date, m.received_at) AS at,
                        CASE WHEN m.id = (SELECT MIN(f.id) FROM message f WHERE f.ticket_id = m.ticket_id AND f.direction = 'inbound')
                            THEN 1 ELSE 0 END AS first
                    FROM message m
                    WHERE m.direction = 'inbound' AND m.ticket_id IS NOT NULL AND COALESCE(m.date, m.received_at) >= ?
                    ORDER BY m.received_at, m.id
                    """, [since.timeIntervalSince1970])
                for m in messages {
                    if m.first {
                        outcomes += try engine.run(
                            db, trigger: .ticketCreated, ticket: m.ticketID, now: m.at, texts: .message(m.id))
                    }
                    outcomes += try engine.run(
                        db, trigger: .messageIn, ticket: m.ticketID, now: m.at, texts: .message(m.id))
                }
                if engine.hasRules(.schedule) {
                    let tickets = try db.values(
                        Int64.self,
                        "SELECT id FROM ticket WHERE status NOT IN ('merged', 'closed') AND updated_at >= ? ORDER BY id",
                        [since.timeIntervalSince1970])
                    for ticket in tickets {
                        outcomes += try engine.run(db, trigger: .schedule, ticket: ticket, now: now)
                    }
                }
                // Thrown, not returned: the transaction rolls back on either engine.
                throw ReplayDone(outcomes: outcomes)
            }
        } catch let done as ReplayDone {
            return done.outcomes
        }
        return []
    }

    // MARK: - Snooze

    /// Snoozes `tickets` until `until`: they leave the views (the Snoozed view lists them)
    /// until then or a customer reply. One transaction; an event per ticket.
    /// - Throws: ``InboxError`` `.notFound` for a missing ticket, `.badInput` for a time not in the future.
    public func snooze(_ tickets: [Int64], until: Date, actor: String, now: Date = Date()) throws {
        guard until > now else {
            throw InboxError(.badInput, "The snooze time is not in the future (give a later time)")
        }
        try transaction { db in
            for id in tickets {
                _ = try Self.ticketRow(on: db, id)
                try Self.setSnooze(db, ticket: id, until: until, actor: actor, now: now)
                _ = try Self.bump(on: db, ticket: id, now: now)
            }
        }
    }

    /// Ends the snooze of `tickets` now (they come back marked, reason "agent").
    public func unsnooze(_ tickets: [Int64], actor: String, now: Date = Date()) throws {
        try transaction { db in
            for id in tickets {
                _ = try Self.ticketRow(on: db, id)
                if try Self.wake(db, ticket: id, reason: "agent", actor: actor, now: now) {
                    _ = try Self.bump(on: db, ticket: id, now: now)
                }
            }
        }
    }

    static func setSnooze(_ db: any StoreConnection, ticket id: Int64, until: Date, actor: String, now: Date) throws {
        let old = try db.value(Double.self, "SELECT snoozed_until FROM ticket WHERE id = ?", [id])
        try db.exec(
            "UPDATE ticket SET snoozed_until = ?, snooze_woke = NULL WHERE id = ?", [until.timeIntervalSince1970, id])
        try logEvent(
            on: db, ticket: id, actor: actor, at: now, kind: "snooze",
            old: old.map { Self.isoTime(Date(timeIntervalSince1970: $0)) },
            new: Self.isoTime(until))
    }

    /// Wakes a snoozed ticket; returns false when it was not snoozed.
    @discardableResult
    static func wake(_ db: any StoreConnection, ticket id: Int64, reason: String, actor: String, now: Date) throws
        -> Bool
    {
        // Ingest asks for every customer reply: a cached statement on SQLite.
        guard let until = try db.valueHot(Double.self, "SELECT snoozed_until FROM ticket WHERE id = ?", [id]) else {
            return false
        }
        try db.exec("UPDATE ticket SET snoozed_until = NULL, snooze_woke = ? WHERE id = ?", [reason, id])
        let detail =
            switch reason {
            case "reply": "woke early: the customer replied"
            case "time": "woke at its time"
            default: "snooze ended by \(actor)"
            }
        try logEvent(
            on: db, ticket: id, actor: actor, at: now, kind: "snooze",
            old: Self.isoTime(Date(timeIntervalSince1970: until)), new: nil,
            detail: detail)
        return true
    }

    /// Wakes every ticket whose snooze time has come by `now` (`inbox tick`). Returns them.
    @discardableResult
    public func wakeSnoozed(now: Date = Date()) throws -> [Int64] {
        try transaction { db in
            let due = try db.values(
                Int64.self, "SELECT id FROM ticket WHERE snoozed_until <= ? ORDER BY id", [now.timeIntervalSince1970])
            for id in due {
                try Self.wake(db, ticket: id, reason: "time", actor: "inbox", now: now)
                _ = try Self.bump(on: db, ticket: id, now: now)
            }
            return due
        }
    }

    /// True when a search names `is:snoozed` (then the views' filter keeps snoozed tickets).
    static func asksForSnoozed(_ text: String) -> Bool {
        guard let q = try? SearchQuery.parse(text) else { return false }
        func walk(_ q: SearchQuery) -> Bool {
            switch q {
            case .field(let f): f.name == "is" && f.value.lowercased() == "snoozed"
            case .text: false
            case .not(let inner): walk(inner)
            case .and(let items), .or(let items): items.contains(where: walk)
            }
        }
        return walk(q)
    }

    static func isoTime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: date)
    }

    // MARK: - Agents

    /// The agents of `[[agents]]` with their availability and open tickets.
    public func agentAvailability(config: InboxConfig) throws -> [AgentAvailability] {
        try snapshot { db in
            var away: [String: Date] = [:]
            for a in try db.records(AgentAwayRecord.self, "SELECT * FROM agent_away") {
                away[a.name.lowercased()] = a.since
            }
            // `COLLATE NOCASE` is SQLite's; `lower()` on both sides on PostgreSQL.
            let sameAssignee =
                db.engineKind == .postgresql ? "lower(assignee) = lower(?)" : "assignee = ? COLLATE NOCASE"
            return try (config.agents ?? []).map { a in
                let open =
                    try db.value(
                        Int.self,
                        "SELECT COUNT(*) FROM ticket WHERE \(sameAssignee) AND status IN ('new', 'open', 'pending', 'on_hold')",
                        [a.name]) ?? 0
                let since = away[a.name.lowercased()]
                return AgentAvailability(name: a.name, email: a.email, away: since != nil, since: since, open: open)
            }
        }
    }

    /// Marks an agent of `[[agents]]` away (no new assignments by rules) or back.
    /// - Throws: ``InboxError`` `.notFound` naming the agents when `name` is not one of them.
    public func setAway(_ name: String, away: Bool, config: InboxConfig, actor: String, now: Date = Date()) throws {
        guard let agent = (config.agents ?? []).first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame })
        else {
            let names = (config.agents ?? []).map(\.name)
            throw InboxError(
                .notFound,
                names.isEmpty
                    ? "There are no [[agents]] in config.toml (add one per agent: name = \"…\", email = \"…\")"
                    : "There is no agent named \"\(name)\" in [[agents]] (agents: \(names.joined(separator: ", ")))")
        }
        try transaction { db in
            if away {
                // Names are unique regardless of (ASCII) case: SQLite's NOCASE key, PostgreSQL's
                // index on lower(name); a config.toml that changed a name's case still matches.
                let target = db.engineKind == .postgresql ? "((lower(name)))" : "(name)"
                try db.exec(
                    "INSERT INTO agent_away(name, since, actor) VALUES (?, ?, ?) ON CONFLICT\(target) DO NOTHING",
                    [agent.name, now.timeIntervalSince1970, actor])
            } else {
                // The same match as the insert's conflict: NOCASE on SQLite, lower() on PostgreSQL.
                let match =
                    db.engineKind == .postgresql ? "lower(name) = lower(CAST(? AS TEXT))" : "name = ? COLLATE NOCASE"
                try db.exec("DELETE FROM agent_away WHERE \(match)", [agent.name])
            }
        }
    }

    // MARK: - Automatic replies

    /// Automatic replies that rules asked for and that are not yet in the outbox, oldest first.
    public func pendingAutoReplies() throws -> [PendingAutoReply] {
        try snapshot { db in
            try db.records(
                RuleReplyRecord.self, "SELECT * FROM rule_reply WHERE state = ? ORDER BY id",
                [RuleReplyState.pending.rawValue]
            ).map(\.pending)
        }
    }

    /// The outbox row of the message with this Message-ID, if one was queued.
    public func outboxID(messageID: String) throws -> Int64? {
        try snapshot { db in
            try db.value(Int64.self, "SELECT id FROM outbox WHERE message_id = ?", [messageID])
        }
    }

    /// Records what became of an automatic reply: queued in the outbox, or skipped with why
    /// (an event on the ticket says so).
    public func finishAutoReply(_ reply: PendingAutoReply, outboxID: Int64?, error: String?, now: Date = Date()) throws
    {
        try transaction { db in
            let changed = try db.exec(
                "UPDATE rule_reply SET state = ?, outbox_id = ?, error = ? WHERE id = ? AND state = ?",
                [
                    (outboxID == nil ? RuleReplyState.skipped : .queued).rawValue, outboxID, error, reply.id,
                    RuleReplyState.pending.rawValue,
                ])
            if let error, changed > 0 {
                try Self.logEvent(
                    on: db, ticket: reply.ticketID, actor: "rule:" + reply.rule, at: now, kind: "auto_reply_skipped",
                    old: nil,
                    new: reply.template, detail: error)
            }
        }
    }
}

extension AppDatabase {
    /// Number of snoozed tickets (the Snoozed view's count).
    public func snoozedCount() throws -> Int {
        try snapshot { db in
            try db.value(Int.self, "SELECT COUNT(*) FROM ticket WHERE snoozed_until IS NOT NULL") ?? 0
        }
    }
}
