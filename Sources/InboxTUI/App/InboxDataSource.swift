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
    /// Snoozed tickets (they are left out of every other view until they wake).
    case snoozed
    case queue(String)
    /// A saved view: its name and query.
    case saved(String, String)
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
    /// Whether other processes' commits are pushed to us (PostgreSQL's NOTIFY): looking at
    /// ``changeToken()`` costs no query then, so the TUI may look several times a second.
    var changesArePushed: Bool { get }

    /// Like ``tickets(_:limit:offset:)``, narrowed by a search (`\` in the list).
    func tickets(_ source: ListSource, filter: String?, limit: Int, offset: Int) throws -> [TicketSummary]
    /// Number of tickets of `source` matching `filter`.
    func count(_ source: ListSource, filter: String?) throws -> Int
    /// Positions (in list order) of the tickets of `source` + `filter` that match `query` (`/`).
    func positions(_ source: ListSource, filter: String?, matching query: String) throws -> [Int]
    /// The position (in list order) of ticket `id` among the tickets of `source` + `filter`.
    func position(ofTicket id: Int64, in source: ListSource, filter: String?) throws -> Int?
    /// Saves `query` as a view named `name`.
    func saveView(name: String, query: String) throws
    /// The agent the TUI acts for (the audit log's actor, "me").
    var agent: String { get }
    /// The team's agents by name (`[agent]` and `[[agents]]` of the config), for `:assign`.
    var agents: [String] { get }
    /// Applies changes to a ticket; with `expectedVersion`, refuses (``InboxError`` `.conflict`)
    /// when someone changed it since.
    func apply(_ changes: [TicketChange], to ticket: Int64, expectedVersion: Int?) throws -> TicketUpdate
    /// Applies changes to several tickets in one transaction: all or nothing (marked tickets).
    func apply(_ changes: [TicketChange], to tickets: [Int64]) throws -> [TicketUpdate]
    /// The stored original of a message (for its attachments); nil when not stored.
    func rawMessage(sha256: String) throws -> [UInt8]?
    /// Undoes the agent's last change, merge or split of `ticket`.
    func undo(ticket: Int64) throws -> UndoResult
    /// Merges `ticket` into `target` (undoable).
    func merge(_ ticket: Int64, into target: Int64) throws
    /// Quarantined messages, newest first (QuarantineScreen.swift has the defaults).
    func quarantine(limit: Int) throws -> [QuarantinedMessage]
    /// The text of a held message (the quarantine's `Enter`).
    func quarantinedText(message: Int64) throws -> String
    /// Releases a held message; returns the ticket it went into.
    func release(message: Int64, into: Int64?) throws -> Int64
    /// Releases, blocks or marks bouncing; returns what to tell the agent.
    func perform(_ action: QuarantineAction) throws -> String
    /// The `:report` screen's report (ReportScreen+Data.swift has the defaults).
    func report(_ request: ReportRequest) throws -> Report
    /// The tickets behind a report number, as list rows.
    func ticketSummaries(_ ids: [Int64]) throws -> [TicketSummary]
    /// Says the agent is on `ticket` (a heartbeat; repeat within 30 s).
    func touchPresence(ticket: Int64, activity: PresenceActivity) throws
    /// Says the agent left `ticket`.
    func leave(ticket: Int64) throws
    /// Time-based rules (solved tickets close after 4 days).
    func maintenance() throws
    /// Snoozes `tickets` (`2d`, `mon 09:00`, or `off` to wake them); returns what to tell the agent.
    func snooze(_ tickets: [Int64], when: String) throws -> String
    /// The order card of a ticket, from the store only (App/OrderCardState.swift has defaults).
    func orderCard(ticket: Int64) throws -> OrderCardState
    func linkOrder(ticket: Int64, number: String) throws -> String
    func unlinkOrder(ticket: Int64, number: String) throws -> String
    func hasOrderLookup(ticket: Int64) -> Bool
    /// Runs the stores' `lookup_command`s; blocks up to their timeouts (call it off the UI loop).
    func lookupOrders(ticket: Int64) throws -> [String]
    /// The `:outbox` screen (App/OutboxScreen.swift): its rows, and what R, D and u do.
    func outbox() throws -> [OutboxEntry]
    func perform(_ action: OutboxAction) throws -> String
    /// The ticket's replies the outbox gave up on (Message-ID → the server's words).
    func failedReplies(ticket: Int64) throws -> [String: String]
    /// Which of `tickets` have a reply the outbox gave up on (the list's ✗ mark).
    func ticketsWithFailedReplies(_ tickets: [Int64]) throws -> Set<Int64>
}

