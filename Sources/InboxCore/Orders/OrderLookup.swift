import Foundation

/// A store's `lookup_command` (DESIGN §15, docs/orders.md): `{"emails": [...], "orders": [...]}`
/// on stdin, `{"orders": [ORDER…]}` on stdout, each ORDER as `inbox orders show --json` prints it.
///
/// `run` blocks until the command ends or its timeout (default 10 s) passes: call it off the UI
/// loop. Errors are sentences for the order card and the CLI; they never quote the command's
/// text or output, which may hold a token.
public struct OrderLookup: Sendable {
    public let store: StoreSettings

    public init?(store: StoreSettings) {
        guard let c = store.lookup_command, !c.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        self.store = store
    }

    public var timeout: TimeInterval { store.lookup_timeout ?? 10 }

    /// The orders the command returns for these addresses and numbers, stamped with `now`.
    /// - Throws: ``InboxError`` `.io` whose description is one line: it could not start, it
    ///   timed out, it exited non-zero (with the first line of its stderr), or printed no JSON.
    public func run(emails: [String], orders: [String], now: Date = Date()) throws -> [ImportedOrder] {
        let purpose = "lookup_command of store \(store.name)"
        let command = ExternalCommand(store.lookup_command!, purpose: purpose, timeout: timeout)
        struct Query: Encodable {
            var emails: [String]
            var orders: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let input = try encoder.encode(Query(emails: emails, orders: orders))
        let result: ExternalCommand.Result
        do {
            result = try command.run(input: [UInt8](input) + [0x0A])
        } catch let failure as ExternalCommand.Failure {
            switch failure.kind {
            case .timedOut:
                throw InboxError(
                    .io,
                    "The \(purpose) took longer than \(String(format: "%g", timeout)) s and was stopped (raise lookup_timeout, or make the script faster)"
                )
            case .cannotStart:
                throw InboxError(.io, failure.description)
            }
        }
        guard result.status == 0 else {
            let why = result.stderr.split(separator: "\n").first.map { ": " + String($0.prefix(160)) } ?? ""
            throw InboxError(
                .io, "The \(purpose) failed with exit status \(result.status)\(why) (run it by hand to see why)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { d in
            let c = try d.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = OrderDates.parse(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "\"\(s)\" is not a date")
            }
            return date
        }
        struct Answer: Decodable { var orders: [ShopOrder] }
        let answer: Answer
        do {
            answer = try decoder.decode(Answer.self, from: Data(result.stdout))
        } catch {
            throw InboxError(
                .io,
                "The \(purpose) printed no valid {\"orders\": [...]} JSON (\(Self.reason(error))); see docs/orders.md for the format"
            )
        }
        return answer.orders.map { o in
            var o = o
            o.store = store.name
            o.number = ShopOrder.normalizedNumber(o.number)
            o.emails = o.emails.map { $0.lowercased() }
            o.fetched_at = now
            o.source = "lookup"
            o.status = nil
            for i in o.shipments.indices where o.shipments[i].tracking_url == nil {
                if let c = o.shipments[i].carrier, let n = o.shipments[i].tracking_number {
                    o.shipments[i].tracking_url = Carriers.url(carrier: c, number: n, overrides: store.tracking)
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let record = (try? encoder.encode(o)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return ImportedOrder(order: o, record: record)
        }
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        case DecodingError.keyNotFound(let k, _): return "no \"\(k.stringValue)\""
        case DecodingError.typeMismatch(_, let c):
            return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): wrong type"
        case DecodingError.valueNotFound(_, let c):
            return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): missing value"
        default: return "not JSON"
        }
    }
}

extension AppDatabase {
    /// Runs every `lookup_command` of the stores serving `ticket`'s queue with the customer's
    /// addresses and the order numbers in its messages, stores what they return (with
    /// `fetched_at`), re-matches the ticket, and records each failure for the card.
    /// Blocks for up to the commands' timeouts: call it off the UI loop.
    /// - Returns: one line per failed command (empty when all succeeded or none is configured).
    @discardableResult
    public func lookupOrders(ticket: Int64, config: InboxConfig, now: Date = Date()) throws -> [String] {
        let detail = try ticketDetail(ticket)
        let lookups = config.stores.filter { $0.serves(queue: detail.ticket.queue) }.compactMap(
            OrderLookup.init(store:))
        guard !lookups.isEmpty else { return [] }
        var emails: [String] = []
        if let a = detail.ticket.customer.address { emails = try customerAddresses(email: a) }
        let messages = detail.messages.filter { $0.direction == .inbound }.map {
            OrderMatcher.Message(subject: $0.subject, text: $0.text, from: $0.from.address)
        }
        for m in messages { if let f = m.from?.lowercased(), !emails.contains(f) { emails.append(f) } }
        var failures: [String] = []
        for lookup in lookups {
            let numbers = OrderMatcher.numbers(in: messages, store: lookup.store).map(\.number)
            do {
                let found = try lookup.run(emails: emails, orders: numbers, now: now)
                var summary = OrderImportSummary()
                try importOrders(found, summary: &summary)
                try recordLookup(store: lookup.store.name, query: "ticket:\(ticket)", error: nil, at: now)
            } catch let error as InboxError {
                failures.append(error.description)
                try recordLookup(store: lookup.store.name, query: "ticket:\(ticket)", error: error.description, at: now)
            }
        }
        try matchOrders(tickets: [ticket], config: config, now: now)
        return failures
    }

    /// Runs the `lookup_command`s for a customer's addresses (`inbox orders list --customer`).
    /// - Returns: one line per failed command.
    @discardableResult
    public func lookupOrders(customer email: String, config: InboxConfig, now: Date = Date()) throws -> [String] {
        let emails = try customerAddresses(email: email)
        var failures: [String] = []
        for lookup in config.stores.compactMap(OrderLookup.init(store:)) {
            do {
                var summary = OrderImportSummary()
                try importOrders(try lookup.run(emails: emails, orders: [], now: now), summary: &summary)
                try recordLookup(store: lookup.store.name, query: "customer:\(email.lowercased())", error: nil, at: now)
            } catch let error as InboxError {
                failures.append(error.description)
                try recordLookup(
                    store: lookup.store.name, query: "customer:\(email.lowercased())", error: error.description, at: now
                )
            }
        }
        return failures
    }
}
