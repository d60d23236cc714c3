import Foundation

/// The `order.*` and `shipment.*` placeholders and sections (DESIGN §15, docs/replies.md).
extension ReplyContext {
    /// Placeholders (and sections) that need a linked order: a template that uses any is
    /// blocked on a ticket without one. `order.id` and `order.ids` are not among them: they
    /// fall back to the numbers found in the customer's messages.
    static func needsOrder(_ name: String) -> Bool {
        (name.hasPrefix("order.") && name != "order.id" && name != "order.ids") || name.hasPrefix("shipment.")
    }

    /// The status in the customer's language (tr, pl, nb, de, en).
    static func statusWords(_ o: ShopOrder, language: String?) -> String {
        let lang = (language ?? "en").lowercased()
        let code = lang.hasPrefix("no") || lang.hasPrefix("nn") ? "nb" : String(lang.prefix(2))
        let state: Int
        if o.isCancelled {
            state = 0
        } else if o.isDelivered {
            state = 3
        } else if o.isShipped {
            state = 2
        } else {
            state = 1
        }
        let words: [String: [String]] = [
            "en": ["cancelled", "not shipped yet", "on its way", "delivered"],
            "tr": ["iptal edildi", "henüz kargoya verilmedi", "yolda", "teslim edildi"],
            "pl": ["anulowane", "jeszcze niewysłane", "w drodze", "doręczone"],
            "nb": ["kansellert", "ikke sendt ennå", "på vei", "levert"],
            "de": ["storniert", "noch nicht versandt", "unterwegs", "zugestellt"],
        ]
        return (words[code] ?? words["en"]!)[state]
    }

    /// Values of the order placeholders ("" without a linked order or value).
    var orderValues: [String: String] {
        guard let o = order else { return [:] }
        func day(_ d: Date?) -> String {
            d.map { OrderDates.long($0, language: customerLanguage, timeZone: timeZone) } ?? ""
        }
        let s = o.currentShipment
        var out: [String: String] = [
            "order.id": o.number,
            "order.number": o.number, "order.status": Self.statusWords(o, language: customerLanguage),
            "order.placed_at": day(o.placed_at), "order.total": o.total ?? "", "order.currency": o.currency ?? "",
            "order.ship_to": [o.ship_to?.name, o.ship_to?.city, o.ship_to?.country].compactMap { $0 }.joined(
                separator: ", "),
            "shipment.carrier": s?.carrier ?? "", "shipment.tracking_number": s?.tracking_number ?? "",
            "shipment.tracking_url": s?.tracking_url ?? "", "shipment.eta": day(s?.estimated_at),
            "shipment.shipped_at": day(s?.shipped_at ?? o.fulfilled_at), "shipment.delivered_at": day(s?.delivered_at),
        ]
        if orders.count > 1 { out["order.ids"] = orders.joined(separator: ", ") }
        return out
    }

    /// `order.lines` (a list) and the flags `order.shipped` (delivered included),
    /// `order.in_transit`, `order.delivered`, `order.cancelled`
    /// for Mustache sections; a false flag is left out so `{{^order.shipped}}` shows.
    var orderSections: [String: Any] {
        guard let o = order else { return [:] }
        var out: [String: Any] = [
            "lines": o.lines.map { l -> [String: Any] in
                var d: [String: Any] = ["title": l.title, "quantity": String(l.quantity)]
                if let s = l.sku { d["sku"] = s }
                if let p = l.price { d["price"] = p }
                return d
            }
        ]
        if o.isShipped && !o.isCancelled { out["shipped"] = true }
        if o.isShipped && !o.isDelivered && !o.isCancelled { out["in_transit"] = true }
        if o.isDelivered { out["delivered"] = true }
        if o.isCancelled { out["cancelled"] = true }
        return out
    }
}
