import Foundation
import GRDB

/// What one rule did to one ticket (`inbox rules test`, `inbox tick`).
public struct RuleOutcome: Codable, Sendable, Equatable {
    public var rule: String
    public var trigger: String
    public var ticket: Int64
    /// When it ran (for a replay: the message's date).
    public var at: Date
    /// The actions that changed something, as written (`tag+=return`).
    public var actions: [String]
    /// Actions that changed nothing, with why (`reply=ack: already answered today`).
    public var skipped: [String]
}

/// Runs rules inside one open write transaction (DESIGN §16), on either engine (the store
/// seam, ``StoreConnection``): conditions are the search language compiled by
/// ``SearchCompiler`` at the `.rule` level for the store's engine and evaluated by the database
/// for the one ticket; actions are written with the workflow's own seam functions and logged
/// as events whose actor is `rule:NAME`.
///
/// All rules of an event are evaluated in one statement; after a rule that changed the ticket
/// the later ones are evaluated again. Not thread-safe; lives as long as the transaction.
struct RuleEngine {
    /// What free words and phrases of a condition are matched against.
    enum Texts {
        /// Every message of the ticket (`status-changed`, `schedule`).
        case ticket
        /// The message that came in (`message-in`, `ticket-created` in a replay), by row id.
        case message(Int64)
        /// The message that came in, already folded by the import (no second fold), with what
        /// the import knows of it: the rules are then evaluated in Swift (``RulePredicate``).
        case folded(SearchIndex.Document, IncomingFacts)
    }

    let book: RuleBook
    let ownAddresses: Set<String>
    /// Names of `[[agents]]`, in file order: the candidates of round-robin and least-busy.
    let agents: [String]
    let calendar: BusinessCalendar
    private var byTrigger: [RuleTrigger: [Rule]] = [:]
    /// When ``compiled`` and ``predicates`` were compiled (each only when first needed: the
    /// import uses only the predicates, a replay only the SQL).
    private var compiledAt: Date?
    private var predicatesAt: Date?
    private var compiled: [String: (sql: String, arguments: [any DatabaseValueConvertible & Sendable])] = [:]
    private var predicates: [String: RulePredicate] = [:]
    private var ftsReady = false
    /// The engine the conditions were compiled for (the first connection's).
    private var engineKind: StoreEngineKind = .sqlite

    init(book: RuleBook, config: InboxConfig) throws {
        self.book = book
        self.ownAddresses = config.ownAddresses
        self.agents = (config.agents ?? []).map(\.name)
        self.calendar = try config.slaCalendar()
        for trigger in RuleTrigger.allCases { byTrigger[trigger] = book.rules(for: trigger) }
    }

    func hasRules(_ trigger: RuleTrigger) -> Bool { !(byTrigger[trigger] ?? []).isEmpty }

    /// Runs the rules of `trigger` (or only `only`) on `ticket` as of `now`.
    mutating func run(
        _ db: any StoreConnection, trigger: RuleTrigger, ticket: Int64, now: Date, texts: Texts = .ticket,
        only: [Rule]? = nil
    ) throws -> [RuleOutcome] {
        let rules = only ?? byTrigger[trigger] ?? []
        guard !rules.isEmpty else { return [] }
        if db.engineKind != engineKind {
            engineKind = db.engineKind
            compiledAt = nil
            predicatesAt = nil
        }
        if case .folded(let document, let facts) = texts {
            try compilePredicates(now)
            return try runInSwift(
                db, rules, trigger: trigger, ticket: ticket, now: now, document: document, facts: facts)
        }
        try compileAll(now)
        // Words and message terms (`from:`, `has:attachment`) both look at the messages loaded here.
        try loadTexts(db, ticket: ticket, texts: texts)
        var matches = try evaluate(db, rules[...], ticket: ticket)
        var outcomes: [RuleOutcome] = []
        var i = 0
        while i < rules.count {
            if matches[i] {
                let outcome = try apply(db, rules[i], trigger: trigger, ticket: ticket, now: now)
                outcomes.append(outcome)
                if rules[i].stop { break }
                if !outcome.actions.isEmpty && i + 1 < rules.count {
                    let rest = try evaluate(db, rules[(i + 1)...], ticket: ticket)
                    for (k, m) in rest.enumerated() { matches[i + 1 + k] = m }
                }
            }
            i += 1
        }
        return outcomes
    }

