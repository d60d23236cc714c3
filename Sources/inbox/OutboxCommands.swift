import ArgumentParser
import Foundation
import InboxCore
import InboxMail
import Logging

/// `inbox outbox list|flush|cancel|resend|discard`: the replies waiting, sent and failed, on
/// either engine (`--db postgresql://…` too; docs/team.md).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "The outbox: inbox outbox [list|flush|cancel ID|resend ID|discard ID]",
        discussion: """
            list shows every queued, sending, sent, failed and cancelled reply with its attempts and the \
            server's last words. flush delivers every reply that is due (--now: also those still in \
            their undo window or waiting for a retry, e.g. after fixing [smtp]). It exits 1 when a reply \
            could not be delivered. cancel takes a queued reply back into your draft; resend queues a failed \
            one again; discard gives up on a failed one (its text becomes your draft).
            """,
        subcommands: [OutboxList.self, OutboxFlush.self, OutboxCancel.self, OutboxResend.self, OutboxDiscard.self],
        defaultSubcommand: OutboxList.self)
}

struct OutboxList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every reply in the outbox with its state, attempts and last error.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only rows in this state (queued, sending, sent, failed, cancelled).") var state: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        var states: [OutboxState]?
        if let s = state {
            guard let st = OutboxState(rawValue: s) else {
                throw ValidationError("--state takes queued, sending, sent, failed or cancelled.")
            }
            states = [st]
        }
        let rows = try database.outbox(states: states)
        if json {
            print(try Output.json(rows))
            return
        }
        if rows.isEmpty { Output.line("The outbox is empty.") }
        let f = ISO8601DateFormatter()
        for r in rows {
            var fields = [
                "\(r.id)", "#\(r.ticketID.map(String.init) ?? "-")", r.state.rawValue, "attempts \(r.attempts)",
                r.recipients.joined(separator: ","), r.subject ?? "",
            ]
            if r.state == .queued, let n = r.nextAttemptAt { fields.append("next \(f.string(from: n))") }
            if r.state == .sent, let s = r.sentAt { fields.append("sent \(f.string(from: s))") }
            if let e = r.lastError, r.state != .sent { fields.append(e) }
            Output.line(TerminalText.columns(fields))
        }
    }
}

struct OutboxFlush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Deliver every reply that is due; exit 1 when one could not be delivered.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Send every queued reply at once (undo window and retry delay ignored).") var now = false

    func run() async throws {
        let database = try global.openOnEitherEngine()
        try global.startLog("outbox flush")
        let config = try global.loadConfig()
        let replier = Replier(database: database, config: config, agent: global.actingAgent(config))
        let delivery = try await replier.deliver(nil, ignoreUndo: now, logger: Self.logger)
        Self.report(delivery.summary)
        if delivery.summary.failed > 0 || delivery.summary.retried > 0 { throw ExitCode.failure }
    }

    /// The sender's log: what the summary already says is not repeated on stderr.
    static var logger: Logger {
        var l = Logger(label: "inbox.outbox")
        l.logLevel = .error
        return l
    }

    /// The errors in words on stderr, the counts on stdout.
    static func report(_ summary: OutboxSender.Summary) {
        for e in summary.errors { Output.error(e) }
        Output.line(
            "Sent \(summary.sent), to retry \(summary.retried), failed \(summary.failed)"
                + (summary.released > 0 ? ", \(summary.released) given back after an interrupted delivery" : ""))
    }
}

struct OutboxCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Take a queued reply back into your draft: inbox outbox cancel 12")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The outbox id (see inbox outbox list).") var id: Int64

    func run() throws {
        let database = try global.openOnEitherEngine()
        try database.cancelOutbox(id, actor: global.agentName)
        Output.line("Outbox message \(id) taken back; its text is your draft again.")
    }
}

struct OutboxResend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend", abstract: "Queue a failed reply again: inbox outbox resend 12")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The outbox id (see inbox outbox list --state failed).") var id: Int64

    func run() throws {
        let database = try global.openOnEitherEngine()
        try database.resendOutbox(id, actor: global.agentName)
        Output.line("Outbox message \(id) is queued again; `inbox outbox flush` delivers it.")
    }
}

struct OutboxDiscard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard",
        abstract: "Give up on a failed reply; its text becomes your draft: inbox outbox discard 12")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The outbox id (see inbox outbox list --state failed).") var id: Int64

    func run() throws {
        let database = try global.openOnEitherEngine()
        try database.discardFailedOutbox(id, actor: global.agentName)
        Output.line("Outbox message \(id) discarded; its text is your draft again.")
    }
}
