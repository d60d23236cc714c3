import Foundation

/// Reads WooCommerce REST v3 orders (`/wp-json/wc/v3/orders`): an array of order objects (or
/// one object), with `shipment_trackings` from the Shipment Tracking extension where present
/// (also its `_wc_shipment_tracking_items` meta entry).
enum WooCommerceReader {
    static func read(_ bytes: [UInt8], file: String, store: StoreSettings, fetchedAt: Date) throws -> OrderFeedResult {
        let elements = try topLevelElements(bytes, file: file)
        var result = OrderFeedResult(orders: [], problems: [], rows: 0)
        var seen: [String: Int] = [:]
        for (line, range) in elements {
            result.rows += 1
            let slice = Data(bytes[range])
            guard let object = (try? JSONSerialization.jsonObject(with: slice)) as? [String: Any] else {
                result.problems.append(
                    "\(file) line \(line): this entry is not a JSON object (fix the JSON there; the entry was skipped)")
                continue
            }
            do {
                let order = try self.order(object, store: store, fetchedAt: fetchedAt)
                let imported = ImportedOrder(order: order, record: String(decoding: slice, as: UTF8.self))
                if let at = seen[order.number] {
                    result.orders[at] = ImportedOrder(
                        order: result.orders[at].order.merged(with: order), record: imported.record)
                } else {
                    seen[order.number] = result.orders.count
                    result.orders.append(imported)
                }
            } catch let error as InboxError {
                result.problems.append("\(file) line \(line): \(error.description); the entry was skipped")
            }
        }
        return result
    }

