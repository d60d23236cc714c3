import Foundation

/// Everything a template placeholder can name, for one ticket and one agent (docs/replies.md).
public struct ReplyContext: Sendable, Equatable {
    public var ticketID: Int64
    public var ticketSubject: String
    public var ticketStatus: String
    public var ticketPriority: String
    public var queue: String
    public var ticketTags: [String]
    public var customerName: String?
    public var customerEmail: String
    public var customerLanguage: String?
    public var customerOrganisation: String?
    /// The customer's own salutation ("Panie Krzysztofie"), when set (`inbox customer ADDR salutation=…`).
    public var customerSalutation: String? = nil
    public var agentName: String
    public var agentEmail: String?
    public var agentSignature: String?
    /// Order numbers found in the customer's messages, most recent first.
    public var orders: [String]
    /// The order the reply is about (the ticket's first linked order), for `order.*` and
    /// `shipment.*` (DESIGN §15); nil blocks a template that uses them.
    public var order: ShopOrder?
    public var now: Date
    public var timeZone: TimeZone
    /// `{{kb.SLUG.url}}`: each knowledge-base article's link in the customer's language
    /// (``KBLibrary/links(language:)``); empty when there is no knowledge base.
    public var kbLinks: [String: String] = [:]
    /// `{{queue.signature}}`, `{{queue.from_name}}`, `{{queue.from_address}}`: the ticket's
    /// queue identity (DESIGN §19); empty when the queue sets none.
    public var queueSignature: String? = nil
    public var queueFromName: String? = nil
    public var queueFromAddress: String? = nil

    /// Takes the queue's identity, as the reply's From shows it: the agent's signature stands
    /// in when the queue has none, the agent's name (with the queue's) and address when the
    /// queue sets no From.
    public mutating func queueIdentity(_ queue: InboxConfig.Queue?, agent: InboxConfig.Agent) {
        queueSignature = queue?.signature ?? agent.signature
        let address = queue?.from_address ?? queue?.addresses.first
        queueFromName =
            queue?.from_name ?? (address != nil ? "\(agent.name) (\(queue?.name ?? self.queue))" : agent.name)
        queueFromAddress = address ?? agent.email
    }

    public init(
        ticketID: Int64, ticketSubject: String, ticketStatus: String = "open", ticketPriority: String = "normal",
        queue: String = "Support", ticketTags: [String] = [], customerName: String? = nil, customerEmail: String,
        customerLanguage: String? = nil, customerOrganisation: String? = nil, agentName: String,
        agentEmail: String? = nil,
        agentSignature: String? = nil, orders: [String] = [], now: Date = Date(), timeZone: TimeZone = .current
    ) {
        self.ticketID = ticketID
        self.ticketSubject = ticketSubject
        self.ticketStatus = ticketStatus
        self.ticketPriority = ticketPriority
        self.queue = queue
        self.ticketTags = ticketTags
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.customerLanguage = customerLanguage
        self.customerOrganisation = customerOrganisation
        self.agentName = agentName
        self.agentEmail = agentEmail
        self.agentSignature = agentSignature
        self.orders = orders
        self.order = nil
        self.now = now
        self.timeZone = timeZone
    }

    /// The context of a stored ticket: its customer, the order numbers in its inbound
    /// messages (newest first) and the acting agent.
    public static func make(
        _ detail: TicketDetail, agent: InboxConfig.Agent, orderFinder: OrderNumberFinder = OrderNumberFinder(),
        linkedOrders: [ShopOrder] = [], now: Date = Date(), timeZone: TimeZone = .current, kb: KBLibrary? = nil
    ) -> ReplyContext {
        let inbound = detail.messages.filter { $0.direction == .inbound }
        var orders: [String] = linkedOrders.map(\.number)
        for m in inbound.reversed() {
            for o in orderFinder.find(in: m.subject + "\n" + m.text) where !orders.contains(o) { orders.append(o) }
        }
        let profile = detail.customerProfile
        var context = ReplyContext(
            ticketID: detail.ticket.id, ticketSubject: detail.ticket.subject,
            ticketStatus: detail.ticket.status.rawValue,
            ticketPriority: detail.ticket.priority.rawValue, queue: detail.ticket.queue, ticketTags: detail.ticket.tags,
            customerName: profile?.name ?? detail.ticket.customer.name,
            customerEmail: profile?.address ?? detail.ticket.customer.address ?? "",
            customerLanguage: profile?.language, customerOrganisation: profile?.organisation, agentName: agent.name,
            agentEmail: agent.email, agentSignature: agent.signature, orders: orders, now: now, timeZone: timeZone)
        context.kbLinks = kb?.links(language: profile?.language) ?? [:]
        context.customerSalutation = profile?.salutation
        context.order = linkedOrders.first
        return context
    }

