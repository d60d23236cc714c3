import Foundation
import InboxCore

/// What the ticket list shows: every ticket, a sidebar view, or one queue.
public enum ListSource: Hashable, Sendable {
    case all
    case unassigned, open, pending, quarantine
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
}

/// The production data source over the store's read API.
public struct DatabaseDataSource: InboxDataSource {
    public let database: AppDatabase

    public init(_ database: AppDatabase) { self.database = database }

    public func sidebar() throws -> [SidebarItem] {
        let queues = try database.queueSummaries()
        let views = try database.viewCounts()
        var items = [
            SidebarItem(title: "Unassigned", count: views.unassigned, source: .unassigned),
            SidebarItem(title: "Open", count: views.open, source: .open),
            SidebarItem(title: "Pending", count: views.pending, source: .pending),
            SidebarItem(title: "Quarantine", count: views.quarantine, source: .quarantine),
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

    public func ticket(_ id: Int64) throws -> TicketDetail { try database.ticketDetail(id) }

    /// `PRAGMA data_version` on the writer connection: it changes only when another
    /// connection (another process) commits, which a `ValueObservation` would not see.
    public func changeToken() throws -> Int? {
        try database.dataVersion()
    }
}

/// Where `inbox review` reads and saves one reviewer's scores and notes.
public protocol ReviewStore: Sendable {
    func review(ticket: Int64) throws -> TicketReview?
    func save(_ review: TicketReview) throws
}

/// Reviews in an archive, under one reviewer's name.
public struct ArchiveReviewStore: ReviewStore {
    public let database: AppDatabase
    public let reviewer: String

    public init(_ database: AppDatabase, reviewer: String) {
        self.database = database
        self.reviewer = reviewer
    }

    public func review(ticket: Int64) throws -> TicketReview? { try database.review(ticket: ticket, reviewer: reviewer) }
    public func save(_ review: TicketReview) throws { try database.saveReview(review) }
}
