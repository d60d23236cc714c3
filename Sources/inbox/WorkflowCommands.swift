import ArgumentParser
import Foundation
import InboxCore
import InboxTUI

private func sanitize(_ s: String) -> String { TerminalText.sanitize(s) }

/// `1042` or `#1042`.
func ticketNumber(_ text: String) throws -> Int64 {
    guard let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))), id > 0 else {
        throw ValidationError("\"\(text)\" is not a ticket number (use e.g. 1042).")
    }
    return id
}

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change tickets: inbox set 1042 1043 status=pending assignee=me priority=high tag+=refund tag-=vip",
        discussion: """
            Keys: status (new open pending on_hold solved closed spam), priority (low normal high urgent), \
            assignee (a name, me, or empty to unassign), tag+= and tag-=. All tickets change in one \
            transaction, or none does. Every change is logged with the agent (--agent) and the time.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Ticket numbers, then key=value changes.", valueName: "ticket|change"))
    var items: [String]
    @Option(
        name: .customLong("if-version"),
        help: "Refuse (exit 1, nothing saved) unless the ticket is still at this version (see `inbox show --json`).")
    var ifVersion: Int?
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        var tickets: [Int64] = []
        var changes: [TicketChange] = []
        let agent = global.agentName
        for item in items {
            if item.contains("=") {
                changes.append(try TicketChange.parse(item, agent: agent))
            } else {
                tickets.append(try ticketNumber(item))
            }
        }
        if tickets.isEmpty { throw ValidationError("Name at least one ticket, e.g. inbox set 1042 status=pending.") }
        if changes.isEmpty { throw ValidationError("Name at least one change, e.g. status=pending or tag+=refund.") }
        if ifVersion != nil && tickets.count > 1 {
            throw ValidationError("--if-version applies to one ticket at a time.")
        }
        let config = try global.loadConfig()
        let database = try global.openOnEitherEngine()
        let results = try database.update(
            tickets, changes, actor: agent, expectedVersion: ifVersion, config: config,
            rules: try global.loadRules(config))
        if json {
            print(try Output.json(results))
            return
        }
        for r in results {
            Output.line(
                "#\(r.id): " + (r.applied.isEmpty ? "no change" : r.applied.joined(separator: " "))
                    + " (version \(r.version))")
        }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a ticket into another: inbox merge 1043 --into 1042 (undo with inbox undo).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The ticket that goes away.") var source: String
    @Option(help: "The ticket that keeps the conversation.") var into: String

    func run() throws {
        let s = try ticketNumber(source)
        let t = try ticketNumber(into)
        let database = try global.openOnEitherEngine()
        try database.merge(s, into: t, actor: global.agentName, config: try global.loadConfig())
        Output.line("Merged #\(s) into #\(t) (undo with `inbox undo \(t)`).")
    }
}

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Move messages into a new ticket: inbox split 1042 3 4 (numbers as inbox show lists them).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The ticket to split.") var ticket: String
    @Argument(help: "Message numbers (1 = the first message) to move.") var messages: [Int]

    func run() throws {
        let id = try ticketNumber(ticket)
        let database = try global.openOnEitherEngine()
        let created = try database.split(
            id, positions: messages, actor: global.agentName, config: try global.loadConfig())
        Output.line(
            "Split \(messages.count) message\(messages.count == 1 ? "" : "s") of #\(id) into #\(created) (undo with `inbox undo \(id)`)."
        )
    }
}

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo your newest change, merge, split or release of a ticket; again to step further back.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: String

    func run() throws {
        let id = try ticketNumber(ticket)
        let database = try global.openOnEitherEngine()
        let result = try database.undo(ticket: id, actor: global.agentName, config: try global.loadConfig())
        Output.line(result.summary)
    }
}

struct PresenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presence",
        abstract: "Show who is viewing or replying to a ticket; --here records you (for 30 s), --leave removes you.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: String
    @Option(help: "Record that you are viewing or replying (lasts 30 s unless repeated).") var here: String?
    @Flag(help: "Say you left the ticket.") var leave = false
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func validate() throws {
        if let h = here, PresenceActivity(rawValue: h) == nil {
            throw ValidationError("--here must be viewing or replying.")
        }
        if here != nil && leave { throw ValidationError("Use --here or --leave, not both.") }
    }

    func run() throws {
        let id = try ticketNumber(ticket)
        let database = try global.openOnEitherEngine()
        if let h = here.flatMap(PresenceActivity.init(rawValue:)) {
            try database.touchPresence(ticket: id, agent: global.agentName, activity: h)
        } else if leave {
            try database.leave(ticket: id, agent: global.agentName)
        }
        let live = try database.presence(ticket: id)
        if json {
            print(try Output.json(live))
            return
        }
        if live.isEmpty { Output.line("Nobody is on #\(id).") }
        for p in live {
            Output.line(
                "\(p.agent) is \(p.activity.rawValue) #\(id) (seen \(Int(Date().timeIntervalSince(p.seenAt))) s ago)")
        }
    }
}

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract:
            "Automatic mail and bounces that opened no ticket: list, release, block a sender, mark an address bouncing.",
        subcommands: [QuarantineList.self, QuarantineRelease.self, QuarantineBlock.self, QuarantineBouncing.self],
        defaultSubcommand: QuarantineList.self)
}

struct QuarantineList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List quarantined messages, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "At most this many.") var limit: Int = 100
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        let items = try database.quarantine(limit: limit)
        if json {
            print(try Output.json(items))
            return
        }
        if items.isEmpty { Output.line("The quarantine is empty.") }
        for m in items {
            let from = m.from.address ?? "(no sender)"
            Output.line(sanitize("\(m.id)\t\(from)\t\(m.subject)\t\(m.reason)"))
        }
    }
}

struct QuarantineRelease: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release a quarantined message into a new ticket, or --into an existing one.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message number from `inbox quarantine list`.") var message: Int64
    @Option(help: "Add it to this ticket instead of opening a new one.") var into: String?

    func run() throws {
        let database = try global.openOnEitherEngine()
        let target = try database.release(
            message: message, into: try into.map(ticketNumber), actor: global.agentName, config: try global.loadConfig()
        )
        Output.line("Released message \(message) into #\(target).")
    }
}

struct QuarantineBlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Quarantine all future mail from an address or @domain (--undo lets it in again).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "An address or @domain.") var sender: String
    @Option(help: "Why, for the audit log.") var reason: String?
    @Flag(help: "Unblock instead.") var undo = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        if undo {
            let was = try database.unblockSender(sender, actor: global.agentName)
            Output.line(was ? "Mail from \(sender) is let in again." : "\(sender) was not blocked.")
        } else {
            try database.blockSender(sender, actor: global.agentName, reason: reason)
            Output.line("Mail from \(sender) will be quarantined.")
        }
    }
}

struct QuarantineBouncing: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bouncing", abstract: "Mark a customer address as failing (mail to it bounces).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The address.") var address: String

    func run() throws {
        let database = try global.openOnEitherEngine()
        try database.markBouncing(address, actor: global.agentName)
        Output.line("\(address.lowercased()) is marked as failing.")
    }
}

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Show a customer's profile and tickets, or set a field: inbox customer ayse@example.com language=tr",
        discussion: """
            ADDRESS is an e-mail address, a phone number (+48 601 234 567), or CHANNEL:HANDLE (chat:zofia_w). \
            inbox customer merge A B joins customer B into A: B's tickets, phone and handles move to A, and \
            mail from B's address finds A from then on.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The customer's address (or merge).") var address: String
    @Argument(
        help:
            "name=…, organisation=…, language=… (empty to detect), notes=…, salutation=… (empty: the language's neutral greeting); after merge: A B"
    ) var changes: [String] = []
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        if address == "merge" {
            guard changes.count == 2 else {
                throw ValidationError("Name two customers: inbox customer merge KEEP OTHER.")
            }
            let merged = try database.mergeCustomers(keep: changes[0], into: changes[1], actor: global.agentName)
            if json {
                print(try Output.json(merged))
            } else {
                Output.line(
                    "\(merged.merged) is now part of \(merged.kept) (\(merged.tickets) ticket\(merged.tickets == 1 ? "" : "s") moved)."
                )
            }
            return
        }
        for change in changes {
            guard let eq = change.firstIndex(of: "=") else {
                throw ValidationError("\"\(change)\" is not field=value (e.g. language=tr).")
            }
            try database.updateCustomer(
                address: address, field: String(change[..<eq]), value: String(change[change.index(after: eq)...]),
                actor: global.agentName)
        }
        let p = try database.customer(address: address)
        if json {
            print(try Output.json(p))
            return
        }
        for line in CustomerText.render(p) { Output.line(line) }
    }
}

enum CustomerText {
    static func render(_ p: CustomerProfile) -> [String] {
        var lines = [sanitize("\(p.name ?? p.address) <\(p.address)>")]
        if let o = p.organisation { lines.append(sanitize("organisation: \(o)")) }
        if let phone = p.phone { lines.append(sanitize("phone: \(phone)")) }
        if let handles = p.handles, !handles.isEmpty {
            lines.append(sanitize("on other channels: \(handles.joined(separator: ", "))"))
        }
        lines.append("language: \(p.language ?? "unknown")\(p.languageSource == "detected" ? " (detected)" : "")")
        if let s = p.salutation { lines.append(sanitize("salutation: \(s)")) }
        if p.failing { lines.append(sanitize("ADDRESS FAILING: \(p.failingReason ?? "bounces")")) }
        lines.append("first contact: \(ISO8601DateFormatter().string(from: p.firstContact))")
        lines.append("tickets: \(p.ticketCount) (\(p.openCount) open)")
        for t in p.tickets { lines.append(sanitize("  #\(t.id)  \(t.status.rawValue)  \(t.subject)")) }
        if let n = p.notes { lines.append(sanitize("notes: \(n)")) }
        return lines
    }
}
