import Foundation

/// The formats `inbox orders import` reads (docs/orders.md).
public enum OrderFormat: String, Sendable, CaseIterable {
    case shopifyCSV = "shopify-csv"
    case wooCommerceJSON = "woocommerce-json"
    case csv

    /// The format of a file's content: JSON starts with `[` or `{`; a CSV whose header has
    /// Shopify's `Name` and `Lineitem name` is Shopify's export; any other CSV is plain.
    public static func detect(_ bytes: [UInt8]) -> OrderFormat {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        if i < bytes.count, bytes[i] == 0x5B || bytes[i] == 0x7B { return .wooCommerceJSON }
        let end = bytes[i...].firstIndex(of: 0x0A) ?? bytes.count
        let header = String(decoding: bytes[i..<end], as: UTF8.self).lowercased()
        if header.contains("lineitem name") && header.contains("name") { return .shopifyCSV }
        return .csv
    }
}

/// An order as read, and its source record as JSON text (kept so nothing from the shop is lost).
public struct ImportedOrder: Sendable, Equatable {
    public var order: ShopOrder
    public var record: String
    public init(order: ShopOrder, record: String) {
        self.order = order
        self.record = record
    }
}

/// Orders read from one file, and one line per rejected row or entry.
public struct OrderFeedResult: Sendable {
    public var orders: [ImportedOrder]
    /// `file line N: what is wrong (what to do)`.
    public var problems: [String]
    /// Rows (CSV) or entries (JSON) read, rejected ones included.
    public var rows: Int
}

/// Reads order files into ``ShopOrder`` values: Shopify's orders export CSV, WooCommerce REST
/// v3 orders JSON, and plain CSV with a column mapping.
public enum OrderFeed {
    /// Our field names for `--format csv` (`[store.columns]` maps them to the file's headers).
    public static let fields = [
        "number", "email", "placed_at", "paid_at", "fulfilled_at", "cancelled_at", "updated_at", "financial_status",
        "fulfillment_status", "currency", "total", "refunded", "ship_name", "ship_city", "ship_country", "phone",
        "tags",
        "note", "sku", "title", "quantity", "price", "carrier", "tracking_number", "tracking_url", "shipment_status",
        "shipped_at", "estimated_at", "delivered_at",
    ]

    /// Shopify's export columns for our fields.
    public static let shopifyColumns: [String: String] = [
        "number": "Name", "email": "Email", "financial_status": "Financial Status", "paid_at": "Paid at",
        "fulfillment_status": "Fulfillment Status", "fulfilled_at": "Fulfilled at", "currency": "Currency",
        "total": "Total", "placed_at": "Created at", "cancelled_at": "Cancelled at", "refunded": "Refunded Amount",
        "ship_name": "Shipping Name", "ship_city": "Shipping City", "ship_country": "Shipping Country", "tags": "Tags",
        "phone": "Phone", "note": "Notes", "quantity": "Lineitem quantity", "title": "Lineitem name",
        "price": "Lineitem price", "sku": "Lineitem sku",
    ]

    /// Reads `bytes` (the content of `file`) in `format` for `store`.
    /// - Throws: ``InboxError`` `.badInput` when the file as a whole cannot be read (not JSON,
    ///   no header, no mapping); a bad row or entry is a problem line instead.
    public static func read(
        _ bytes: [UInt8], file: String, format: OrderFormat, store: StoreSettings, fetchedAt: Date = Date()
    ) throws -> OrderFeedResult {
        switch format {
        case .shopifyCSV:
            return try readCSV(
                bytes, file: file, columns: shopifyColumns, source: format.rawValue, store: store, fetchedAt: fetchedAt)
        case .csv:
            guard let columns = store.columns, columns["number"] != nil else {
                throw InboxError(
                    .badInput,
                    "\(file) is a plain CSV but store \"\(store.name)\" has no column mapping (add [store.columns] with at least number = \"…\", see docs/orders.md, or pass --format shopify-csv)"
                )
            }
            for key in columns.keys where !fields.contains(key) {
                throw InboxError(
                    .config,
                    "[store.columns] of store \"\(store.name)\" names \"\(key)\", which is not a field (use: \(fields.joined(separator: ", ")))"
                )
            }
            return try readCSV(
                bytes, file: file, columns: columns, source: format.rawValue, store: store, fetchedAt: fetchedAt)
        case .wooCommerceJSON:
            return try WooCommerceReader.read(bytes, file: file, store: store, fetchedAt: fetchedAt)
        }
    }