    /// Every placeholder a template may use, and whether it can be empty.
    public static let placeholders: [(name: String, canBeEmpty: Bool)] = [
        ("ticket.id", false), ("ticket.subject", false), ("ticket.status", false), ("ticket.priority", false),
        ("ticket.queue", false), ("ticket.tags", true),
        ("customer.first_name", true), ("customer.last_name", true), ("customer.name", true), ("customer.email", false),
        ("customer.language", true), ("customer.organisation", true), ("customer.salutation", false),
        ("agent.name", false), ("agent.first_name", false), ("agent.email", true), ("agent.signature", true),
        ("queue.name", false), ("queue.signature", true), ("queue.from_name", true), ("queue.from_address", true),
        ("order.id", true), ("order.ids", true),
        ("order.number", false), ("order.status", false), ("order.placed_at", false), ("order.total", true),
        ("order.currency", true), ("order.ship_to", true),
        ("shipment.carrier", false), ("shipment.tracking_number", false), ("shipment.tracking_url", false),
        ("shipment.eta", false), ("shipment.shipped_at", false), ("shipment.delivered_at", false),
        ("order.lines", true), ("order.shipped", true), ("order.in_transit", true), ("order.delivered", true),
        ("order.cancelled", true),
        ("date.today", false), ("date.tomorrow", false), ("date.in_3_days", false), ("date.in_a_week", false),
        ("date.weekday", false), ("date.year", false),
    ]
    public static let placeholderNames: Set<String> = Set(placeholders.map(\.name))
    public static let optionalPlaceholders: Set<String> = Set(placeholders.filter(\.canBeEmpty).map(\.name))

