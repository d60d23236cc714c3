import Foundation

/// `inbox rules lint` (docs/rules.md): everything ``RuleBook/parse(_:path:)`` finds, plus the
/// checks that need the configuration and the templates, and rules that can never match.
public enum RuleLinter {
    /// Findings for the rules text at `path`, errors first within each rule's order.
    /// - Parameter templates: the template library; nil skips the `reply=` check.
    public static func lint(_ text: String, path: String, config: InboxConfig, templates: TemplateLibrary?)
        -> [RuleFinding]
    {
        let (book, parsed) = RuleBook.parse(text, path: path)
        var findings = parsed
        let queues = Set(config.queues.map { $0.name.lowercased() })
        let agents = (config.agents ?? []).map(\.name)
        let calendar = try? config.slaCalendar()
        for rule in book.rules {
            func add(_ level: RuleFinding.Level, _ message: String) {
                findings.append(
                    RuleFinding(level: level, file: path, line: rule.line, rule: rule.name, message: message))
            }
            for action in rule.actions {
                switch action {
                case .queue(let q) where !queues.contains(q.lowercased()):
                    add(
                        .error,
                        "queue=\(q): there is no such queue (queues: \(config.queues.map(\.name).joined(separator: ", ")); add it to config.toml)"
                    )
                case .change(.assignee(let a?))
                where !agents.contains(where: { $0.caseInsensitiveCompare(a) == .orderedSame }):
                    add(
                        .error,
                        "assign=\(a): there is no such agent in [[agents]] (agents: \(agents.isEmpty ? "none" : agents.joined(separator: ", ")))"
                    )
                case .assignRoundRobin, .assignLeastBusy:
                    if agents.isEmpty {
                        add(.error, "\(action): there are no [[agents]] in config.toml to choose from")
                    }
                case .reply(let t):
                    if let templates,
                        !templates.templates.contains(where: { $0.name.caseInsensitiveCompare(t) == .orderedSame })
                    {
                        let names = Set(templates.templates.map(\.name)).sorted()
                        add(
                            .error,
                            "reply=\(t): there is no such template (templates: \(names.isEmpty ? "none" : names.joined(separator: ", ")))"
                        )
                    }
                    if rule.trigger == .statusChanged || rule.trigger == .schedule {
                        add(
                            .warning,
                            "reply=\(t) on \(rule.trigger.rawValue): it answers the customer's last message, at most once a day"
                        )
                    }
                default: break
                }
            }
            if let why = neverMatches(rule, queues: queues, calendar: calendar) {
                add(.warning, "can never match: \(why)")
            }
        }
        return findings
    }

    /// Why `rule` can never match, judged from the terms its query ANDs at the top level.
    static func neverMatches(_ rule: Rule, queues: Set<String>, calendar: BusinessCalendar?) -> String? {
        let conjuncts: [SearchQuery]
        if case .and(let items) = rule.query { conjuncts = items } else { conjuncts = [rule.query] }
        var statuses = Set(TicketStatus.allCases.map(\.rawValue))
        var positive: [SearchQuery] = []
        var negative: [SearchQuery] = []
        for c in conjuncts {
            switch c {
            case .field(let f) where f.name == "status":
                statuses.formIntersection(f.value.lowercased().split(separator: ",").map(String.init))
                positive.append(c)
            case .field(let f) where f.name == "queue":
                if !queues.contains(f.value.lowercased()) { return "there is no queue \"\(f.value)\"" }
                positive.append(c)
            case .field(let f)
            where f.name == "is" && ["business-hours", "businesshours"].contains(f.value.lowercased()):
                positive.append(c)
            case .not(.field(let f))
            where f.name == "is" && ["business-hours", "businesshours"].contains(f.value.lowercased()):
                if calendar?.isWallClock == true {
                    return "-is:business-hours, but the SLA calendar is 24/7 (always business hours)"
                }
                negative.append(.field(f))
            case .not(.field(let f)) where f.name == "status":
                statuses.subtract(f.value.lowercased().split(separator: ",").map(String.init))
                negative.append(.field(f))
            case .not(let inner):
                negative.append(inner)
            default:
                positive.append(c)
            }
        }
        if statuses.isEmpty { return "no status satisfies its status: terms" }
        if rule.trigger == .ticketCreated && !statuses.contains("new") {
            return "a ticket is new when ticket-created rules run, and the query excludes status new"
        }
        if rule.trigger == .ticketCreated
            && positive.contains(where: {
                if case .field(let f) = $0 { f.name == "is" && f.value.lowercased() == "snoozed" } else { false }
            })
        {
            return "a new ticket is never snoozed"
        }
        for p in positive where negative.contains(where: { same($0, p) }) {
            return "it asks for a term and its negation"
        }
        return nil
    }

    private static func same(_ a: SearchQuery, _ b: SearchQuery) -> Bool {
        switch (a, b) {
        case (.field(let x), .field(let y)): x.name == y.name && x.value.lowercased() == y.value.lowercased()
        default: a == b
        }
    }
}