/// A read-only source: changes are refused with a sentence that says so.
extension InboxDataSource {
    public var changesArePushed: Bool { false }
    public var agent: String { "me" }
    public var agents: [String] { [] }
    public func apply(_ changes: [TicketChange], to ticket: Int64, expectedVersion: Int?) throws -> TicketUpdate {
        throw InboxError(.badInput, "This inbox is read-only here")
    }
    public func undo(ticket: Int64) throws -> UndoResult { throw InboxError(.badInput, "This inbox is read-only here") }
    public func apply(_ changes: [TicketChange], to tickets: [Int64]) throws -> [TicketUpdate] {
        try tickets.map { try apply(changes, to: $0, expectedVersion: nil) }
    }
    public func rawMessage(sha256: String) throws -> [UInt8]? { nil }
    public func merge(_ ticket: Int64, into target: Int64) throws {
        throw InboxError(.badInput, "This inbox is read-only here")
    }
    public func touchPresence(ticket: Int64, activity: PresenceActivity) throws {}
    public func leave(ticket: Int64) throws {}
    public func maintenance() throws {}
    public func snooze(_ tickets: [Int64], when: String) throws -> String {
        throw InboxError(.badInput, "This inbox is read-only here")
    }
}

extension InboxDataSource {
    public func tickets(_ source: ListSource, filter: String?, limit: Int, offset: Int) throws -> [TicketSummary] {
        try tickets(source, limit: limit, offset: offset)
    }
    public func count(_ source: ListSource, filter: String?) throws -> Int {
        try sidebar().first { $0.source == source }?.count ?? 0
    }
    public func positions(_ source: ListSource, filter: String?, matching query: String) throws -> [Int] { [] }
    public func position(ofTicket id: Int64, in source: ListSource, filter: String?) throws -> Int? {
        try tickets(source, filter: filter, limit: Int.max, offset: 0).firstIndex { $0.id == id }
    }
    public func saveView(name: String, query: String) throws {
        throw InboxError(.badInput, "Views cannot be saved here")
    }
}

extension ListSource {
    /// The source as a search (``SearchQuery``); nil for the quarantine, which lists no tickets.
    public var query: String? {
        switch self {
        case .all: ""
        case .unassigned: "is:unassigned"
        case .open: "status:new,open"
        case .pending: "status:pending"
        case .mine: "assignee:me"
        case .breaching: "is:breaching"
        case .snoozed: "is:snoozed"
        case .quarantine: nil
        case .queue(let name): "queue:\"\(name.replacingOccurrences(of: "\"", with: ""))\""
        case .saved(_, let query): query
        }
    }

    /// The source narrowed by `filter`, as one search.
    public func query(filter: String?) -> String? {
        guard let base = query else { return nil }
        let parts = [base, filter ?? ""].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return parts.count <= 1 ? parts.first ?? "" : parts.map { "(\($0))" }.joined(separator: " ")
    }
}

/// The production data source over the store's read API.
public struct DatabaseDataSource: InboxDataSource {
    public let database: AppDatabase
    public let agent: String
    /// Who `assignee:me` is (the agent's name and address).
    public let me: [String]
    /// For the SLA policies (due times shown on a ticket) and changes.
    public let config: InboxConfig
    /// The `status-changed` rules run with the agent's changes (docs/rules.md).
    public var rules: RuleBook?
    /// Other processes' commits (``changeToken()``).
    private let changes: ChangeFeed

    public init(_ database: AppDatabase, agent: String = "me", config: InboxConfig = InboxConfig(), me: [String] = []) {
        self.database = database
        changes = database.changeFeed()
        self.agent = agent
        self.config = config
        self.me = me.isEmpty ? [agent] : me
    }

    public func apply(_ changes: [TicketChange], to ticket: Int64, expectedVersion: Int?) throws -> TicketUpdate {
        try database.update(
            [ticket], changes, actor: agent, expectedVersion: expectedVersion, config: config, rules: rules)[0]
    }

    public func undo(ticket: Int64) throws -> UndoResult {
        try database.undo(ticket: ticket, actor: agent, config: config)
    }

    public var agents: [String] {
        var names: [String] = []
        for name in [config.agent?.name].compactMap({ $0 }) + (config.agents ?? []).map(\.name)
        where !name.isEmpty && !names.contains(name) {
            names.append(name)
        }
        return names
    }

    public func apply(_ changes: [TicketChange], to tickets: [Int64]) throws -> [TicketUpdate] {
        try database.update(tickets, changes, actor: agent, config: config, rules: rules)
    }

    public func snooze(_ tickets: [Int64], when: String) throws -> String {
        let list = tickets.map { "#\($0)" }.joined(separator: ", ")
        if when.trimmingCharacters(in: .whitespaces).lowercased() == "off" {
            try database.unsnooze(tickets, actor: agent)
            return "\(list) woken"
        }
        let now = Date()
        let calendar = try config.slaCalendar()
        let until = try SnoozeTime.resolve(when, now: now, timeZone: calendar.timeZone)
        try database.snooze(tickets, until: until, actor: agent, now: now)
        return "\(list) snoozed until \(SnoozeTime.format(until, timeZone: calendar.timeZone))"
    }

