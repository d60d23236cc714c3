import Foundation
import InboxCore
import InboxTUI
import Testing

/// Builders for read models (their memberwise initialisers are internal to InboxCore, so go
/// through their Codable form).
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func ticket(
        _ id: Int64, subject: String, customer: String?, address: String? = nil, status: String = "open",
        priority: String = "normal", queue: String = "Support", assignee: String? = nil, tags: [String] = [],
        age: TimeInterval = 3600, waiting: String? = nil, thanksOnly: Bool = false
    ) -> TicketSummary {
        let json: [String: Any] = [
            "id": id, "queue": queue, "subject": subject, "status": status, "priority": priority,
            "assignee": assignee as Any? ?? NSNull(), "tags": tags,
            "customer": ["name": customer as Any? ?? NSNull(), "address": address as Any? ?? NSNull()],
            "created_at": now.timeIntervalSince1970 - age - 60, "updated_at": now.timeIntervalSince1970 - age,
            "message_count": 1, "last_customer_at": now.timeIntervalSince1970 - age,
            "waiting_on": waiting as Any? ?? NSNull(), "thanks_only": thanksOnly,
        ]
        return decode(json)
    }

    static func message(
        inbound: Bool, from: String, text: String, minutes: Double = 0, direction: String? = nil, subject: String = "s"
    ) -> MessageDetail {
        let json: [String: Any] = [
            "direction": direction ?? (inbound ? "inbound" : "outbound"), "message_id": NSNull(),
            "from": ["name": from, "address": NSNull()], "to": [], "cc": [],
            "date": now.timeIntervalSince1970 - 86400 + minutes * 60, "subject": subject, "text": text,
            "automatic": false, "bounce": false, "thread_reason": "new", "attachments": [], "problems": [],
            "sha256": "0",
        ]
        return decode(json)
    }

    static func detail(_ t: TicketSummary, _ messages: [MessageDetail]) -> TicketDetail {
        TicketDetail(ticket: t, messages: messages, events: [], linkedTicket: nil, mergedInto: nil)
    }

    private static func decode<T: Decodable>(_ object: [String: Any]) -> T {
        let data = try! JSONSerialization.data(withJSONObject: object)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try! decoder.decode(T.self, from: data)
    }

    static let multilingual: [TicketSummary] = [
        ticket(
            101, subject: "Kargom nerede? Sipariş #4411", customer: "Ayşe Yılmaz", status: "new", priority: "high",
            age: 300),
        ticket(102, subject: "Zwrot towaru – źle dobrany rozmiar", customer: "Łukasz Żółć", age: 7200),
        ticket(103, subject: "注文した商品が届きません", customer: "山田太郎", status: "pending", age: 90000),
        ticket(
            104, subject: "Bestilling kom ikke frem", customer: "Åse Ødegård", priority: "low", tags: ["vip"],
            age: 400000),
        ticket(105, subject: "Where is my refund?", customer: nil, address: "bob@example.com", age: 3_000_000),
    ]
}

/// An in-memory data source that records which rows the list asked for.
final class FakeData: InboxDataSource, @unchecked Sendable {
    // Guarded by `lock`: the tests call from one task, the lock keeps Sendable honest.
    private let lock = NSLock()
    private var _requests: [(limit: Int, offset: Int)] = []
    private var _token = 1
    private var _all: [TicketSummary]
    var all: [TicketSummary] { lock.withLock { _all } }
    let details: [Int64: TicketDetail]

    init(_ tickets: [TicketSummary], details: [TicketDetail] = []) {
        _all = tickets
        self.details = Dictionary(uniqueKeysWithValues: details.map { ($0.ticket.id, $0) })
    }

    var requests: [(limit: Int, offset: Int)] { lock.withLock { _requests } }
    func bump() { lock.withLock { _token += 1 } }

    /// A ticket changes (a customer reply, another agent): it moves to the top, newer.
    func touch(_ id: Int64, at date: Date) {
        lock.withLock {
            guard let i = _all.firstIndex(where: { $0.id == id }) else { return }
            var t = _all.remove(at: i)
            t.updatedAt = date
            _all.insert(t, at: 0)
            _token += 1
        }
    }

    /// A new ticket arrives (as from another process's import).
    func arrive(_ t: TicketSummary) {
        lock.withLock {
            _all.insert(t, at: 0)
            _token += 1
        }
    }

    func sidebar() throws -> [SidebarItem] {
        let queues = Dictionary(grouping: all, by: \.queue)
        var items = [
            SidebarItem(title: "Unassigned", count: all.filter { $0.assignee == nil }.count, source: .unassigned),
            SidebarItem(
                title: "Open", count: all.filter { $0.status == .open || $0.status == .new }.count, source: .open),
            SidebarItem(title: "Pending", count: all.filter { $0.status == .pending }.count, source: .pending),
            SidebarItem(title: "Quarantine", count: 0, source: .quarantine),
            SidebarItem(title: "All tickets", count: all.count, source: .all),
        ]
        for name in queues.keys.sorted() {
            items.append(SidebarItem(title: name, count: queues[name]!.count, source: .queue(name)))
        }
        return items
    }

    func tickets(_ source: ListSource, limit: Int, offset: Int) throws -> [TicketSummary] {
        lock.withLock { _requests.append((limit, offset)) }
        let rows: [TicketSummary]
        switch source {
        case .all: rows = all
        case .queue(let q): rows = all.filter { $0.queue == q }
        case .pending: rows = all.filter { $0.status == .pending }
        case .open: rows = all.filter { $0.status == .open || $0.status == .new }
        case .unassigned: rows = all.filter { $0.assignee == nil }
        case .quarantine, .mine, .breaching, .saved, .snoozed: rows = []
        }
        return Array(rows.dropFirst(offset).prefix(limit))
    }

    func ticket(_ id: Int64) throws -> TicketDetail {
        if let d = details[id] { return d }
        guard let t = all.first(where: { $0.id == id }) else {
            throw InboxError(.notFound, "There is no ticket #\(id)")
        }
        return Fixture.detail(t, [])
    }

    func changeToken() throws -> Int? { lock.withLock { _token } }
}

/// Compares `text` with the reviewed snapshot `name` in ``Snapshots``.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let expected = Snapshots.all[name] else {
        // Written out for review, so a new snapshot can be checked by eye and pasted in.
        try? text.write(toFile: NSTemporaryDirectory() + "snapshot-\(name).txt", atomically: false, encoding: .utf8)
        Issue.record("no snapshot named \(name); actual:\n\(text)", sourceLocation: sourceLocation)
        return
    }
    if text != expected {
        try? text.write(toFile: NSTemporaryDirectory() + "snapshot-\(name).txt", atomically: false, encoding: .utf8)
    }
    #expect(text == expected, "snapshot \(name) differs; actual:\n\(text)", sourceLocation: sourceLocation)
}
