import ArgumentParser
import Foundation
import InboxCore
import InboxTUI

struct QueuesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queues", abstract: "List the queues with their ticket counts.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        let queues = try database.queueSummaries()
        if json {
            print(try Output.json(queues))
        } else {
            for line in TicketTable.queues(queues, views: try database.viewCounts()) { Output.line(line) }
        }
    }
}

struct TicketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets", abstract: "List tickets, most recently updated first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this queue.") var queue: String?
    @Option(help: "Only this status (new, open, pending, on_hold, solved, closed, spam, merged).") var status: String?
    @Option(help: "Only tickets whose messages contain these words (diacritics ignored).") var query: String?
    @Option(help: "Only tickets assigned to this agent (me = --agent).") var assignee: String?
    @Flag(help: "Only new/open tickets due within their SLA warning window or overdue.") var breaching = false
    @Option(help: "At most this many tickets.") var limit: Int = 50
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let database = try global.openOnEitherEngine()
        let who = assignee == "me" ? global.agentName : assignee
        let tickets = try database.tickets(
            TicketFilter(
                queue: queue, status: status, text: query, assignee: who, breachingAt: breaching ? Date() : nil,
                limit: limit))
        if json {
            print(try Output.json(tickets))
        } else {
            for line in TicketTable.tickets(tickets, width: TerminalSize.columns()) { Output.line(line) }
        }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a ticket: its messages, why each joined it, and its history.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number, e.g. 1042 or #1042.") var ticket: String
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        guard let id = Int64(ticket.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
            throw ValidationError("\"\(ticket)\" is not a ticket number (use e.g. 1042).")
        }
        let database = try global.openOnEitherEngine()
        var detail = try database.ticketDetail(id)
        detail.sla = try database.slaReport(id, config: try global.loadConfig())
        let orders = try database.orderLinks(id)
        if json {
            print(try Output.json(WithExtraKey(detail, "orders", orders)))
        } else {
            for line in TicketText.render(detail, width: TerminalSize.columns()) { Output.line(line) }
            for o in orders { Output.line("Order \(o.number) (\(o.store)): \(o.reason)") }
        }
    }
}

enum TerminalSize {
    static func columns() -> Int {
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 20 { return Int(ws.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n > 20 { return n }
        return 100
    }
}