    /// A CSV with one row per line item, the order's own columns on its first row.
    static func readCSV(
        _ bytes: [UInt8], file: String, columns: [String: String], source: String, store: StoreSettings, fetchedAt: Date
    ) throws -> OrderFeedResult {
        let reader = CSVReader(bytes: bytes)
        var header: [String]? = nil
        var index: [String: Int] = [:]
        var orders: [ShopOrder] = []
        var position: [String: Int] = [:]
        var rejected = Set<String>()
        var problems: [String] = []
        var rows = 0
        var records: [String: [String]] = [:]
        do {
            try reader.forEach { record in
                guard let head = header else {
                    let names = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    header = names
                    for (field, column) in columns {
                        if let i = names.firstIndex(where: { $0.caseInsensitiveCompare(column) == .orderedSame }) {
                            index[field] = i
                        }
                    }
                    guard index["number"] != nil else {
                        throw InboxError(
                            .badInput,
                            "\(file) line \(record.line): the header has no column \"\(columns["number"] ?? "number")\" for the order number (is this an orders export? pass --format, or fix [store.columns])"
                        )
                    }
                    return
                }
                rows += 1
                let f = record.fields
                func value(_ field: String) -> String? {
                    guard let i = index[field], i < f.count else { return nil }
                    let v = f[i].trimmingCharacters(in: .whitespacesAndNewlines)
                    return v.isEmpty ? nil : v
                }
                func problem(_ text: String) { problems.append("\(file) line \(record.line): \(text)") }
                if f.count != head.count {
                    problem(
                        "the row has \(f.count) fields but the header has \(head.count) (a quote or a comma is missing; the row was skipped)"
                    )
                    return
                }
                guard let rawNumber = value("number") else {
                    problem("no order number (column \"\(columns["number"]!)\" is empty; the row was skipped)")
                    return
                }
                let number = ShopOrder.normalizedNumber(rawNumber)
                if rejected.contains(number) { return }
                func date(_ field: String) throws -> Date? {
                    guard let v = value(field) else { return nil }
                    guard let d = OrderDates.parse(v) else {
                        throw InboxError(
                            .badInput,
                            "column \"\(columns[field]!)\" holds \"\(v)\", which is not a date (write 2026-11-02 10:15:00 +0100)"
                        )
                    }
                    return d
                }
                func amount(_ field: String) throws -> String? {
                    guard let v = value(field) else { return nil }
                    let t = v.replacingOccurrences(of: ",", with: ".")
                    guard Double(t) != nil else {
                        throw InboxError(
                            .badInput,
                            "column \"\(columns[field]!)\" holds \"\(v)\", which is not an amount (write 49.90)")
                    }
                    return t
                }
                do {
                    var line: ShopOrder.Line? = nil
                    if let title = value("title") {
                        var quantity = 1
                        if let q = value("quantity") {
                            guard let n = Int(q), n >= 0 else {
                                throw InboxError(
                                    .badInput,
                                    "column \"\(columns["quantity"]!)\" holds \"\(q)\", which is not a whole number")
                            }
                            quantity = n
                        }
                        line = ShopOrder.Line(
                            sku: value("sku"), title: title, quantity: quantity, price: try amount("price"))
                    }
                    var shipment: ShopOrder.Shipment? = nil
                    if value("tracking_number") != nil || value("carrier") != nil {
                        let carrier = value("carrier").map(Carriers.canonical)
                        var s = ShopOrder.Shipment(
                            carrier: carrier, tracking_number: value("tracking_number"),
                            tracking_url: value("tracking_url"),
                            status: value("shipment_status")?.lowercased(), shipped_at: try date("shipped_at"),
                            estimated_at: try date("estimated_at"), delivered_at: try date("delivered_at"))
                        if s.tracking_url == nil, let c = carrier, let n = s.tracking_number {
                            s.tracking_url = Carriers.url(carrier: c, number: n, overrides: store.tracking)
                        }
                        shipment = s
                    }
                    func keep() {
                        var kept: [String] = []
                        for (i, name) in head.enumerated() where !f[i].isEmpty {
                            kept.append(JSONText.string(name) + ":" + JSONText.string(f[i]))
                        }
                        records[number, default: []].append("{" + kept.joined(separator: ",") + "}")
                    }
                    if let at = position[number] {
                        keep()
                        if let line { orders[at].lines.append(line) }
                        if let shipment, !orders[at].shipments.contains(where: { $0.key == shipment.key }) {
                            orders[at].shipments.append(shipment)
                        }
                        return
                    }
                    var order = ShopOrder(
                        store: store.name, number: number, emails: value("email").map { [$0.lowercased()] } ?? [],
                        placed_at: try date("placed_at"), paid_at: try date("paid_at"),
                        fulfilled_at: try date("fulfilled_at"),
                        cancelled_at: try date("cancelled_at"),
                        financial_status: value("financial_status")?.lowercased(),
                        fulfillment_status: value("fulfillment_status")?.lowercased(),
                        currency: value("currency") ?? store.currency, total: try amount("total"),
                        refunded: try amount("refunded"),
                        ship_to: nil, phone: value("phone"),
                        tags: value("tags").map {
                            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                        },
                        note: value("note"), lines: line.map { [$0] } ?? [], shipments: shipment.map { [$0] } ?? [],
                        fetched_at: fetchedAt, source: source, updated_at: try date("updated_at"))
                    let shipTo = ShopOrder.ShipTo(
                        name: value("ship_name"), city: value("ship_city"), country: value("ship_country"))
                    if !shipTo.isEmpty { order.ship_to = shipTo }
                    if order.refunded == "0.00" || order.refunded == "0" { order.refunded = nil }
                    position[number] = orders.count
                    orders.append(order)
                    keep()
                } catch let error as InboxError {
                    if position[number] == nil {
                        rejected.insert(number)
                        problem("\(error.description); order \(number) was skipped")
                    } else {
                        problem("\(error.description); the row was skipped")
                    }
                }
            }
        } catch let failure as CSVReader.Failure {
            problems.append("\(file) line \(failure.line): \(failure.description); the rest of the file was not read")
        }
        if header == nil { throw InboxError(.badInput, "\(file) is empty (export the orders again)") }
        let imported = orders.map { o in
            ImportedOrder(order: o, record: "[" + (records[o.number] ?? []).joined(separator: ",") + "]")
        }
        return OrderFeedResult(orders: imported, problems: problems, rows: rows)
    }
}