    /// The byte ranges of the top-level array's elements and the line each starts on.
    static func topLevelElements(_ b: [UInt8], file: String) throws -> [(Int, Range<Int>)] {
        var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        func skipSpace() {
            while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) {
                if b[i] == 0x0A { line += 1 }
                i += 1
            }
        }
        func skipValue() throws {
            var depth = 0
            let startLine = line
            while i < b.count {
                let c = b[i]
                if c == 0x22 {
                    i += 1
                    while i < b.count, b[i] != 0x22 {
                        if b[i] == 0x5C { i += 1 }
                        if i < b.count, b[i] == 0x0A { line += 1 }
                        i += 1
                    }
                    i += 1
                    if depth == 0 { return }
                    continue
                }
                if c == 0x0A { line += 1 }
                if c == 0x7B || c == 0x5B { depth += 1 }
                if c == 0x7D || c == 0x5D {
                    depth -= 1
                    if depth < 0 { return }
                    if depth == 0 {
                        i += 1
                        return
                    }
                }
                if depth == 0 && (c == 0x2C) { return }
                i += 1
            }
            if depth > 0 {
                throw InboxError(
                    .badInput,
                    "\(file) line \(startLine): the entry starting here never closes (the file is cut short; export it again)"
                )
            }
        }
        skipSpace()
        guard i < b.count else { throw InboxError(.badInput, "\(file) is empty (export the orders again)") }
        if b[i] == 0x7B {
            let start = i
            let startLine = line
            try skipValue()
            return [(startLine, start..<i)]
        }
        guard b[i] == 0x5B else {
            throw InboxError(
                .badInput, "\(file) line \(line): expected a JSON array of orders (the /wp-json/wc/v3/orders response)")
        }
        i += 1
        var out: [(Int, Range<Int>)] = []
        while true {
            skipSpace()
            guard i < b.count else {
                throw InboxError(
                    .badInput, "\(file) line \(line): the array never closes (the file is cut short; export it again)")
            }
            if b[i] == 0x5D { break }
            let start = i
            let startLine = line
            try skipValue()
            out.append((startLine, start..<i))
            skipSpace()
            if i < b.count, b[i] == 0x2C { i += 1 }
        }
        return out
    }

    static func string(_ v: Any?) -> String? {
        switch v {
        case let s as String:
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    static func date(_ object: [String: Any], _ key: String) throws -> Date? {
        if let gmt = string(object[key + "_gmt"]) {
            guard let d = OrderDates.parse(gmt.hasSuffix("Z") ? gmt : gmt + "Z") ?? OrderDates.parse(gmt) else {
                throw InboxError(.badInput, "\"\(key)_gmt\" holds \"\(gmt)\", which is not a date")
            }
            return d
        }
        guard let v = string(object[key]) else { return nil }
        guard let d = OrderDates.parse(v) else {
            throw InboxError(.badInput, "\"\(key)\" holds \"\(v)\", which is not a date")
        }
        return d
    }

    static func order(_ o: [String: Any], store: StoreSettings, fetchedAt: Date) throws -> ShopOrder {
        guard let number = string(o["number"]) ?? string(o["id"]) else {
            throw InboxError(.badInput, "the order has no \"number\" (is this a /wc/v3/orders export?)")
        }
        let billing = o["billing"] as? [String: Any] ?? [:]
        let shipping = o["shipping"] as? [String: Any] ?? [:]
        let status = string(o["status"])?.lowercased()
        var financial: String? = nil
        var fulfillment: String? = nil
        switch status ?? "" {
        case "pending", "on-hold":
            financial = "pending"
            fulfillment = "unfulfilled"
        case "processing":
            financial = "paid"
            fulfillment = "unfulfilled"
        case "completed":
            financial = "paid"
            fulfillment = "fulfilled"
        case "cancelled", "failed":
            financial = status
            fulfillment = "unfulfilled"
        case "refunded": financial = "refunded"
        case "": break
        default: financial = status
        }
        var lines: [ShopOrder.Line] = []
        for item in o["line_items"] as? [[String: Any]] ?? [] {
            guard let title = string(item["name"]) else { continue }
            let q = (item["quantity"] as? NSNumber)?.intValue ?? Int(string(item["quantity"]) ?? "") ?? 1
            let price =
                (item["price"] as? NSNumber).map { String(format: "%.2f", $0.doubleValue) } ?? string(item["price"])
            lines.append(ShopOrder.Line(sku: string(item["sku"]), title: title, quantity: q, price: price))
        }
        var trackings = o["shipment_trackings"] as? [[String: Any]] ?? []
        for meta in o["meta_data"] as? [[String: Any]] ?? [] where string(meta["key"]) == "_wc_shipment_tracking_items"
        {
            trackings += meta["value"] as? [[String: Any]] ?? []
        }
        var shipments: [ShopOrder.Shipment] = []
        for t in trackings {
            let carrier = (string(t["tracking_provider"]) ?? string(t["custom_tracking_provider"])).map(
                Carriers.canonical)
            let number = string(t["tracking_number"])
            var url = string(t["tracking_link"]) ?? string(t["custom_tracking_link"])
            if url == nil, let c = carrier, let n = number {
                url = Carriers.url(carrier: c, number: n, overrides: store.tracking)
            }
            let s = ShopOrder.Shipment(
                carrier: carrier, tracking_number: number, tracking_url: url, status: string(t["status"])?.lowercased(),
                shipped_at: try date(t, "date_shipped"), estimated_at: try date(t, "estimated_delivery"),
                delivered_at: try date(t, "date_delivered"))
            if !shipments.contains(where: { $0.key == s.key }) { shipments.append(s) }
        }
        var emails: [String] = []
        if let e = string(billing["email"])?.lowercased() { emails.append(e) }
        let shipName = [string(shipping["first_name"]), string(shipping["last_name"])].compactMap { $0 }.joined(
            separator: " ")
        var shipTo = ShopOrder.ShipTo(
            name: shipName.isEmpty ? nil : shipName, city: string(shipping["city"]),
            country: string(shipping["country"]))
        if shipTo.isEmpty {
            let bn = [string(billing["first_name"]), string(billing["last_name"])].compactMap { $0 }.joined(
                separator: " ")
            shipTo = ShopOrder.ShipTo(
                name: bn.isEmpty ? nil : bn, city: string(billing["city"]), country: string(billing["country"]))
        }
        var refunded: Double = 0
        for r in o["refunds"] as? [[String: Any]] ?? [] { refunded += abs(Double(string(r["total"]) ?? "") ?? 0) }
        let completed = try date(o, "date_completed")
        let modified = try date(o, "date_modified")
        return ShopOrder(
            store: store.name, number: number, emails: emails, placed_at: try date(o, "date_created"),
            paid_at: try date(o, "date_paid"),
            fulfilled_at: status == "completed" ? (completed ?? shipments.first?.shipped_at) : nil,
            cancelled_at: status == "cancelled" ? modified : nil, financial_status: financial,
            fulfillment_status: shipments.isEmpty ? fulfillment : "fulfilled",
            currency: string(o["currency"]) ?? store.currency,
            total: string(o["total"]), refunded: refunded > 0 ? String(format: "%.2f", refunded) : nil,
            ship_to: shipTo.isEmpty ? nil : shipTo, phone: string(billing["phone"]), tags: nil,
            note: string(o["customer_note"]), lines: lines, shipments: shipments, fetched_at: fetchedAt,
            source: OrderFormat.wooCommerceJSON.rawValue, updated_at: modified)
    }
}