    /// The import's path: each rule's condition evaluated in Swift over the incoming message
    /// and the ticket's fields, asking SQLite only for the terms it alone answers (and loading
    /// `temp.rule_fts` only then). Rules are evaluated in order against the ticket as the rules
    /// before them left it, as ``run(_:trigger:ticket:now:texts:only:)`` does with SQL.
    private mutating func runInSwift(
        _ db: any StoreConnection, _ rules: [Rule], trigger: RuleTrigger, ticket: Int64, now: Date,
        document: SearchIndex.Document,
        facts: IncomingFacts
    ) throws -> [RuleOutcome] {
        var engine = self
        let subject = RuleSubject(db: db, ticket: ticket, document: document, facts: facts) {
            try engine.loadTexts(db, ticket: ticket, texts: .ticket, document: document)
        }
        var outcomes: [RuleOutcome] = []
        for rule in rules {
            guard let predicate = predicates[rule.name], try subject.matches(predicate) else { continue }
            let outcome = try apply(db, rule, trigger: trigger, ticket: ticket, now: now)
            outcomes.append(outcome)
            // What the rule changed is read again; skipped actions changed nothing, and notes
            // and replies change no field or tag a condition reads here.
            if !outcome.actions.isEmpty {
                let done = rule.actions.filter { outcome.actions.contains($0.description) }
                subject.ticketChanged(
                    fields: done.contains(where: Self.changesFields), tags: done.contains(where: Self.changesTags))
            }
            if rule.stop { break }
        }
        ftsReady = ftsReady || engine.ftsReady
        return outcomes
    }

    /// Whether `action` may change a field of the ticket that ``RuleSubject`` reads (status,
    /// priority, assignee, snooze). A note or an automatic reply adds a message and an event
    /// only; a queue is asked of SQLite each time.
    private static func changesFields(_ action: RuleAction) -> Bool {
        switch action {
        case .note, .reply, .queue: return false
        case .change(let c):
            switch c {
            case .addTag, .removeTag: return false
            case .status, .priority, .assignee: return true
            }
        case .assignRoundRobin, .assignLeastBusy, .snooze: return true
        }
    }

    /// Whether `action` may change the ticket's tags.
    private static func changesTags(_ action: RuleAction) -> Bool {
        if case .change(let c) = action {
            switch c {
            case .addTag, .removeTag: return true
            case .status, .priority, .assignee: return false
            }
        }
        return false
    }

    // MARK: - Conditions

    /// The rules' compiler as of `now`, or nil when `stamp` says they were compiled for `now`
    /// already (then `stamp` becomes `now`).
    private static func compiler(
        _ now: Date, _ calendar: BusinessCalendar, _ engine: StoreEngineKind, unlessAt stamp: inout Date?
    ) -> SearchCompiler? {
        guard stamp != now else { return nil }
        stamp = now
        return SearchCompiler(level: .rule, now: now, me: [], calendar: calendar, engine: engine)
    }

    /// Each rule's condition for ``runInSwift`` (the import), once per `now`, that is once per
    /// batch of an import.
    private mutating func compilePredicates(_ now: Date) throws {
        guard let compiler = Self.compiler(now, calendar, engineKind, unlessAt: &predicatesAt) else { return }
        predicates = [:]
        for rule in book.rules {
            predicates[rule.name] = try RulePredicate.compile(rule.query, compiler)
        }
    }

