// The TUI's entry points: they wire the store, the controller, the compose service and the one
// ncurses backend together. They draw nothing and print nothing themselves.
import Foundation
import InboxCore
import Logging

/// Opens the full-screen inbox on this terminal and returns when the user quits.
public enum TUI {
    /// - Throws: ``TerminalError`` when the terminal cannot be opened (unknown `TERM`, no tty);
    ///   the terminal is then left as it was.
    /// - Parameters:
    ///   - agent: who changes tickets and shows as present on them.
    ///   - config: SLA policies and the other settings changes need.
    ///   - me: who `assignee:me` is in searches (the agent's names and address).
    ///   - replyAgent: who replies are from and signed by (`[agent]`); nil uses `agent`'s name.
    ///   - templates: the templates folder (default `[replies] templates`).
    ///   - logger: where the TUI and its background sender log; it must not write to the
    ///     terminal (the caller's log file, or nothing).
    /// - Returns: how many replies still wait in the outbox when the user quits (the caller
    ///   says so once the terminal is back).
    @discardableResult
    public static func run(
        database: AppDatabase, agent: String = "me", config: InboxConfig = InboxConfig(), me: [String] = [],
        replyAgent: InboxConfig.Agent? = nil, templates: String? = nil, rules: RuleBook? = nil,
        logger: Logger = Logger(label: "inbox.tui", factory: { SwiftLogNoOpLogHandler($0) })
    ) throws -> Int {
        let keys = KeyBindings.load(over: .standard)
        let terminal = try NcursesTerminal()
        defer { terminal.close() }
        var data = DatabaseDataSource(database, agent: agent, config: config, me: me)
        data.rules = rules
        let controller = AppController(
            data: data, rows: terminal.rows,
            cols: terminal.cols, keyMap: keys.keyMap)
        terminal.prepare(controller, keysError: keys.error)
        let composer = ComposeService(
            database: database, config: config, agent: replyAgent ?? config.agent ?? InboxConfig.Agent(name: agent),
            templatesFolder: templates)
        composer.runEditor = { command, file in terminal.suspended { ExternalEditor.run(command, file) } }
        composer.logger = logger
        controller.composer = composer
        logger.info("tui opened", metadata: ["agent": "\(agent)", "size": "\(terminal.cols)x\(terminal.rows)"])
        // Replies left queued by an earlier session go out too.
        composer.startDelivery()
        terminal.run(controller)
        controller.shutdown()
        terminal.close()
        let waiting = composer.waitingReplies()
        logger.info("tui closed", metadata: ["waiting replies": "\(waiting)"])
        return waiting
    }

    /// Opens an archive for review: the inbox screens, read-only, with the review pane;
    /// scores and notes of `reviewer` are saved into the archive as they are given.
    public static func runReview(database: AppDatabase, rubric: Rubric, reviewer: String) throws {
        let keys = KeyBindings.load(over: .review)
        let terminal = try NcursesTerminal()
        defer { terminal.close() }
        let controller = AppController(
            data: DatabaseDataSource(database), rows: terminal.rows, cols: terminal.cols, keyMap: keys.keyMap,
            review: (ReviewPane(rubric: rubric, reviewer: reviewer), ArchiveReviewStore(database, reviewer: reviewer)))
        terminal.prepare(controller, keysError: keys.error)
        terminal.run(controller)
    }
}