    public func rawMessage(sha256: String) throws -> [UInt8]? { try database.rawMessage(sha256: sha256) }

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
        // The views are sums of the queues' counts (every ticket is in one queue): one scan
        // of the tickets instead of two. Only the quarantine is counted apart.
        var items =
            [
                SidebarItem(title: "Unassigned", count: queues.reduce(0) { $0 + $1.unassigned }, source: .unassigned),
                SidebarItem(title: "Open", count: queues.reduce(0) { $0 + $1.open }, source: .open),
                SidebarItem(title: "Pending", count: queues.reduce(0) { $0 + $1.pending }, source: .pending),
                SidebarItem(title: "Quarantine", count: try database.quarantineCount(), source: .quarantine),
                SidebarItem(
                    title: "Mine", count: try database.ticketCount(assignee: agent), source: .mine),
                SidebarItem(title: "Breaching", count: try database.breachingCount(), source: .breaching),
                SidebarItem(title: "Snoozed", count: try database.snoozedCount(), source: .snoozed),
            ] + (try lateOrdersItem()) + [
                SidebarItem(title: "All tickets", count: queues.reduce(0) { $0 + $1.total }, source: .all)
            ]
        for v in try database.savedViews(me: me) {
            items.append(SidebarItem(title: v.name, count: v.count, source: .saved(v.name, v.query)))
        }
        for q in queues { items.append(SidebarItem(title: q.name, count: q.total, source: .queue(q.name))) }
        return items
    }

    public func tickets(_ source: ListSource, limit: Int, offset: Int) throws -> [TicketSummary] {
        try tickets(source, filter: nil, limit: limit, offset: offset)
    }

    /// The store filter for a source; nil for the quarantine (no tickets).
    private func ticketFilter(_ source: ListSource, filter: String?) -> TicketFilter? {
        var f = baseFilter(source, filter: filter)
        f?.order = .urgency
        return f
    }

    private func baseFilter(_ source: ListSource, filter: String?) -> TicketFilter? {
        let text = filter.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        switch source {
        case .queue(let name): return TicketFilter(queue: name, text: text, me: me)
        case .mine: return TicketFilter(text: text, assignee: agent, me: me)
        case .breaching: return TicketFilter(text: text, breachingAt: Date(), me: me)
        default: break
        }
        guard let query = source.query(filter: filter) else { return nil }
        return TicketFilter(text: query.isEmpty ? nil : query, me: me)
    }

    public func tickets(_ source: ListSource, filter: String?, limit: Int, offset: Int) throws -> [TicketSummary] {
        guard var f = ticketFilter(source, filter: filter) else { return [] }
        f.limit = limit
        f.offset = offset
        return try database.tickets(f)
    }

    public func count(_ source: ListSource, filter: String?) throws -> Int {
        guard let f = ticketFilter(source, filter: filter) else { return 0 }
        return try database.ticketCount(f)
    }

    public func positions(_ source: ListSource, filter: String?, matching query: String) throws -> [Int] {
        guard let f = ticketFilter(source, filter: filter) else { return [] }
        let all = try database.ticketIDs(f)
        var narrowed = f
        narrowed.text = [f.text, query].compactMap { $0 }.map { "(\($0))" }.joined(separator: " ")
        let hits = Set(try database.ticketIDs(narrowed))
        return all.indices.filter { hits.contains(all[$0]) }
    }

    public func position(ofTicket id: Int64, in source: ListSource, filter: String?) throws -> Int? {
        guard let f = ticketFilter(source, filter: filter) else { return nil }
        return try database.ticketIDs(f).firstIndex(of: id)
    }

    public func saveView(name: String, query: String) throws {
        try database.saveView(name: name, query: query)
    }

    public func ticket(_ id: Int64) throws -> TicketDetail {
        var detail = try database.ticketDetail(id)
        detail.sla = try database.slaReport(id, config: config)
        return detail
    }

    /// Moves when another process commits (``ChangeFeed``): on SQLite `PRAGMA data_version`
    /// on the writer connection says so (a `ValueObservation` would not see another process);
    /// on PostgreSQL the trigger's NOTIFY, already on our LISTEN connection's socket.
    public func changeToken() throws -> Int? {
        try changes.token()
    }

    public var changesArePushed: Bool { changes.isPushed }
}

/// Where `inbox review` reads and saves one reviewer's scores and notes.
public protocol ReviewStore: Sendable {
    func review(ticket: Int64) throws -> TicketReview?
    func save(_ review: TicketReview) throws
    /// The customer's own rating of the ticket (a survey answer), shown beside the reviewer's.
    func customerRating(ticket: Int64) throws -> Satisfaction?
}

extension ReviewStore {
    public func customerRating(ticket: Int64) throws -> Satisfaction? { nil }
}

/// Reviews in an archive, under one reviewer's name.
public struct ArchiveReviewStore: ReviewStore {
    public let database: AppDatabase
    public let reviewer: String

    public init(_ database: AppDatabase, reviewer: String) {
        self.database = database
        self.reviewer = reviewer
    }

    public func review(ticket: Int64) throws -> TicketReview? {
        try database.review(ticket: ticket, reviewer: reviewer)
    }
    public func save(_ review: TicketReview) throws { try database.saveReview(review) }
    public func customerRating(ticket: Int64) throws -> Satisfaction? { try database.satisfaction(ticket: ticket) }
}
