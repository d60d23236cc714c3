import Foundation

/// What fires a rule (DESIGN §16, docs/rules.md).
public enum RuleTrigger: String, Sendable, Codable, CaseIterable {
    /// A customer's message was stored (new ticket or reply), in the import's transaction.
    case messageIn = "message-in"
    /// A customer's message opened a ticket; runs before the `message-in` rules of that message.
    case ticketCreated = "ticket-created"
    /// An agent or a script changed a ticket's status (`inbox set`, the TUI), in that change's
    /// transaction. A rule's own status change fires nothing (no chains, no loops).
    case statusChanged = "status-changed"
    /// Every `every` (e.g. "1h"), over all tickets, by `inbox tick`.
    case schedule
}

/// One action of a rule's `then` list: `inbox set`'s grammar plus `queue=`, `assign=`,
/// `reply=`, `note=` and `snooze=`.
public enum RuleAction: Sendable, Equatable, CustomStringConvertible {
    /// `status=`, `priority=`, `assign=NAME` / `assignee=NAME`, `tag+=`, `tag-=`.
    case change(TicketChange)
    case queue(String)
    case assignRoundRobin
    case assignLeastBusy
    /// An automatic reply with this template (once per customer per day, never to automatic mail).
    case reply(template: String)
    /// An internal note.
    case note(String)
    /// Snoozes the ticket for this many seconds (`text` as written, e.g. "2d").
    case snooze(seconds: TimeInterval, text: String)

    /// Parses one `then` string.
    /// - Throws: ``InboxError`` `.badInput` saying which forms exist.
    public static func parse(_ text: String) throws -> RuleAction {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let eq = t.firstIndex(of: "=") else {
            throw InboxError(
                .badInput,
                "\"\(text)\" is not an action (write key=value: queue=Returns, tag+=return, priority=high, assign=round-robin, status=pending, reply=TEMPLATE, note=TEXT, snooze=2d)"
            )
        }
        var key = t[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
        if key.hasSuffix("+") || key.hasSuffix("-") { key.removeLast() }
        let value = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "queue":
            guard !value.isEmpty else {
                throw InboxError(.badInput, "\"\(text)\": queue= needs a queue name (e.g. queue=Returns)")
            }
            return .queue(value)
        case "assign", "assignee":
            switch value.lowercased() {
            case "round-robin", "roundrobin": return .assignRoundRobin
            case "least-busy", "leastbusy": return .assignLeastBusy
            case "me":
                throw InboxError(
                    .badInput,
                    "\"\(text)\": a rule acts for nobody (use assign=NAME, assign=round-robin or assign=least-busy)")
            default: return .change(try TicketChange.parse("assignee=" + value, agent: ""))
            }
        case "reply":
            guard !value.isEmpty else {
                throw InboxError(.badInput, "\"\(text)\": reply= needs a template name (e.g. reply=ack)")
            }
            return .reply(template: value)
        case "note":
            guard !value.isEmpty else { throw InboxError(.badInput, "\"\(text)\": note= needs the note's text") }
            return .note(value)
        case "snooze":
            do {
                return .snooze(seconds: try SLADuration.parse(value), text: value)
            } catch {
                throw InboxError(.badInput, "\"\(text)\": snooze= needs a duration such as 2h, 3d or 1d12h")
            }
        case "status", "priority", "tag", "tags":
            return .change(try TicketChange.parse(t, agent: ""))
        default:
            throw InboxError(
                .badInput,
                "\"\(text)\": unknown action \"\(key)\" (use queue=, status=, priority=, tag+=, tag-=, assign=, reply=, note= or snooze=)"
            )
        }
    }

    public var description: String {
        switch self {
        case .change(.assignee(let a)): "assign=\(a ?? "none")"
        case .change(let c): c.description
        case .queue(let q): "queue=\(q)"
        case .assignRoundRobin: "assign=round-robin"
        case .assignLeastBusy: "assign=least-busy"
        case .reply(let t): "reply=\(t)"
        case .note(let n): "note=\(n)"
        case .snooze(_, let text): "snooze=\(text)"
        }
    }
}

/// One `[[rule]]` of `rules.toml`, checked: its query parsed, its actions read.
public struct Rule: Sendable {
    public var name: String
    public var trigger: RuleTrigger
    /// The `if` query as written (the search language of `inbox search`).
    public var condition: String
    public var query: SearchQuery
    public var actions: [RuleAction]
    /// `stop = true`: when this rule matches, later rules of the same event do not run.
    public var stop: Bool
    /// `every` of a schedule rule, in seconds.
    public var every: TimeInterval?
    /// The line of its `[[rule]]` header in the file (for messages).
    public var line: Int

    public init(
        name: String, trigger: RuleTrigger, condition: String = "", actions: [RuleAction], stop: Bool = false,
        every: TimeInterval? = nil, line: Int = 0
    ) throws {
        self.name = name
        self.trigger = trigger
        self.condition = condition
        self.query = try SearchQuery.parse(condition)
        self.actions = actions
        self.stop = stop
        self.every = every
        self.line = line
    }

    /// The audit log's actor for this rule's actions.
    public var actor: String { "rule:\(name)" }

    /// True when the query has free words or phrases (they need the ticket's texts at hand).
    var hasText: Bool { Self.hasText(query) }

    static func hasText(_ q: SearchQuery) -> Bool {
        switch q {
        case .text: true
        case .field: false
        case .not(let inner): hasText(inner)
        case .and(let items), .or(let items): items.contains(where: hasText)
        }
    }
}
