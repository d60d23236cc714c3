import Foundation
import GRDB
import InboxCore

/// Search timings (DESIGN §14): each query run `runs` times in this process after one warm-up;
/// median and p95 in milliseconds.
func timeQueries(_ database: AppDatabase, _ queries: [(label: String, query: String)], runs: Int = 30) -> [(String, String, Double, Double, Int)] {
    var out: [(String, String, Double, Double, Int)] = []
    for (label, query) in queries {
        var times: [Double] = []
        var count = 0
        do {
            count = try database.search(query, limit: 50).count
            for _ in 0..<runs {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try database.search(query, limit: 50)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
        } catch {
            print("search \(query) failed: \(error)")
            continue
        }
        times.sort()
        let p95 = times[min(times.count - 1, Int(Double(times.count) * 0.95))]
        out.append((label, query, times[times.count / 2], p95, count))
    }
    return out
}

func printQueryTable(_ title: String, _ rows: [(String, String, Double, Double, Int)]) {
    print("")
    print("| \(title) | query | median | p95 | hits |")
    print("|---|---|---|---|---|")
    for (label, query, median, p95, hits) in rows {
        print("| \(label) | `\(query)` | \(String(format: "%.1f", median)) ms | \(String(format: "%.1f", p95)) ms | \(hits) |")
    }
}

/// A store of `count` synthetic support messages in four languages, for search at scale.
/// Built once per work folder (about a minute per million messages here) and reused.
func syntheticStore(at path: String, count: Int) throws -> AppDatabase {
    if FileManager.default.fileExists(atPath: path) {
        let existing = try AppDatabase.open(path: path)
        let n = try existing.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM message") ?? 0 }
        // A store generated under an earlier (unreleased) schema lacks indexes the queries
        // now rely on: measure a fresh one instead.
        let indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        let current = try AppDatabase.inMemory().reader.read { try String.fetchAll($0, sql: indexes) }
        let have = try existing.reader.read { try String.fetchAll($0, sql: indexes) }
        if n == count, have == current { return existing }
        for suffix in ["", "-wal", "-shm", ".search", ".search-wal", ".search-shm"] { unlink(path + suffix) }
    }
    print("Generating a store of \(count) messages at \(path) …")
    let started = Date()
    let database = try AppDatabase.open(path: path)
    let config = InboxConfig(queue: [
        .init(name: "Support", addresses: ["support@shop.example"], default: true),
        .init(name: "Returns", addresses: ["returns@shop.example"]),
        .init(name: "Billing", addresses: ["billing@shop.example"]),
        .init(name: "Marketplace", addresses: ["marketplace@shop.example"]),
    ])
    try database.syncQueues(config)
    let common = """
        the a and to of is in my i you for it on was not with have this order parcel package delivery \
        please thanks hello regards still week days tracking number shop item size colour return \
        refund invoice damaged broken late arrived missing wrong address change payment card \
        kargo sipariş iade fatura teşekkürler merhaba müşteri hasarlı paket adres \
        zamówienie paczka zwrot faktura dziękuję dzień dobry uszkodzona przesyłka kurier \
        pakke ordre retur faktura takk hilsen ødelagt levering sporing jakke \
        bestellung paket rücksendung rechnung danke grüße beschädigt lieferung straße
        """.split(separator: " ").map(String.init)
    var rng = SplitMix(seed: 42)
    let domains = ["example.pl", "example.com.tr", "example.no", "example.de", "example.com"]
    let statuses = ["new", "open", "pending", "solved", "closed"]
    let base = 1_640_000_000.0
    try database.writer.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        try db.inTransaction {
            let customers = 50_000
            for c in 0..<customers {
                try db.execute(
                    sql: "INSERT INTO customer(address, name, created_at) VALUES (?, ?, ?)",
                    arguments: ["customer\(c)@\(domains[c % domains.count])", "Customer \(c)", base])
            }
            let tickets = count / 4
            for t in 0..<tickets {
                try db.execute(
                    sql: """
                        INSERT INTO ticket(id, queue_id, subject, status, priority, customer_id, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 'normal', ?, ?, ?)
                        """,
                    arguments: [
                        1001 + t, 1 + t % 4, "Ticket \(t)", statuses[t % statuses.count], 1 + t % customers,
                        base + Double(t) * 120, base + Double(t) * 120 + 3600,
                    ])
            }
            // Word frequencies follow Zipf's law (rank r has weight 1/r), as in real text: the
            // listed words first, then 50,000 rare ones.
            let vocabulary = common + (0..<50_000).map { "w\($0)" }
            var cumulative: [Double] = []
            var total = 0.0
            for r in 1...vocabulary.count {
                total += 1.0 / Double(r)
                cumulative.append(total)
            }
            func word() -> String {
                let u = Double(rng.next() >> 11) / Double(1 << 53) * total
                var lo = 0
                var hi = cumulative.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
                }
                return vocabulary[lo]
            }
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO message(id, ticket_id, queue_id, direction, message_id, from_name, from_address, sender,
                        date, received_at, subject, text, snippet, thread_reason, raw_sha256)
                    VALUES (?, ?, ?, 'inbound', ?, ?, ?, ?, ?, ?, ?, ?, '', 'generated', 'generated')
                    """)
            for m in 0..<count {
                let t = m % tickets
                var words: [String] = []
                for _ in 0..<40 { words.append(word()) }
                if m % 7 == 0 { words.append("PL-\(1000 + m % 9000)") }
                let from = "customer\(t % customers)@\(domains[(t % customers) % domains.count])"
                let subject = "Order \(10_000 + t): " + words.prefix(4).joined(separator: " ")
                let date = base + Double(m) * 30
                try insert.execute(arguments: [
                    m + 1, 1001 + t, 1 + t % 4, "gen\(m)@bench.example", "Customer \(t % customers)", from, from,
                    date, date, subject, words.joined(separator: " "),
                ])
            }
            try db.execute(sql: "INSERT INTO raw_message(sha256, size, bytes) VALUES ('generated', 0, x'')")
            try db.execute(sql: "INSERT INTO search_pending(first_id, last_id) VALUES (1, ?)", arguments: [count])
            return .commit
        }
    }
    print("  messages stored in \(f1(Date().timeIntervalSince(started))) s; indexing …")
    let t1 = Date()
    let indexed = try database.catchUpSearchIndex()
    print("  \(indexed) messages indexed in \(f1(Date().timeIntervalSince(t1))) s")
    return database
}

/// A small deterministic generator (the benchmark must build the same store every time).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
