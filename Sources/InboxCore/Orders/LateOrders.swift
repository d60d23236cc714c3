import Foundation

/// `inbox orders late` (DESIGN §15): orders not shipped, or shipped and not delivered, `days`
/// business days (the SLA calendar's working days, holidays excluded) after they were placed or
/// shipped, with no open ticket.
public struct LateOrder: Codable, Sendable, Equatable {
    public var order: ShopOrder
    /// `not shipped` or `not delivered`.
    public var reason: String
    /// Business days since it was placed (not shipped) or shipped (not delivered).
    public var business_days: Int
    /// The outreach ticket `--open` made, if any.
    public var ticket: Int64?
}

public enum LateOrders {
    /// Working days after the local date of `from` up to and including the local date of `to`:
    /// Friday → Monday is 1 with a Mon–Fri calendar; a holiday does not count. The wall clock
    /// (`24/7`, or no `[sla]`) counts every day.
    public static func businessDays(from: Date, to: Date, calendar: BusinessCalendar) -> Int {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = calendar.timeZone
        let f = DateFormatter()
        f.calendar = cal
        f.timeZone = calendar.timeZone
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd"
        var day = cal.startOfDay(for: from)
        let last = cal.startOfDay(for: to)
        var count = 0
        while day < last {
            guard let next = cal.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
            if calendar.isWallClock {
                count += 1
                continue
            }
            let weekday = cal.component(.weekday, from: day)
            if !(calendar.windows[weekday] ?? []).isEmpty && !calendar.holidays.contains(f.string(from: day)) {
                count += 1
            }
        }
        return count
    }

    /// The calendar `orders late` counts with: the SLA's default policy, else the wall clock.
    public static func calendar(_ config: InboxConfig) throws -> BusinessCalendar {
        guard let sla = config.sla else { return .wallClock }
        return try BusinessCalendar.parse(sla.calendar ?? "24/7", timeZone: sla.timezone, holidays: sla.holidays ?? [])
    }

    /// Whether `order` is late at `now` and why.
    public static func lateness(_ o: ShopOrder, days: Int, calendar: BusinessCalendar, now: Date) -> (
        reason: String, days: Int
    )? {
        guard !o.isCancelled, o.financial_status != "refunded", !o.isDelivered else { return nil }
        if !o.isShipped {
            guard let placed = o.placed_at else { return nil }
            let n = businessDays(from: placed, to: now, calendar: calendar)
            return n >= days ? ("not shipped", n) : nil
        }
        guard let shipped = o.currentShipment?.shipped_at ?? o.fulfilled_at else { return nil }
        // Shipments whose delivery the feed never reports (Shopify CSV) are not guessed at.
        guard !o.shipments.isEmpty else { return nil }
        let n = businessDays(from: shipped, to: now, calendar: calendar)
        return n >= days ? ("not delivered", n) : nil
    }
}

extension AppDatabase {
    /// Open orders late at `now` by ``LateOrders/lateness(_:days:calendar:now:)`` with no open
    /// ticket linked to them or from their addresses, oldest first.
    public func lateOrders(days: Int, config: InboxConfig, now: Date = Date()) throws -> [LateOrder] {
        let calendar = try LateOrders.calendar(config)
        return try openOrdersWithoutOpenTickets().compactMap { o in
            LateOrders.lateness(o, days: days, calendar: calendar, now: now).map {
                LateOrder(order: o, reason: $0.reason, business_days: $0.days, ticket: nil)
            }
        }.sorted { $0.business_days > $1.business_days }
    }

    /// `--open TEMPLATE`: one outbound ticket per late order, in the first queue its store
    /// serves, linked to the order, with the template rendered as the agent's draft (never
    /// sent: an agent reviews and sends it). A template blocked for a ticket leaves the draft
    /// empty and says why in the result's problems.
    public func openOutreach(
        _ late: [LateOrder], template: ReplyTemplate, agent: InboxConfig.Agent, config: InboxConfig, now: Date = Date()
    ) throws -> (orders: [LateOrder], problems: [String]) {
        var out: [LateOrder] = []
        var problems: [String] = []
        for var item in late {
            guard let email = item.order.emails.first else {
                problems.append(
                    "Order \(item.order.number) has no e-mail address; no ticket was opened (add one in the shop)")
                continue
            }
            let store = config.stores.first { $0.name.caseInsensitiveCompare(item.order.store) == .orderedSame }
            let queue = config.queues.first { store?.serves(queue: $0.name) ?? true } ?? config.queues[0]
            let subject =
                item.reason == "not shipped"
                ? "Order \(item.order.number): not shipped yet" : "Order \(item.order.number): delivery delayed"
            let id = try openOutreachTicket(
                order: item.order, email: email, name: item.order.ship_to?.name, queue: queue.name, subject: subject,
                actor: agent.name, now: now)
            let detail = try ticketDetail(id)
            let rendered = try TemplateRenderer.render(
                template, context: replyContext(detail, agent: agent, config: config, now: now))
            if let why = rendered.blockingReason {
                problems.append("#\(id) (order \(item.order.number)): \(why)")
            } else {
                try saveDraft(ticket: id, agent: agent.name, body: rendered.body, template: template.name, now: now)
            }
            item.ticket = id
            out.append(item)
        }
        return (out, problems)
    }
}
