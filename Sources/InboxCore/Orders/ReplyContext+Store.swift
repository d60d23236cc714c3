import Foundation

extension AppDatabase {
    /// The reply context of `detail` with the ticket's linked orders (the first is the one
    /// `order.*` and `shipment.*` name). The CLI and the TUI both build replies with it.
    public func replyContext(
        _ detail: TicketDetail, agent: InboxConfig.Agent, config: InboxConfig, now: Date = Date(),
        timeZone: TimeZone = .current,
        kb: KBLibrary? = nil
    ) throws -> ReplyContext {
        let finder = OrderNumberFinder(patterns: config.replies?.order_patterns)
        try finder.validate()
        let linked = (try? ticketOrders(detail.ticket.id).map(\.order)) ?? []
        var context = ReplyContext.make(
            detail, agent: agent, orderFinder: finder, linkedOrders: linked, now: now, timeZone: timeZone, kb: kb)
        context.queueIdentity(config.queueSettings(detail.ticket.queue), agent: agent)
        return context
    }
}
