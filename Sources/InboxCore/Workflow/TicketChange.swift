import Foundation

/// One change an agent or a script makes to a ticket (`inbox set`, the TUI's `s`/`a`/`p`/`+`/`-`).
public enum TicketChange: Sendable, Equatable, CustomStringConvertible {
    case status(TicketStatus)
    case priority(TicketPriority)
    /// nil unassigns.
    case assignee(String?)
    case addTag(String)
    case removeTag(String)

    /// Parses one `key=value` argument of `inbox set`: `status=pending`, `priority=high`,
    /// `assignee=me` (the acting agent), `assignee=` or `assignee=none` (unassign),
    /// `tag+=refund`, `tag-=vip`.
    /// - Throws: ``InboxError`` `.badInput` naming the accepted keys or values.
    public static func parse(_ argument: String, agent: String) throws -> TicketChange {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let r = text.range(of: "+=") {
            guard text[..<r.lowerBound].trimmingCharacters(in: .whitespaces).lowercased() == "tag" else {
                throw InboxError(.badInput, "\"\(argument)\": only tags can be added with += (e.g. tag+=refund)")
            }
            return .addTag(try tagName(String(text[r.upperBound...])))
        }
        if let r = text.range(of: "-=") {
            guard text[..<r.lowerBound].trimmingCharacters(in: .whitespaces).lowercased() == "tag" else {
                throw InboxError(.badInput, "\"\(argument)\": only tags can be removed with -= (e.g. tag-=vip)")
            }
            return .removeTag(try tagName(String(text[r.upperBound...])))
        }
        guard let eq = text.firstIndex(of: "=") else {
            throw InboxError(
                .badInput,
                "\"\(argument)\" is not a change (use key=value: status=pending, assignee=me, priority=high, tag+=refund, tag-=vip)"
            )
        }
        let key = text[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "status":
            guard let s = TicketStatus(rawValue: value.lowercased().replacingOccurrences(of: "-", with: "_")) else {
                throw InboxError(
                    .badInput,
                    "Unknown status \"\(value)\" (use one of: \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return .status(s)
        case "priority":
            guard let p = TicketPriority(rawValue: value.lowercased()) else {
                throw InboxError(.badInput, "Unknown priority \"\(value)\" (use low, normal, high or urgent)")
            }
            return .priority(p)
        case "assignee", "assign":
            switch value.lowercased() {
            case "", "none", "nobody", "-": return .assignee(nil)
            case "me": return .assignee(agent)
            default: return .assignee(value)
            }
        case "tag", "tags":
            return .addTag(try tagName(value))
        default:
            throw InboxError(.badInput, "Unknown field \"\(key)\" (use status, assignee, priority, tag+= or tag-=)")
        }
    }

    /// A valid tag name (trimmed), or an error saying what a tag looks like.
    public static func tagName(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "," }) else {
            throw InboxError(.badInput, "\"\(raw)\" is not a tag name (a tag is one word, e.g. refund or damaged-item)")
        }
        return name
    }

    public var description: String {
        switch self {
        case .status(let s): "status=\(s.rawValue)"
        case .priority(let p): "priority=\(p.rawValue)"
        case .assignee(let a): "assignee=\(a ?? "")"
        case .addTag(let t): "tag+=\(t)"
        case .removeTag(let t): "tag-=\(t)"
        }
    }
}

extension TicketStatus {
    /// Statuses in which the SLA clocks do not run: waiting on the customer or a third party.
    public var pausesSLA: Bool { self == .pending || self == .onHold }
    /// Statuses in which no SLA clock runs at all: the work is finished or void.
    public var endsSLA: Bool { self == .solved || self == .closed || self == .spam || self == .merged }

    /// Why an agent may not move a ticket from `self` to `to`, or nil when the move is allowed.
    ///
    /// The rules (docs/workflow.md): `new` is never re-entered; `merged` is reached only by
    /// merging (and left only by undoing it); a closed ticket is final (a customer reply opens a
    /// follow-up ticket linked to it).
    public func refusal(to: TicketStatus, ticket: Int64) -> String? {
        if self == to { return nil }
        if self == .closed {
            return
                "Ticket #\(ticket) is closed and cannot change status (a customer reply opens a follow-up ticket linked to it)"
        }
        if self == .merged {
            return
                "Ticket #\(ticket) was merged into another ticket (undo the merge with `inbox undo \(ticket)` to work on it again)"
        }
        if to == .new {
            return "A ticket cannot go back to new (set it to open instead)"
        }
        if to == .merged {
            return "Tickets become merged only by merging (`inbox merge \(ticket) INTO`)"
        }
        return nil
    }
}