    /// Each rule's condition as SQL for ``evaluate(_:_:ticket:)`` (replays, `status-changed`,
    /// schedule rules), once per `now`.
    private mutating func compileAll(_ now: Date) throws {
        guard let compiler = Self.compiler(now, calendar, engineKind, unlessAt: &compiledAt) else { return }
        compiled = [:]
        for rule in book.rules {
            let c = try compiler.compile(rule.query)
            var parts: [String] = []
            var arguments: [any DatabaseValueConvertible & Sendable] = []
            if let match = c.match {
                parts.append(compiler.textCondition)
                arguments.append(match)
            }
            parts += c.conditions
            arguments += c.arguments
            let sql = parts.isEmpty ? "TRUE" : parts.map { "(\($0))" }.joined(separator: " AND ")
            compiled[rule.name] = (Self.inlined(sql, arguments), [])
        }
    }

    /// `sql` with each `?` outside a quoted literal replaced by its argument as an SQL literal.
    ///
    /// Why: the rules' statement is evaluated once per message with the same constants, and
    /// SQLite expires a statement whenever a parameter used by a `LIKE` is bound again (the LIKE
    /// optimisation may depend on it), so every evaluation re-prepared the 50-rule statement:
    /// that made an import with 50 rules ten times slower. With the constants written into the
    /// SQL only the ticket id is bound, and the cached statement is reused.
    ///
    /// Reads UTF-8 bytes: `?` and both quotes are ASCII, and no byte of another character is
    /// ASCII, so the result is the one a walk over Characters gives, at a fraction of the cost
    /// (it runs for every condition of every rule once per import batch).
    static func inlined(_ sql: String, _ arguments: [any DatabaseValueConvertible & Sendable]) -> String {
        if arguments.isEmpty { return sql }
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 16 * arguments.count)
        var next = arguments.makeIterator()
        var quote: UInt8?
        for b in sql.utf8 {
            if let q = quote {
                if b == q { quote = nil }
                out.append(b)
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                quote = b
                out.append(b)
            } else if b == UInt8(ascii: "?"), let argument = next.next() {
                out += literal(argument.databaseValue).utf8
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func literal(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : "NULL"
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let data): return "X'" + data.map { String(format: "%02X", $0) }.joined() + "'"
        }
    }

    /// A condition as a 0/1 column, NULL (unknown) being 0: `CASE`, which both engines read
    /// (PostgreSQL's conditions are booleans, which `IFNULL(…, 0)` cannot mix with 0).
    static func zeroOrOne(_ condition: String) -> String {
        "CASE WHEN (\(condition)) THEN 1 ELSE 0 END"
    }

    /// One statement: a 0/1 column per rule.
    private func evaluate(_ db: any StoreConnection, _ rules: ArraySlice<Rule>, ticket: Int64) throws -> [Bool] {
        var columns: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for (k, rule) in rules.enumerated() {
            guard let c = compiled[rule.name] else { continue }
            // Named, and read by name: PostgreSQL's rows are keyed by column name, and every
            // `CASE` there is called "case".
            columns.append(Self.zeroOrOne(c.sql) + " AS r\(k)")
            arguments += c.arguments.map { $0 as (any DatabaseValueConvertible)? }
        }
        arguments.append(ticket)
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM ticket t WHERE t.id = ?"
        guard let row = try db.rowsHot(sql, StoreArguments(arguments)).first else {
            return Array(repeating: false, count: rules.count)
        }
        return (0..<rules.count).map { (row["r\($0)"] as Int?) ?? 0 != 0 }
    }

