import ArgumentParser
import Foundation
import InboxCore
import InboxTUI
import Logging

/// `inbox tui` (and bare `inbox`): the full-screen inbox on a terminal; on a pipe, the queues
/// and tickets as text, so scripts and `make demo | less` keep working.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui", abstract: "Open the inbox (on a pipe: print the queues and tickets).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let database = try global.openOnEitherEngine()
        if isatty(STDOUT_FILENO) != 0 {
            try global.startLog("tui")
            let config = try global.loadConfig()
            let waiting = try TUI.run(
                database: database, agent: global.agentName, config: config, me: global.me(),
                replyAgent: global.actingAgent(config), rules: try global.loadRules(config),
                logger: Logger(label: "inbox.tui"))
            if waiting > 0 {
                Output.line(
                    "\(waiting) repl\(waiting == 1 ? "y waits" : "ies wait") in the outbox: "
                        + "`inbox outbox flush` delivers (or open the inbox again).")
            }
            return
        }
        for line in TicketTable.queues(try database.queueSummaries(), views: try database.viewCounts()) {
            Output.line(line)
        }
        Output.line("")
        let tickets = try database.tickets(TicketFilter(limit: 200))
        for line in TicketTable.tickets(tickets, width: TerminalSize.columns()) { Output.line(line) }
    }
}