    /// Whether a template may name `name`: a placeholder, an object holding some
    /// (`customer`), or a knowledge-base link `kb.SLUG.url` (`kb`, `kb.SLUG`).
    public static func isKnownPlaceholder(_ name: String) -> Bool {
        if placeholderNames.contains(name) || placeholderNames.contains(where: { $0.hasPrefix(name + ".") }) {
            return true
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.first == "kb" else { return false }
        return parts.count == 1 || (parts.count == 2 && !parts[1].isEmpty)
            || (parts.count == 3 && !parts[1].isEmpty && parts[2] == "url")
    }

    /// The article slugs a text's `{{kb.SLUG.url}}` placeholders name.
    static func kbSlugs(in text: String) -> [String] {
        TemplateRenderer.scan(text).compactMap { tag in
            let parts = tag.name.split(separator: ".")
            return parts.count == 3 && parts[0] == "kb" && parts[2] == "url" ? String(parts[1]) : nil
        }
    }

    /// (first, last) of a display name: "Ayşe Yılmaz" → ("Ayşe", "Yılmaz"), "Nowak, Jan" → ("Jan", "Nowak").
    public static func splitName(_ name: String?, email: String) -> (first: String?, last: String?) {
        guard var n = name?.trimmingCharacters(in: .whitespacesAndNewlines), !n.isEmpty,
            n.lowercased() != email.lowercased(), !n.contains("@")
        else { return (nil, nil) }
        n = n.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if let comma = n.firstIndex(of: ",") {
            let last = n[..<comma].trimmingCharacters(in: .whitespaces)
            let first = n[n.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            return (first.isEmpty ? nil : first, last.isEmpty ? nil : last)
        }
        let parts = n.split(separator: " ").map(String.init)
        guard let first = parts.first else { return (nil, nil) }
        return (first, parts.count > 1 ? parts.dropFirst().joined(separator: " ") : nil)
    }

    /// Each placeholder's value ("" when it has none).
    public var values: [String: String] {
        let (first, last) = Self.splitName(customerName, email: customerEmail)
        let cleanName = (first == nil && last == nil) ? nil : customerName?.trimmingCharacters(in: .whitespaces)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Dates as the customer writes them ("06.11.2026" in Turkish, "6 November 2026" in English).
        func day(_ n: Int) -> String {
            ReplyLanguage.date(
                calendar.date(byAdding: .day, value: n, to: now) ?? now, language: customerLanguage, timeZone: timeZone)
        }
        let salutation = customerSalutation?.trimmingCharacters(in: .whitespacesAndNewlines)
        let weekday = DateFormatter()
        weekday.locale = Locale(identifier: customerLanguage ?? "en")
        weekday.timeZone = timeZone
        weekday.dateFormat = "EEEE"
        return [
            "ticket.id": String(ticketID), "ticket.subject": ticketSubject, "ticket.status": ticketStatus,
            "ticket.priority": ticketPriority, "ticket.queue": queue, "ticket.tags": ticketTags.joined(separator: ", "),
            "customer.first_name": first ?? "", "customer.last_name": last ?? "", "customer.name": cleanName ?? "",
            "customer.email": customerEmail, "customer.language": customerLanguage ?? "",
            "customer.organisation": customerOrganisation ?? "",
            "customer.salutation": salutation.flatMap { $0.isEmpty ? nil : $0 }
                ?? ReplyLanguage.neutralGreeting(language: customerLanguage),
            "agent.name": agentName, "agent.first_name": Self.splitName(agentName, email: "").first ?? agentName,
            "agent.email": agentEmail ?? "", "agent.signature": agentSignature ?? "",
            "queue.name": queue, "queue.signature": queueSignature ?? agentSignature ?? "",
            "queue.from_name": queueFromName ?? agentName, "queue.from_address": queueFromAddress ?? agentEmail ?? "",
            "order.id": orders.first ?? "", "order.ids": orders.joined(separator: ", "),
            "date.today": day(0), "date.tomorrow": day(1), "date.in_3_days": day(3), "date.in_a_week": day(7),
            "date.weekday": weekday.string(from: now), "date.year": String(calendar.component(.year, from: now)),
        ].merging(orderValues) { _, new in new }.merging(kbLinks.map { ("kb.\($0.key).url", $0.value) }) { a, _ in a }
    }

    /// The values as nested dictionaries for Mustache; empty values are left out, so a
    /// section `{{#order.id}}…{{/order.id}}` is skipped and `{{^order.id}}…{{/order.id}}` shown.
    var mustacheObject: [String: Any] {
        var root: [String: [String: Any]] = [:]
        for (key, value) in values where !value.isEmpty && !key.hasPrefix("kb.") {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            root[parts[0], default: [:]][parts[1]] = value
        }
        for (slug, url) in kbLinks where !url.isEmpty { root["kb", default: [:]][slug] = ["url": url] }
        for (key, value) in orderSections { root["order", default: [:]][key] = value }
        return root
    }
}

/// Finds order numbers in text with configurable regular expressions (the first capture
/// group, or the whole match, is the number).
public struct OrderNumberFinder: Sendable {
    /// `#US-55012`, `PL-7781`, and a number after a word for "order" in the supported
    /// languages (`ordre 5531`, `sipariş no 12345`, `zamówienie nr 778`, `order #1234`).
    public static let defaultPatterns = [
        #"#?\b([A-Z]{2,3}-\d{3,})\b"#,
        #"(?i)\b(?:order|ordre|ordrenummer|bestilling|bestellung|sipari[sş]|zam[oó]wienie|pedido|commande)\b\s*(?:no\.?|nr\.?|number|numaras[ıi]|n[ºo°]\.?)?\s*[:#]?\s*#?(\d{3,})\b"#,
    ]
    let patterns: [String]

    public init(patterns: [String]? = nil) {
        self.patterns = (patterns?.isEmpty == false ? patterns : nil) ?? Self.defaultPatterns
    }

    /// Checks that every pattern compiles. - Throws: ``InboxError`` `.config` naming the bad one.
    public func validate() throws {
        for p in patterns {
            do { _ = try NSRegularExpression(pattern: p) } catch {
                throw InboxError(
                    .config,
                    "The order pattern \"\(p)\" is not a valid regular expression (fix [replies] order_patterns)")
            }
        }
    }

    /// Order numbers in `text`, in order of appearance, without duplicates.
    public func find(in text: String) -> [String] {
        var out: [String] = []
        let ns = text as NSString
        var hits: [(Int, String)] = []
        for p in patterns {
            guard let re = try? NSRegularExpression(pattern: p) else { continue }
            for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let r = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
                hits.append((r.location, ns.substring(with: r)))
            }
        }
        for (_, s) in hits.sorted(by: { $0.0 < $1.0 }) where !out.contains(s) { out.append(s) }
        return out
    }
}
