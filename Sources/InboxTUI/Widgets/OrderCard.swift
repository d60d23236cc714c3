import Foundation
import InboxCore

/// The order card (DESIGN §15): number and date, status in plain words, items, ship-to,
/// carrier, tracking number and URL, ETA and "as of". Full in the customer pane; one or two
/// lines above the conversation when the terminal is too narrow for the pane.
public enum OrderCard {
    static func formatter(_ format: String, _ timeZone: TimeZone) -> DateFormatter {
        DateFormatter(format: format, timeZone: timeZone, locale: "en_GB")
    }

    /// "as of 14:02" today, "as of 3 Nov 14:02" before.
    static func asOf(_ date: Date?, now: Date, timeZone: TimeZone) -> String? {
        guard let date else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let same = cal.isDate(date, inSameDayAs: now)
        return "as of " + formatter(same ? "HH:mm" : "d MMM HH:mm", timeZone).string(from: date)
    }

    /// Words of `text` wrapped to `width`; a word longer than a line (a URL) is cut into pieces,
    /// after a URL separator where one is near the end of the line.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(4, width)
        var out: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            var w = word
            while DisplayWidth.of(w) > width {
                if !line.isEmpty {
                    out.append(line)
                    line = ""
                }
                var head = ""
                var used = 0
                var rest = w
                for ch in w {
                    let cw = DisplayWidth.of(ch)
                    if used + cw > width { break }
                    head.append(ch)
                    used += cw
                    rest.removeFirst()
                }
                // A URL is cut after one of its separators when one falls in the line's second
                // half, so that a piece ends where a path segment or a parameter does.
                if let cut = head.lastIndex(where: { "/?&=.-_#".contains($0) }),
                    DisplayWidth.of(String(head[...cut])) * 2 >= width, head.index(after: cut) < head.endIndex
                {
                    rest = String(head[head.index(after: cut)...]) + rest
                    head = String(head[...cut])
                }
                out.append(head)
                w = rest
            }
            if line.isEmpty {
                line = w
            } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(w) <= width {
                line += " " + w
            } else {
                out.append(line)
                line = w
            }
        }
        if !line.isEmpty { out.append(line) }
        return out
    }

    /// The full card for the customer pane, `width` columns wide.
    public static func lines(_ card: OrderCardState, width: Int, now: Date = Date(), timeZone: TimeZone = .current)
        -> [StyledLine]
    {
        var out: [StyledLine] = []
        let day = formatter("d MMM", timeZone)
        func add(_ text: String, _ style: Style = .plain) {
            for l in wrap(TerminalText.sanitize(text), width: width) { out.append(StyledLine(l, style)) }
        }
        for (i, item) in card.orders.enumerated() {
            let o = item.order
            if i > 0 { out.append(StyledLine("")) }
            add(
                "Order \(o.number)" + (o.placed_at.map { " · " + day.string(from: $0) } ?? ""),
                Style(bold: true, role: .header))
            add(o.plainStatus(timeZone: timeZone), Style(role: o.isCancelled ? .warning : .accent))
            for l in o.lines.prefix(4) { add("\(l.quantity) × \(l.title)") }
            if o.lines.count > 4 {
                add("… \(o.lines.count - 4) more item\(o.lines.count == 5 ? "" : "s")", Style(dim: true, role: .muted))
            }
            if let t = o.total { add("total \(t) \(o.currency ?? "")") }
            if let s = o.ship_to { add("→ " + [s.name, s.city, s.country].compactMap { $0 }.joined(separator: ", ")) }
            if let s = o.currentShipment {
                add([s.carrier, s.tracking_number].compactMap { $0 }.joined(separator: " "))
                if let u = s.tracking_url { add(u, Style(underline: true, role: .accent)) }
                if s.delivered_at == nil, let e = s.estimated_at { add("ETA " + day.string(from: e)) }
            }
            add(
                [asOf(o.fetched_at, now: now, timeZone: timeZone), "(\(item.link.reason))"].compactMap { $0 }.joined(
                    separator: " "),
                Style(dim: true, role: .muted))
        }
        if let note = card.note {
            add(note, note.hasPrefix("⚠") ? Style(bold: true, role: .warning) : Style(dim: true, role: .muted))
        }
        if card.orders.isEmpty && card.note == nil && !card.customerOrders.isEmpty {
            add(
                "\(card.customerOrders.count) order\(card.customerOrders.count == 1 ? "" : "s") of this customer: O links one",
                Style(dim: true, role: .muted))
        }
        return out
    }

    /// The shortened card above the conversation (no pane): the first order on one or two
    /// lines, then a failure line if any.
    public static func short(_ card: OrderCardState, width: Int, now: Date = Date(), timeZone: TimeZone = .current)
        -> [StyledLine]
    {
        var out: [StyledLine] = []
        if let item = card.orders.first {
            let o = item.order
            var parts = ["Order \(o.number)", o.plainStatus(timeZone: timeZone)]
            if let s = o.currentShipment {
                parts.append([s.carrier, s.tracking_number].compactMap { $0 }.joined(separator: " "))
                if s.delivered_at == nil, let e = s.estimated_at {
                    parts.append("ETA " + formatter("d MMM", timeZone).string(from: e))
                }
            }
            if let a = asOf(o.fetched_at, now: now, timeZone: timeZone) { parts.append(a) }
            if card.orders.count > 1 { parts.append("+\(card.orders.count - 1) more") }
            for l in wrap(TerminalText.sanitize(parts.joined(separator: " · ")), width: width).prefix(2) {
                out.append(StyledLine(l, Style(role: .accent)))
            }
            if let u = o.currentShipment?.tracking_url, DisplayWidth.of(u) <= width {
                out.append(StyledLine(TerminalText.sanitize(u), Style(underline: true, role: .accent)))
            }
        }
        if let note = card.note {
            for l in wrap(TerminalText.sanitize(note), width: width).prefix(2) {
                out.append(
                    StyledLine(
                        l, note.hasPrefix("⚠") ? Style(bold: true, role: .warning) : Style(dim: true, role: .muted)))
            }
        }
        return out
    }
}
