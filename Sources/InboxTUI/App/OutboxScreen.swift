import Foundation
import InboxCore

/// The `:outbox` screen (issue 20 item 12): every queued, failed and sent reply and forward,
/// newest first, with the server's words for those that failed or wait for a retry.
///
/// Keys: `j`/`k` select, `Enter` opens the ticket, `R` sends a failed reply again, `D`
/// discards a failed one (its text becomes the draft again), `u` takes back a queued one, `q` back.
public struct OutboxScreenState: Equatable, Sendable {
    public var rows: [OutboxEntry] = []
    public var selected = 0
    public var top = 0
    public var error: String?

    public init() {}

    public var current: OutboxEntry? { rows.indices.contains(selected) ? rows[selected] : nil }
}

/// What the outbox screen asks the store to do.
public enum OutboxAction: Equatable, Sendable {
    case resend(Int64)
    case discard(Int64)
    /// Takes a reply back in its undo window (`u` after sending, or on a queued row).
    case cancel(Int64)
}

/// A reply just queued from the TUI: `u` takes it back until its undo window closes, and
/// the status line says so ("u undo send (5 s)").
public struct UndoSend: Equatable, Sendable {
    public var outboxID: Int64
    public var ticketID: Int64
    public var until: Date
    /// Whole seconds left, as the status line shows them (kept by the controller's tick).
    public var secondsLeft: Int

    public init(outboxID: Int64, ticketID: Int64, until: Date, now: Date = Date()) {
        self.outboxID = outboxID
        self.ticketID = ticketID
        self.until = until
        secondsLeft = max(0, Int(until.timeIntervalSince(now).rounded(.up)))
    }
}

extension AppState {
    /// A key the report or the outbox does not handle: `:`, `?` and Ctrl-C work as everywhere
    /// (nil lets the key map run them); an unbound key says so; a list key (`/`, `s`, Space)
    /// says where it works instead of doing nothing.
    mutating func listOnlyKey(_ key: Key, keyMap: KeyMap) -> [Effect]? {
        guard let command = keyMap.command(for: key), ![.commandLine, .help, .quit].contains(command) else {
            return nil
        }
        message = "\(key.label) (\(command.rawValue)) works in the ticket list: q goes back to it"
        return []
    }

    /// `:outbox`: opens the outbox screen over the list.
    mutating func openOutbox() -> [Effect] {
        mode = .outbox(OutboxScreenState())
        return [.outbox(nil)]
    }

    /// Keys of the outbox screen; nil for keys it leaves to the rest of the TUI (`:`, `?`, Ctrl-C).
    mutating func handleOutboxKey(_ key: Key, keyMap: KeyMap) -> [Effect]? {
        guard case .outbox(var screen) = mode else { return nil }
        var close = false
        defer { mode = close ? .list : .outbox(screen) }
        let page = max(1, layout.rows - 4)
        switch key {
        case .char("j"), .down: screen.selected = min(max(0, screen.rows.count - 1), screen.selected + 1)
        case .char("k"), .up: screen.selected = max(0, screen.selected - 1)
        case .char("g"), .home: screen.selected = 0
        case .char("G"), .end: screen.selected = max(0, screen.rows.count - 1)
        case .enter, .right:
            guard let row = screen.current, let ticket = row.ticketID else { return [] }
            close = true
            return [.openTicket(ticket)]
        case .char("R"), .char("D"), .char("u"):
            guard let row = screen.current else {
                message = "The outbox is empty"
                return []
            }
            if key == .char("u") {
                guard row.state == .queued else {
                    message = "Only a queued reply can be taken back (this one is \(row.state.rawValue))"
                    return []
                }
                return [.outbox(.cancel(row.id))]
            }
            guard row.state == .failed else {
                message =
                    "\(key == .char("R") ? "R sends" : "D discards") a failed reply (this one is \(row.state.rawValue))"
                return []
            }
            return [.outbox(key == .char("R") ? .resend(row.id) : .discard(row.id))]
        case .char("r"): return [.outbox(nil)]
        case .char("q"), .left, .escape:
            close = true
            return [.loadSidebar]
        default:
            return listOnlyKey(key, keyMap: keyMap)
        }
        if screen.selected < screen.top { screen.top = screen.selected }
        if screen.selected >= screen.top + page { screen.top = screen.selected - page + 1 }
        return []
    }

    /// The driver's answer to ``Effect/outbox(_:)``: the rows, read again.
    public mutating func receiveOutbox(_ result: Result<[OutboxEntry], any Error>) {
        guard var screen = outboxScreen else { return }
        defer { outboxScreen = screen }
        switch result {
        case .success(let rows):
            let id = screen.current?.id
            screen.rows = rows
            screen.error = nil
            screen.selected =
                id.flatMap { id in rows.firstIndex { $0.id == id } } ?? min(screen.selected, max(0, rows.count - 1))
        case .failure(let e):
            screen.rows = []
            screen.error = "Cannot read the outbox: \(e)"
        }
    }
}

extension DatabaseDataSource {
    public func outbox() throws -> [OutboxEntry] {
        try database.outbox(states: [.queued, .sending, .failed, .sent], limit: 500)
    }

    public func perform(_ action: OutboxAction) throws -> String {
        switch action {
        case .resend(let id):
            try database.resendOutbox(id, actor: agent)
            return "Reply \(id) queued again"
        case .discard(let id):
            try database.discardFailedOutbox(id, actor: agent)
            return "Reply \(id) discarded; its text is your draft again (d resumes it)"
        case .cancel(let id):
            try database.cancelOutbox(id, actor: agent)
            return "Reply \(id) taken back: not sent; its text is your draft again (d resumes it)"
        }
    }

    public func failedReplies(ticket: Int64) throws -> [String: String] {
        try database.failedReplies(tickets: [ticket])[ticket] ?? [:]
    }

    public func ticketsWithFailedReplies(_ tickets: [Int64]) throws -> Set<Int64> {
        Set(try database.failedReplies(tickets: tickets).keys)
    }
}

extension InboxDataSource {
    public func outbox() throws -> [OutboxEntry] { [] }
    public func perform(_ action: OutboxAction) throws -> String {
        throw InboxError(.badInput, "This inbox is read-only here")
    }
    public func failedReplies(ticket: Int64) throws -> [String: String] { [:] }
    public func ticketsWithFailedReplies(_ tickets: [Int64]) throws -> Set<Int64> { [] }
}
