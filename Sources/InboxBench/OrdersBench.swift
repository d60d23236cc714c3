import Foundation
import InboxCore
import InboxTUI

// `make bench`, orders section (issue 21, DESIGN §22): a generated 100k-line Shopify orders CSV
// imported by the real binary (budget ≥ 20,000 rows/s), and what the order card adds to
// opening a ticket (budget ≤ 2 ms). `--orders-only` runs just this section.

/// A Shopify export of `rows` lines: orders of 1–4 line items, quoted titles with commas and
/// doubled quotes, Turkish and Polish letters, CRLF and a BOM.
func shopifyCSV(rows: Int) -> String {
    var out =
        "\u{FEFF}Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Shipping Name,Shipping City,Shipping Country,Notes,Cancelled at,Refunded Amount,Tags,Phone\r\n"
    out.reserveCapacity(rows * 170)
    var row = 0
    var order = 100_000
    let names = ["Ayşe Yılmaz", "Zofia Wójcik", "Ingrid Ødegård", "Jürgen Weiß", "Megan O'Connor"]
    let cities = ["İzmir", "Kraków", "Trondheim", "München", "Springfield, IL"]
    while row < rows {
        order += 1
        let items = 1 + order % 4
        for i in 0..<items where row < rows {
            let p = order % 5
            if i == 0 {
                let day = 1 + order % 28
                out +=
                    "#\(order),customer\(order % 30_000)@example.com,paid,2026-10-\(String(format: "%02d", day)) 10:15:00 +0100,"
                out +=
                    order % 3 == 0
                    ? "fulfilled,2026-10-\(String(format: "%02d", min(28, day + 1))) 09:00:00 +0100," : "unfulfilled,,"
                out +=
                    "EUR,\(items * 20).00,0.00,0.00,\(items * 20).00,2026-10-\(String(format: "%02d", day)) 10:00:00 +0100,"
            } else {
                out += "#\(order),,,,,,,,,,,,"
            }
            out += "\(1 + i),\"Kubek \"\"Żółw\"\", 350 ml, wariant \(i)\",20.00,SKU-\(i)-\(order % 97),"
            out +=
                i == 0
                ? "\(names[p]),\"\(cities[p])\",TR,\"Proszę, szybko\",,0.00,\"vip, repeat\",+48 600 100 200\r\n"
                : ",,,,,,,\r\n"
            row += 1
        }
    }
    return out
}

func ordersBench(inbox: String, work: String) {
    print("\n## Orders (DESIGN §22)\n")
    let csv = work + "/orders-100k.csv"
    if !FileManager.default.fileExists(atPath: csv) {
        try? shopifyCSV(rows: 100_000).write(toFile: csv, atomically: true, encoding: .utf8)
    }
    let db = work + "/orders.sqlite"
    for suffix in ["", "-wal", "-shm", ".search"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    let env = ["INBOX_DB": db, "INBOX_CONFIG": work + "/no-config.toml"]
    _ = run([inbox, "init"], env: env)
    print("| run | rows | orders | seconds | rows/s | peak RSS |")
    print("|---|---|---|---|---|---|")
    for label in ["first import", "re-import (nothing new)"] {
        let r = run([inbox, "orders", "import", csv, "--json"], env: env)
        guard r.status == 0, let json = try? JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any],
            let summary = json["summary"] as? [String: Any]
        else {
            print("| \(label) | failed: status \(r.status) \(r.output.prefix(200)) | | | | |")
            return
        }
        let rows = summary["rows"] as? Int ?? 0
        let orders =
            (summary["added"] as? Int ?? 0) + (summary["updated"] as? Int ?? 0) + (summary["unchanged"] as? Int ?? 0)
        print(
            "| \(label) | \(rows) | \(orders) | \(String(format: "%.2f", r.seconds)) | \(Int(Double(rows) / r.seconds)) | \(r.maxRSSKiB / 1024) MiB |"
        )
    }

    // Opening a ticket with and without its order card, in process (the TUI's own calls).
    do {
        let database = try AppDatabase.open(path: db)
        var config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        config.store = [StoreSettings(name: "shop")]
        try database.syncQueues(config)
        let p = ParsedMessage(
            messageID: "bench-order@x", from: MailAddress(address: "customer42@example.com"),
            to: [MailAddress(address: "support@shop.example")], date: Date(), subject: "Where is order #100042?",
            text: "Hello, my order #100042 has not arrived.")
        let raw = Array("Message-ID: bench-order@x\n\nx".utf8)
        _ = try database.ingest(
            [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "bench")], config: config)
        try database.matchOrders(config: config)
        let id = try database.tickets(TicketFilter(limit: 1)).first!.id
        let data = DatabaseDataSource(database, agent: "bench", config: config)
        func time(_ body: () throws -> Void) rethrows -> Double {
            var samples: [Double] = []
            for _ in 0..<300 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try body()
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            samples.sort()
            return samples[samples.count / 2]
        }
        let without = try time { _ = try data.ticket(id) }
        let with = try time {
            _ = try data.ticket(id)
            _ = try data.orderCard(ticket: id)
        }
        let card = try data.orderCard(ticket: id)
        print(
            "\nOpening a ticket (median of 300, \(card.orders.count) linked order, \(card.customerOrders.count) of the customer's):"
        )
        print(
            "without the card \(String(format: "%.3f", without)) ms, with it \(String(format: "%.3f", with)) ms: the card adds \(String(format: "%.3f", with - without)) ms (budget 2 ms)"
        )
    } catch {
        print("cannot time the order card: \(error)")
    }
}