    /// Names the messages the words are matched against. SQLite: copies them, folded as the
    /// search index holds them, into a temporary FTS5 table of this connection (the writer
    /// does not see the index file, and a message being imported is not indexed before its
    /// transaction commits). PostgreSQL: their ids into the temporary table `rule_message`
    /// (emptied at commit), the words being matched with each message's generated `search`
    /// column, written by the statement that wrote the message (docs/search.md).
    private mutating func loadTexts(
        _ db: any StoreConnection, ticket: Int64, texts: Texts, document: SearchIndex.Document? = nil
    ) throws {
        guard let db = db as? Database else {
            // Created in every call: a transaction run again, or a replay rolled back, drops it.
            try db.exec(
                "CREATE TEMPORARY TABLE IF NOT EXISTS rule_message(id BIGINT PRIMARY KEY) ON COMMIT DELETE ROWS", [])
            try db.exec("DELETE FROM rule_message", [])
            switch (document, texts) {
            case (let d?, _), (nil, .folded(let d, _)):
                try db.exec("INSERT INTO rule_message(id) VALUES (?)", [d.rowID])
            case (nil, .ticket):
                try db.exec("INSERT INTO rule_message(id) SELECT id FROM message WHERE ticket_id = ?", [ticket])
            case (nil, .message(let id)):
                try db.exec("INSERT INTO rule_message(id) VALUES (?)", [id])
            }
            return
        }
        if !ftsReady {
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE IF NOT EXISTS temp.rule_fts USING fts5(
                        subject, sender, text, tokenize='unicode61 remove_diacritics 2')
                    """)
            ftsReady = true
        }
        try db.cachedStatement(sql: "DELETE FROM temp.rule_fts").execute()
        if let d = document {
            try db.cachedStatement(sql: "INSERT INTO temp.rule_fts(rowid, subject, sender, text) VALUES (?, ?, ?, ?)")
                .execute(arguments: [d.rowID, d.subject, d.sender, d.text])
            return
        }
        switch texts {
        case .ticket:
            try db.execute(
                sql: """
                    INSERT INTO temp.rule_fts(rowid, subject, sender, text)
                    SELECT id, inbox_fold(subject), inbox_fold(sender), inbox_search_text(text) FROM main.message WHERE ticket_id = ?
                    """, arguments: [ticket])
        case .message(let id):
            try db.execute(
                sql: """
                    INSERT INTO temp.rule_fts(rowid, subject, sender, text)
                    SELECT id, inbox_fold(subject), inbox_fold(sender), inbox_search_text(text) FROM main.message WHERE id = ?
                    """, arguments: [id])
        case .folded(let d, _):
            try db.cachedStatement(sql: "INSERT INTO temp.rule_fts(rowid, subject, sender, text) VALUES (?, ?, ?, ?)")
                .execute(arguments: [d.rowID, d.subject, d.sender, d.text])
        }
    }

    // MARK: - Actions

    private mutating func apply(_ db: any StoreConnection, _ rule: Rule, trigger: RuleTrigger, ticket: Int64, now: Date)
        throws
        -> RuleOutcome
    {
        var outcome = RuleOutcome(
            rule: rule.name, trigger: trigger.rawValue, ticket: ticket, at: now, actions: [], skipped: [])
        let actor = rule.actor
        for action in rule.actions {
            let why: String?
            switch action {
            case .change(let change):
                why = try Self.applyChange(db, change, ticket: ticket, actor: actor, now: now)
            case .queue(let name):
                why = try Self.moveQueue(db, ticket: ticket, to: name, actor: actor, now: now)
            case .assignRoundRobin, .assignLeastBusy:
                why = try assign(db, ticket: ticket, roundRobin: action == .assignRoundRobin, actor: actor, now: now)
            case .reply(let template):
                why = try autoReply(db, ticket: ticket, rule: rule.name, template: template, actor: actor, now: now)
            case .note(let text):
                try Self.addNote(db, ticket: ticket, text: text, actor: actor, now: now)
                why = nil
            case .snooze(let seconds, _):
                try AppDatabase.setSnooze(
                    db, ticket: ticket, until: now.addingTimeInterval(seconds), actor: actor, now: now)
                why = nil
            }
            if let why {
                outcome.skipped.append("\(action): \(why)")
            } else {
                outcome.actions.append(action.description)
            }
        }
        if !outcome.actions.isEmpty { try Self.bumpVersion(db, ticket: ticket, now: now) }
        return outcome
    }

    /// ``AppDatabase/bump(on:ticket:now:)`` without reading the new version back, which the
    /// rules never use (`CASE`, not SQLite's scalar `MAX`, so both engines read it).
    private static func bumpVersion(_ db: any StoreConnection, ticket id: Int64, now: Date) throws {
        try db.execHot(
            "UPDATE ticket SET version = version + 1, updated_at = CASE WHEN updated_at > ? THEN updated_at ELSE ? END WHERE id = ?",
            [now.timeIntervalSince1970, now.timeIntervalSince1970, id])
    }

    /// Applies one change as `inbox set` does; returns why nothing changed, or nil.
    static func applyChange(
        _ db: any StoreConnection, _ change: TicketChange, ticket id: Int64, actor: String, now: Date
    ) throws -> String? {
        switch change {
        case .status(let new):
            let row = try AppDatabase.ticketRow(on: db, id)
            guard new != row.status else { return "already \(new.rawValue)" }
            if let refusal = row.status.refusal(to: new, ticket: id) { return refusal }
            try AppDatabase.setStatus(
                on: db, ticket: id, from: row.status, to: new, actor: actor, now: now, detail: nil)
        case .priority(let p):
            let row = try AppDatabase.ticketRow(on: db, id)
            guard row.priority != p.rawValue else { return "already \(p.rawValue)" }
            try db.execHot("UPDATE ticket SET priority = ? WHERE id = ?", [p.rawValue, id])
            try AppDatabase.logEvent(
                on: db, ticket: id, actor: actor, at: now, kind: "priority", old: row.priority, new: p.rawValue)
        case .assignee(let a):
            let old: String? = try db.rowsHot("SELECT assignee FROM ticket WHERE id = ?", [id]).first?[
                0]
            guard old != a else { return "already assigned so" }
            try db.execHot("UPDATE ticket SET assignee = ? WHERE id = ?", [a, id])
            try AppDatabase.logEvent(on: db, ticket: id, actor: actor, at: now, kind: "assignee", old: old, new: a)
        case .addTag(let t):
            let changed = try db.execHot(
                "INSERT INTO tag(ticket_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", [id, t])
            guard changed > 0 else { return "already tagged" }
            try AppDatabase.logEvent(on: db, ticket: id, actor: actor, at: now, kind: "tag", old: nil, new: t)
        case .removeTag(let t):
            let changed = try db.execHot("DELETE FROM tag WHERE ticket_id = ? AND name = ?", [id, t])
            guard changed > 0 else { return "not tagged" }
            try AppDatabase.logEvent(on: db, ticket: id, actor: actor, at: now, kind: "tag", old: t, new: nil)
        }
        return nil
    }

    static func moveQueue(
        _ db: any StoreConnection, ticket id: Int64, to name: String, actor: String, now: Date
    ) throws -> String? {
        struct QueueName: StoreRow {
            var id: Int64
            var name: String
        }
        // `COLLATE NOCASE` is SQLite's; `lower()` on both sides is what PostgreSQL reads (the
        // same as SearchCompiler's equalsIgnoringCase).
        let sameName =
            db.engineKind == .postgresql ? "lower(name) = lower(?)" : "name = ? COLLATE NOCASE"
        guard let target = try db.record(QueueName.self, "SELECT id, name FROM queue WHERE \(sameName)", [name])
        else {
            return "there is no queue named \"\(name)\" (add it to config.toml)"
        }
        let row = try AppDatabase.ticketRow(on: db, id)
        guard row.queueID != target.id else { return "already in \(target.name)" }
        let old = try db.value(String.self, "SELECT name FROM queue WHERE id = ?", [row.queueID])
        try db.exec("UPDATE ticket SET queue_id = ? WHERE id = ?", [target.id, id])
        try AppDatabase.logEvent(on: db, ticket: id, actor: actor, at: now, kind: "queue", old: old, new: target.name)
        return nil
    }

    /// Round-robin (the next available agent after the last one a rule chose) or least-busy
    /// (fewest new, open, pending and on-hold tickets; ties in file order).
    private func assign(
        _ db: any StoreConnection, ticket id: Int64, roundRobin: Bool, actor: String, now: Date
    ) throws -> String? {
        if let current = try db.value(String.self, "SELECT assignee FROM ticket WHERE id = ?", [id]) {
            return "already assigned to \(current)"
        }
        let away = Set(try db.values(String.self, "SELECT name FROM agent_away").map { $0.lowercased() })
        let available = agents.filter { !away.contains($0.lowercased()) }
        guard !available.isEmpty else {
            return agents.isEmpty ? "no [[agents]] in config.toml" : "every agent is away"
        }
        let chosen: String
        if roundRobin {
            let last = try RuleStateRecord.value(db, RuleStateRecord.roundRobin)
            if let last, let p = agents.firstIndex(where: { $0.caseInsensitiveCompare(last) == .orderedSame }) {
                let order = Array(agents[(p + 1)...]) + Array(agents[...p])
                chosen = order.first { !away.contains($0.lowercased()) } ?? available[0]
            } else {
                chosen = available[0]
            }
            try RuleStateRecord.set(db, RuleStateRecord.roundRobin, chosen)
        } else {
            // An assignee with their new, open, pending and on-hold tickets. Added up by the
            // name as Swift lower-cases it (SQL's lower() folds ASCII only: Łukasz ≠ łukasz).
            struct AgentLoad: StoreRow {
                var agent: String
                var open: Int
            }
            var load: [String: Int] = [:]
            for row in try db.records(
                AgentLoad.self,
                """
                SELECT assignee AS agent, COUNT(*) AS open FROM ticket
                WHERE assignee IS NOT NULL AND status IN ('new', 'open', 'pending', 'on_hold') GROUP BY assignee
                """)
            {
                load[row.agent.lowercased(), default: 0] += row.open
            }
            chosen =
                available.min { load[$0.lowercased(), default: 0] < load[$1.lowercased(), default: 0] } ?? available[0]
        }
        return try Self.applyChange(db, .assignee(chosen), ticket: id, actor: actor, now: now)
    }

    /// Records an automatic reply to send (composed and queued after the transaction, see
    /// `AutoReplies` in InboxMail). RFC 3834: never to automatic mail or bounces, never to
    /// our own addresses or one that bounces, at most once per customer and (SLA) day.
    private func autoReply(
        _ db: any StoreConnection, ticket id: Int64, rule: String, template: String, actor: String, now: Date
    )
        throws -> String?
    {
        struct LastInbound: StoreRow {
            var automatic: Bool
            var bounce: Bool
        }
        if let last = try db.record(
            LastInbound.self,
            "SELECT automatic, bounce FROM message WHERE ticket_id = ? AND direction = 'inbound' ORDER BY id DESC LIMIT 1",
            [id])
        {
            if last.bounce { return "the last message is a bounce" }
            if last.automatic {
                return "the last message is automatic (RFC 3834: no reply to automatic mail)"
            }
        }
        struct CustomerMailState: StoreRow {
            var address: String?
            var failing: Bool
        }
        guard
            let customer = try db.record(
                CustomerMailState.self,
                "SELECT c.address, c.failing FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                [id]),
            let address = customer.address?.lowercased(), address.contains("@"),
            !address.hasSuffix("@invalid")
        else { return "the ticket has no customer address" }
        if ownAddresses.contains(address) { return "\(address) is one of our own addresses" }
        if customer.failing { return "mail to \(address) bounces" }
        let local = address.split(separator: "@").first.map(String.init) ?? ""
        if ["mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply", "donotreply"].contains(local) {
            return "\(address) is an automatic address"
        }
        let day = Self.dayString(now, calendar.timeZone)
        let inserted = try db.exec(
            """
            INSERT INTO rule_reply(customer, day, ticket_id, rule, template, created_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(customer, day) DO NOTHING
            """, [address, day, id, rule, template, now.timeIntervalSince1970])
        guard inserted > 0 else { return "\(address) already had an automatic reply on \(day)" }
        try AppDatabase.logEvent(
            on: db, ticket: id, actor: actor, at: now, kind: "auto_reply", old: nil, new: template,
            detail: "to \(address)")
        return nil
    }

    static func dayString(_ date: Date, _ zone: TimeZone) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// An internal note in the ticket, written as `inbox note` writes it.
    static func addNote(_ db: any StoreConnection, ticket id: Int64, text: String, actor: String, now: Date) throws {
        _ = try AppDatabase.insertNote(db, ticket: id, text: text, actor: actor, now: now)
    }
}
