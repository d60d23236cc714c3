import Foundation
import InboxCore
import Synchronization

/// `lookup_command` runs started by the TUI: each on its own thread, never on the UI loop.
/// Thread-safe (a Mutex guards both sets).
final class OrderLookups: Sendable {
    /// Tickets whose lookup is running.
    let running = Mutex<Set<Int64>>([])
    /// Finished lookups not yet shown: ticket → failure lines.
    let finished = Mutex<[Int64: [String]]>([:])

    /// Starts `body` on a thread unless a lookup for `ticket` is already running.
    func start(_ ticket: Int64, _ body: @escaping @Sendable () -> [String]) -> Bool {
        let started = running.withLock { $0.insert(ticket).inserted }
        guard started else { return false }
        Thread.detachNewThread { [self] in
            let failures = body()
            finished.withLock { $0[ticket] = failures }
            _ = running.withLock { $0.remove(ticket) }
        }
        return true
    }

    func take() -> [Int64: [String]] {
        finished.withLock { f in
            defer { f = [:] }; return f
        }
    }
}

extension AppController {
    /// Reads the card of `id` from the store (no network, no command) and, when the ticket
    /// was just opened and a store has a `lookup_command`, starts the lookup off the UI loop.
    func loadOrderCard(_ id: Int64, startLookup: Bool) {
        guard state.conversation?.detail.ticket.id == id else { return }
        let lookup = data.hasOrderLookup(ticket: id)
        do {
            var card = try data.orderCard(ticket: id)
            if lookup, orderLookups.running.withLock({ $0.contains(id) }) { card.note = "looking up orders…" }
            state.conversation?.orders = card
        } catch {
            state.conversation?.orders = OrderCardState(note: "⚠ Cannot read the orders: \(Self.firstLine(error))")
        }
        // Without a lookup_command, a ticket with no order yet is still matched (off the loop:
        // it writes, and another process may hold the write lock).
        guard startLookup, lookup || state.conversation?.orders.orders.isEmpty == true else { return }
        let source = data
        let started = orderLookups.start(id) {
            do {
                return try source.lookupOrders(ticket: id)
            } catch {
                return ["The orders could not be stored: \(error)"]
            }
        }
        if started && lookup { state.conversation?.orders.note = "looking up orders…" }
    }

    /// Shows lookups that finished since the last tick.
    func ordersTick() {
        for (id, failures) in orderLookups.take() where state.conversation?.detail.ticket.id == id {
            loadOrderCard(id, startLookup: false)
            if let first = failures.first { state.conversation?.orders.note = "⚠ " + first }
        }
    }

    func performOrders(_ effect: OrderEffect) {
        do {
            switch effect {
            case .link(let id, let number): state.message = try data.linkOrder(ticket: id, number: number)
            case .unlink(let id, let number): state.message = try data.unlinkOrder(ticket: id, number: number)
            }
        } catch {
            state.message = Self.firstLine(error)
        }
        if let id = state.conversation?.detail.ticket.id { loadOrderCard(id, startLookup: false) }
    }
}
