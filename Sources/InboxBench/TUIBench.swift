import Foundation
import GRDB
import GRDBSQLite
import Glibc
@_spi(Bench) import InboxCore
import InboxTUI

// `make bench`, TUI section (issue 5): the pure model (DatabaseDataSource + AppState + the
// renderer into a 120×40 Screen) over generated stores of 1k and 100k tickets. Each size is
// measured in a child process (`inbox-bench --tui-measure DB`) so its memory is its own.

/// A store of `tickets` tickets (one message each, a tenth tagged), built once per work folder.
func ticketStore(at path: String, tickets: Int) throws -> String {
    if FileManager.default.fileExists(atPath: path) {
        let existing = try AppDatabase.open(path: path)
        if try existing.ticketCount() == tickets, try hasCurrentSchema(existing) { return path }
        for suffix in ["", "-wal", "-shm", ".search", ".search-wal", ".search-shm"] { unlink(path + suffix) }
    }
    print("Generating a store of \(tickets) tickets at \(path) …")
    let database = try AppDatabase.open(path: path)
    try database.syncQueues(
        InboxConfig(queue: [
            .init(name: "Support", addresses: ["support@shop.example"], default: true),
            .init(name: "Returns", addresses: ["returns@shop.example"]),
            .init(name: "Billing", addresses: ["billing@shop.example"]),
        ]))
    let subjects = [
        "Kargom nerede? Sipariş", "Zwrot towaru – źle dobrany rozmiar", "注文した商品が届きません", "Where is my refund?",
        "Bestilling kom ikke frem", "Rechnung doppelt abgebucht",
    ]
    let names = ["Ayşe Yılmaz", "Łukasz Żółć", "山田太郎", "Åse Ødegård", "Bob Smith", "Jürgen Groß"]
    let statuses = ["new", "open", "open", "pending", "solved", "closed"]
    let priorities = ["normal", "normal", "normal", "low", "high", "urgent"]
    let base = Date().timeIntervalSince1970 - Double(tickets) * 60
    try database.benchWriter.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        try db.inTransaction {
            let customers = max(1, tickets / 10)
            for c in 0..<customers {
                try db.execute(
                    sql: "INSERT INTO customer(id, address, name, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [c + 1, "customer\(c)@example.com", "\(names[c % names.count]) \(c)", base])
            }
            let ticket = try db.makeStatement(
                sql: """
                    INSERT INTO ticket(id, queue_id, subject, status, priority, assignee, customer_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let message = try db.makeStatement(
                sql: """
                    INSERT INTO message(id, ticket_id, queue_id, direction, message_id, from_name, from_address, sender,
                        date, received_at, subject, text, snippet, thread_reason, raw_sha256)
                    VALUES (?, ?, ?, 'inbound', ?, ?, ?, ?, ?, ?, ?, ?, '', 'new ticket', 'generated')
                    """)
            let tag = try db.makeStatement(sql: "INSERT INTO tag(ticket_id, name) VALUES (?, ?)")
            for t in 0..<tickets {
                let id = 1001 + t
                let queue = 1 + t % 3
                let subject = "\(subjects[t % subjects.count]) \(10_000 + t)"
                let at = base + Double(t) * 60
                let customer = 1 + t % customers
                try ticket.execute(arguments: [
                    id, queue, subject, statuses[t % statuses.count], priorities[t % priorities.count],
                    t % 4 == 0 ? nil : "agent\(t % 7)", customer, at, at + 30,
                ])
                try message.execute(arguments: [
                    t + 1, id, queue, "gen\(t)@bench.example", names[t % names.count],
                    "customer\(customer - 1)@example.com",
                    "customer\(customer - 1)@example.com", at, at, subject, "Hello, \(subject). Regards",
                ])
                if t % 10 == 0 { try tag.execute(arguments: [id, t % 20 == 0 ? "vip" : "refund"]) }
            }
            try db.execute(sql: "INSERT OR IGNORE INTO raw_message(sha256, size, bytes) VALUES ('generated', 0, x'')")
            return .commit
        }
    }
    return path
}

/// Resident memory of this process now, in KiB (from /proc/self/statm).
func residentKiB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

/// In the child: opens the store, draws the first screen, scrolls, and prints one JSON line.
func tuiMeasure(path: String) {
    do {
        let start = DispatchTime.now().uptimeNanoseconds
        let database = try AppDatabase.open(url: path)  // a path, or a PostgreSQL URL
        let opened = milliseconds(since: start)
        let controller = AppController(data: DatabaseDataSource(database), rows: 40, cols: 120)
        var screen = controller.screen()
        let first = milliseconds(since: start)
        // Where the first screen's time goes: the sidebar's counts, one page of rows, drawing.
        let t1 = DispatchTime.now().uptimeNanoseconds
        _ = try DatabaseDataSource(database).sidebar()
        let sidebar = milliseconds(since: t1)
        let t2 = DispatchTime.now().uptimeNanoseconds
        _ = try DatabaseDataSource(database).tickets(.all, limit: 38, offset: 0)
        let page = milliseconds(since: t2)
        let t3 = DispatchTime.now().uptimeNanoseconds
        screen = controller.screen()
        let draw = milliseconds(since: t3)
        func scroll(_ key: InboxTUI.Key, _ times: Int) -> [Double] {
            var out: [Double] = []
            for _ in 0..<times {
                let t0 = DispatchTime.now().uptimeNanoseconds
                controller.handle(key)
                screen = controller.screen()
                out.append(milliseconds(since: t0))
            }
            return out.sorted()
        }
        let top = scroll(.down, 400)
        let t0 = DispatchTime.now().uptimeNanoseconds
        controller.handle(.end)
        screen = controller.screen()
        let jump = milliseconds(since: t0)
        let end = scroll(.up, 400)
        let result: [String: Any] = [
            "first_ms": first, "median_ms": percentile(top, 0.5), "p95_ms": percentile(top, 0.95),
            "end_median_ms": percentile(end, 0.5), "end_p95_ms": percentile(end, 0.95), "jump_ms": jump,
            "rss_kib": residentKiB(), "rows": screen.rows, "total": controller.state.list.total,
            "open_ms": opened, "sidebar_ms": sidebar, "page_ms": page, "draw_ms": draw,
            "loaded_rows": controller.state.list.rows.count, "sqlite_kib": Int(sqlite3_memory_used() / 1024),
        ]
        let data = try JSONSerialization.data(withJSONObject: result)
        print(String(decoding: data, as: UTF8.self))
    } catch {
        print("{\"error\": \"\(error)\"}")
    }
}

/// In the parent: measures the store at `location` (a path or a PostgreSQL URL) in a child
/// process; returns the table's cells after the first, the breakdown of the first screen and
/// the child's JSON, or nil after printing why not.
func tuiMeasureRow(_ location: String) -> (cells: String, breakdown: String, json: [String: Any])? {
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let r = run([me, "--tui-measure", location])
    guard let line = r.output.split(separator: "\n").last,
        let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        json["error"] == nil
    else {
        print("the TUI measurement failed: \(r.output)")
        return nil
    }
    func ms(_ key: String) -> String { String(format: "%.1f ms", json[key] as? Double ?? 0) }
    let cells =
        "\(ms("first_ms")) | \(ms("median_ms")) | \(ms("p95_ms")) | \(ms("jump_ms")) | \(ms("end_median_ms")) | "
        + "\(ms("end_p95_ms")) | \((json["rss_kib"] as? Int ?? 0) / 1024) MB | \(r.maxRSSKiB / 1024) MB | "
        + "\((json["sqlite_kib"] as? Int ?? 0) / 1024) MB | \(json["loaded_rows"] as? Int ?? 0) |"
    let breakdown =
        "first screen: open the store \(ms("open_ms")), sidebar counts \(ms("sidebar_ms")), "
        + "a page of rows \(ms("page_ms")), drawing \(ms("draw_ms"))"
    return (cells, breakdown, json)
}

/// In the parent: builds the stores and prints the table.
func tuiBench(work: String) {
    var lines: [String] = []
    var breakdown: [String] = []
    for n in [1_000, 100_000] {
        let path: String
        do {
            path = try ticketStore(at: work + "/tui-\(n).sqlite", tickets: n)
        } catch {
            print("cannot build the \(n)-ticket store: \(error)")
            return
        }
        // In the page cache, as right after the store is built: a store generated by an
        // earlier run may have been dropped from it, and then the first screen measures the disk.
        for suffix in ["", "-wal", ".search", ".search-wal"] { warm(path + suffix) }
        guard let m = tuiMeasureRow(path) else { return }
        lines.append("| \(n) | " + m.cells)
        breakdown.append("\(n) tickets, " + m.breakdown)
    }
    print("")
    print(
        "| TUI 120×40, tickets | first full screen | ↓ to screen, median | p95 | End (jump to the last) | ↑ at the end, median | p95 | resident after | peak RSS | SQLite's memory | rows held |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for l in lines { print(l) }
    for b in breakdown { print(b) }
    print(
        "(budgets, issue 5: first screen ≤ 150 ms, key to screen ≤ 16 ms median, memory flat from 1k to 100k tickets)")
}
