import Foundation
import GRDB

/// What the import knows about the message that came in, without reading it back (the
/// columns the search language's message terms look at).
struct IncomingFacts: Sendable {
    var fromAddress: String?
    var fromName: String?
    var automatic: Bool
    var bounce: Bool
    var direction: String
    /// A non-inline attachment (`has:attachment`).
    var hasAttachment: Bool
}

/// A rule's condition evaluated in Swift over the incoming message and the ticket's fields,
/// for the import (issue 23): most terms need no SQL, and the ones that do (`queue:`,
/// `assignee:`, `idle:`, orders, …, and words FTS5 must decide) are asked of SQLite one by
/// one, compiled by ``SearchCompiler`` at the `.rule` level exactly as the all-SQL path.
///
/// The same answers as that path: a term SQL makes NULL is false here, which is what
/// `IFNULL(…, 0)` around every `NOT` and around the whole condition makes of it.
indirect enum RulePredicate {
    case constant(Bool)
    case and([RulePredicate])
    case or([RulePredicate])
    case not(RulePredicate)
    /// A word, prefix or phrase; `sql` decides when the matcher cannot.
    case text(RuleTextMatcher, sql: String)
    case status([String])
    case priority(String)
    case tag(String)
    /// `from:` with an `@`: the address, `%@domain` or whole.
    case fromAddress(String, suffix: Bool)
    /// `from:` without an `@`: the plain form in the address or the name.
    case fromPlain(String)
    case customer(String)
    case lang(String)
    case snoozed
    case unassigned
    case automatic
    case bounce
    case direction(String)
    case hasAttachment
    /// A condition on `t` (the ticket) only SQLite answers, with its constants written in.
    case sql(String)

    /// Compiles `query` for the ticket's rules; throws what ``SearchCompiler`` throws.
    static func compile(_ query: SearchQuery, _ compiler: SearchCompiler) throws -> RulePredicate {
        switch query {
        case .and(let items): return .and(try items.map { try compile($0, compiler) })
        case .or(let items): return .or(try items.map { try compile($0, compiler) })
        case .not(let inner): return .not(try compile(inner, compiler))
        case .text(let t):
            let (sql, arguments) = try compiler.condition(query)
            return .text(RuleTextMatcher(t), sql: RuleEngine.inlined(sql, arguments))
        case .field(let f):
            // The compiler first: the same errors, and the SQL for the terms not done here.
            let (sql, arguments) = try compiler.condition(query)
            let fallback = RulePredicate.sql(RuleEngine.inlined(sql, arguments))
            let value = f.value
            let lower = value.lowercased()
            switch f.name {
            case "status": return .status(lower.split(separator: ",").map(String.init))
            case "priority": return .priority(lower)
            case "tag": return .tag(value)
            case "from":
                if value.contains("@") { return .fromAddress(lower, suffix: value.hasPrefix("@")) }
                return .fromPlain(SearchFold.plain(value))
            case "customer": return .customer(SearchFold.plain(value))
            case "lang": return .lang(lower)
            case "channel": return .constant(true)
            case "has": return lower == "attachment" || lower == "attachments" ? .hasAttachment : fallback
            case "is":
                switch lower {
                case "snoozed": return .snoozed
                case "unassigned": return .unassigned
                case "automatic": return .automatic
                case "bounce": return .bounce
                case "inbound", "outbound", "note": return .direction(lower)
                case "business-hours", "businesshours": return .constant(compiler.calendar.isOpen(at: compiler.now))
                default: return fallback
                }
            default: return fallback
            }
        }
    }

    /// SQLite's `LIKE` for a literal with `%` before and/or after it: ASCII letters compare
    /// without case, every other character exactly; NULL never matches.
    static func like(_ text: String?, _ literal: String, anyBefore: Bool, anyAfter: Bool) -> Bool {
        guard let text else { return false }
        let t = Array(text.utf8)
        let l = Array(literal.utf8)
        if l.count > t.count { return false }
        func equal(at start: Int) -> Bool {
            for j in 0..<l.count where RuleTextMatcher.lower(t[start + j]) != RuleTextMatcher.lower(l[j]) {
                return false
            }
            return true
        }
        switch (anyBefore, anyAfter) {
        case (false, false): return t.count == l.count && equal(at: 0)
        case (false, true): return equal(at: 0)
        case (true, false): return equal(at: t.count - l.count)
        case (true, true):
            for start in 0...(t.count - l.count) where equal(at: start) { return true }
            return false
        }
    }
}

/// The ticket and message one rule run looks at, read lazily and once: the ticket's fields
/// again after a rule changed it.
final class RuleSubject {
    struct TicketFields {
        var status: String
        var priority: String
        var assignee: String?
        var snoozed: Bool
        var customerAddress: String?
        var customerName: String?
        var customerLanguage: String?
    }

    let db: any StoreConnection
    let ticket: Int64
    let columns: [RuleTextMatcher.Column]
    let facts: IncomingFacts
    /// Fills `temp.rule_fts` with the message, for the terms SQLite decides.
    private let loadTexts: () throws -> Void
    private var textsLoaded = false
    private var fields: TicketFields??
    private var tags: [String]?
    private var language: String??

    init(
        db: any StoreConnection, ticket: Int64, document: SearchIndex.Document, facts: IncomingFacts,
        loadTexts: @escaping () throws -> Void
    ) {
        self.db = db
        self.ticket = ticket
        self.columns = [
            .init(name: "subject", text: document.subject), .init(name: "sender", text: document.sender),
            .init(name: "text", text: document.text),
        ]
        self.facts = facts
        self.loadTexts = loadTexts
    }

