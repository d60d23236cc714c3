import Foundation
import InboxCore

/// What the ticket list shows: every ticket, a sidebar view, or one queue.
public enum ListSource: Hashable, Sendable {
    case all
    case unassigned, open, pending, quarantine
    /// Assigned to the agent using the TUI.
    case mine
    /// Due within the SLA warning window, or overdue.
    case breaching
    case queue(String)
}

/// One line of the sidebar.
public struct SidebarItem: Equatable, Sendable {
    public var title: String
    public var count: Int
    public var source: ListSource
    /// Views are drawn apart from queues.
    public var isQueue: Bool { if case .queue = source { true } else { false } }

    public init(title: String, count: Int, source: ListSource) {
        self.title = title
        self.count = count
        self.source = source
    }
}

/// The reads the TUI needs.
///
/// Implementations must be cheap for small pages: the list asks only for the rows on screen.
public protocol InboxDataSource: Sendable {
    /// Sidebar entries with counts: views first, then each queue.
    func sidebar() throws -> [SidebarItem]
    /// At most `limit` tickets of `source` starting at `offset`, newest update first.
    func tickets(_ source: ListSource, limit: Int, offset: Int) throws -> [TicketSummary]
    func ticket(_ id: Int64) throws -> TicketDetail
    /// A number that changes when another process commits; nil when unknown.
    func changeToken() throws -> Int?

    /// The agent the TUI acts for (the audit log's actor, "me").
    var agent: String { get }
    /// Applies changes to a ticket; with `expectedVersion`, refuses (``InboxError`` `.conflict`)
    /// when someone changed it since.
    func apply(_ changes: [TicketChange], to ticket: Int64, expectedVersion: Int?) throws -> TicketUpdate
    /// Undoes the agent's last change, merge or split of `ticket`.
    func undo(ticket: Int64) throws -> UndoResult
    /// Merges `ticket` into `target` (undoable).
    func merge(_ ticket: Int64, into target: Int64) throws
    /// Says the agent is on `ticket` (a heartbeat; repeat within 30 s).
    func touchPresence(ticket: Int64, activity: PresenceActivity) throws
    /// Says the agent left `ticket`.
    func leave(ticket: Int64) throws
    /// Time-based rules (solved tickets close after 4 days).
    func maintenance() throws
}

/// A read-only source: changes are refused with a sentence that says so.
extension InboxDataSource {
    public var agent: String { "me" }
    public func apply(_ changes: [TicketChange], to ticket: Int64, expectedVersion: Int?) throws -> TicketUpdate {
        throw InboxError(.badInput, "This inbox is read-only here")
    }
    public func undo(ticket: Int64) throws -> UndoResult { throw InboxError(.badInput, "This inbox is read-only here") }
    public func merge(_ ticket: Int64, into target: Int64) throws { throw InboxError(.badInput, "This inbox is read-only here") }
    public func touchPresence(ticket: Int64, activity: PresenceActivity) throws {}
    public func leave(ticket: Int64) throws {}
    public func maintenance() throws {}
}

/// The production data source over the store's read API.
public struct DatabaseDataSource: InboxDataSource {
    public let database: AppDatabase
    public let agent: String
    /// For the SLA policies (due times shown on a ticket) and changes.
    public let config: InboxConfig

    public init(_ database: AppDatabase, agent: String = "me", config: InboxConfig = InboxConfig()) {
        self.database = database
        self.agent = agent
        self.config = config
    }

    public func apply(_ changes: [TicketChange], to ticket: Int64, expectedVersion: Int?) throws -> TicketUpdate {
        try database.update([ticket], changes, actor: agent, expectedVersion: expectedVersion, config: config)[0]
    }

    public func undo(ticket: Int64) throws -> UndoResult { try database.undo(ticket: ticket, actor: agent, config: config) }

    public func merge(_ ticket: Int64, into target: Int64) throws {
        try database.merge(ticket, into: target, actor: agent, config: config)
    }

    public func touchPresence(ticket: Int64, activity: PresenceActivity) throws {
        try database.touchPresence(ticket: ticket, agent: agent, activity: activity)
    }

    public func leave(ticket: Int64) throws { try database.leave(ticket: ticket, agent: agent) }

    public func maintenance() throws { try database.runMaintenance() }

    public func sidebar() throws -> [SidebarItem] {
        let queues = try database.queueSummaries()
        let views = try database.viewCounts()
        var items = [
            SidebarItem(title: "Unassigned", count: views.unassigned, source: .unassigned),
            SidebarItem(title: "Open", count: views.open, source: .open),
            SidebarItem(title: "Pending", count: views.pending, source: .pending),
            SidebarItem(title: "Quarantine", count: views.quarantine, source: .quarantine),
            SidebarItem(
                title: "Mine", count: try database.ticketCount(assignee: agent), source: .mine),
            SidebarItem(title: "Breaching", count: try database.breachingCount(), source: .breaching),
            SidebarItem(title: "All tickets", count: queues.reduce(0) { $0 + $1.total }, source: .all),
        ]
        for q in queues { items.append(SidebarItem(title: q.name, count: q.total, source: .queue(q.name))) }
        return items
    }

    public func tickets(_ source: ListSource, limit: Int, offset: Int) throws -> [TicketSummary] {
        switch source {
        case .all: return try database.tickets(TicketFilter(limit: limit, offset: offset))
        case .queue(let name): return try database.tickets(TicketFilter(queue: name, limit: limit, offset: offset))
        case .pending: return try database.tickets(TicketFilter(status: "pending", limit: limit, offset: offset))
        case .quarantine: return []  // quarantined messages opened no ticket; a message list is future work
        case .mine: return try database.tickets(TicketFilter(assignee: agent, limit: limit, offset: offset))
        case .breaching: return try database.tickets(TicketFilter(breachingAt: Date(), limit: limit, offset: offset))
        case .open:
            return Array(try active(limit: offset + limit).dropFirst(offset).prefix(limit))
        case .unassigned:
            // TicketFilter has no assignee filter yet: scan the active tickets (cost grows with
            // the offset; a store-side filter is future work).
            var found: [TicketSummary] = []
            var batch = 200
            while true {
                let rows = try active(limit: batch)
                found = rows.filter { $0.assignee == nil }
                if found.count >= offset + limit || rows.count < batch { break }
                batch *= 4
            }
            return Array(found.dropFirst(offset).prefix(limit))
        }
    }

    /// The newest `limit` tickets in `new` or `open`, merged from the two status filters.
    private func active(limit: Int) throws -> [TicketSummary] {
        let a = try database.tickets(TicketFilter(status: "new", limit: limit))
        let b = try database.tickets(TicketFilter(status: "open", limit: limit))
        return Array(
            (a + b).sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }.prefix(limit))
    }

    public func ticket(_ id: Int64) throws -> TicketDetail {
        var detail = try database.ticketDetail(id)
        detail.sla = try database.slaReport(id, config: config)
        return detail
    }

    /// `PRAGMA data_version` on the writer connection: it changes only when another
    /// connection (another process) commits, which a `ValueObservation` would not see.
    public func changeToken() throws -> Int? {
        try database.dataVersion()
    }
}