    /// A rule changed the ticket's fields and/or tags: they are read again.
    func ticketChanged(fields changedFields: Bool, tags changedTags: Bool) {
        if changedFields { fields = nil }
        if changedTags { tags = nil }
    }

    /// Whether the ticket matches `p`. The ticket's fields are read only when a term needs
    /// them (a rule on words or the sender needs none), and at least once before saying yes:
    /// a ticket that is not there matches nothing, as in SQL.
    func matches(_ p: RulePredicate) throws -> Bool {
        do {
            return try eval(p) && ticketFields() != nil
        } catch is NoTicket {
            return false
        }
    }

    /// Thrown by ``fieldsForTerm()`` when the ticket is not there: the condition is false.
    private struct NoTicket: Error {}

    private func fieldsForTerm() throws -> TicketFields {
        guard let f = try ticketFields() else { throw NoTicket() }
        return f
    }

    private func ticketFields() throws -> TicketFields? {
        if let fields { return fields }
        // `CASE`, not a bare `IS NOT NULL`: a 0/1 integer on both engines (PostgreSQL's is a boolean).
        let row = try db.rowsHot(
            """
            SELECT t.status, t.priority, t.assignee, CASE WHEN t.snoozed_until IS NOT NULL THEN 1 ELSE 0 END AS snoozed,
                c.address, c.name, c.language
            FROM ticket t LEFT JOIN customer c ON c.id = t.customer_id WHERE t.id = ?
            """, [ticket]
        ).first
        // Read by name: PostgreSQL's rows are keyed by column name.
        let f = row.map {
            TicketFields(
                status: $0["status"], priority: $0["priority"], assignee: $0["assignee"], snoozed: $0["snoozed"],
                customerAddress: $0["address"], customerName: $0["name"], customerLanguage: $0["language"])
        }
        fields = .some(f)
        return f
    }

    private func eval(_ p: RulePredicate) throws -> Bool {
        switch p {
        case .constant(let b): return b
        case .and(let items):
            for i in items {
                if try !eval(i) { return false }
            }
            return true
        case .or(let items):
            for i in items {
                if try eval(i) { return true }
            }
            return false
        case .not(let inner): return try !eval(inner)
        case .text(let matcher, let sql):
            switch matcher.answer(columns) {
            case .yes: return true
            case .no: return false
            case .unknown: return try ask(sql)
            }
        case .status(let list): return list.contains(try fieldsForTerm().status)
        case .priority(let p): return try fieldsForTerm().priority == p
        case .tag(let name):
            if tags == nil {
                tags = try db.rowsHot("SELECT name FROM tag WHERE ticket_id = ?", [ticket]).compactMap {
                    $0[0] as String?
                }
            }
            return tags!.contains { RulePredicate.like($0, name, anyBefore: false, anyAfter: false) }
        case .fromAddress(let address, let suffix):
            return RulePredicate.like(facts.fromAddress, address, anyBefore: suffix, anyAfter: false)
        case .fromPlain(let plain):
            return RulePredicate.like(facts.fromAddress, plain, anyBefore: true, anyAfter: true)
                || RulePredicate.like(facts.fromName.map(SearchFold.plain), plain, anyBefore: true, anyAfter: true)
        case .customer(let plain):
            let f = try fieldsForTerm()
            return RulePredicate.like(f.customerAddress, plain, anyBefore: true, anyAfter: true)
                || RulePredicate.like(f.customerName.map(SearchFold.plain), plain, anyBefore: true, anyAfter: true)
        case .lang(let code):
            if let set = try fieldsForTerm().customerLanguage { return set == code }
            return try guessedLanguage() == code
        case .snoozed: return try fieldsForTerm().snoozed
        case .unassigned:
            let f = try fieldsForTerm()
            return f.assignee == nil && (f.status == "new" || f.status == "open")
        case .automatic: return facts.automatic
        case .bounce: return facts.bounce
        case .direction(let d): return facts.direction == d
        case .hasAttachment: return facts.hasAttachment
        case .sql(let sql): return try ask(sql)
        }
    }

    /// The language of the ticket's last inbound messages (as `lang:` guesses it), once per run:
    /// rules change no message a guess reads.
    private func guessedLanguage() throws -> String? {
        if let language { return language }
        // The three texts joined in Swift: `group_concat` is SQLite's (PostgreSQL: `string_agg`).
        let texts = try db.rowsHot(
            """
            SELECT lm.subject || '\n' || substr(lm.text, 1, 2000) AS x
            FROM message lm WHERE lm.ticket_id = ? AND lm.direction = 'inbound' AND lm.automatic = 0
            ORDER BY lm.id DESC LIMIT 3
            """, [ticket]
        ).compactMap { $0[0] as String? }
        let text: String? = texts.isEmpty ? nil : texts.joined(separator: "\n")
        let guess = text.flatMap { LanguageGuess.guess($0) }
        language = .some(guess)
        return guess
    }

    /// A term only SQLite answers, on this ticket (and the message in `temp.rule_fts`).
    private func ask(_ sql: String) throws -> Bool {
        if !textsLoaded {
            try loadTexts()
            textsLoaded = true
        }
        let value: Int? = try db.rowsHot(
            "SELECT \(RuleEngine.zeroOrOne(sql)) FROM ticket t WHERE t.id = ?", [ticket]
        ).first?[0]
        return (value ?? 0) != 0
    }
}
