import Foundation

/// `[[store]]` in config.toml (DESIGN §15, docs/orders.md): a web shop whose orders are shown
/// beside the tickets of the queues it serves.
public struct StoreSettings: Codable, Sendable, Equatable {
    /// The store's name, as `--store NAME` and `inbox orders show --store` name it.
    public var name: String
    /// The queues it serves; nil or empty means every queue.
    public var queues: [String]?
    /// Regular expressions that find its order numbers in subjects and bodies (the first
    /// capture group, or the whole match, is the number); default: ``OrderNumberFinder/defaultPatterns``
    /// plus Shopify's `#1001`.
    public var order_number: [String]?
    /// The currency of amounts that carry none.
    public var currency: String?
    /// Carrier → tracking-URL template overrides; `{number}` (or WooCommerce's `%1$s`) is the
    /// tracking number (see ``Carriers``).
    public var tracking: [String: String]?
    /// A shell command that gets `{"emails": [...], "orders": [...]}` on stdin and prints
    /// `{"orders": [...]}` (docs/orders.md).
    public var lookup_command: String?
    /// Seconds `lookup_command` may take (default 10).
    public var lookup_timeout: Double?
    /// For `--format csv`: our field name → the CSV column that holds it (docs/orders.md).
    public var columns: [String: String]?

    public init(
        name: String, queues: [String]? = nil, order_number: [String]? = nil, currency: String? = nil,
        tracking: [String: String]? = nil, lookup_command: String? = nil, lookup_timeout: Double? = nil,
        columns: [String: String]? = nil
    ) {
        self.name = name
        self.queues = queues
        self.order_number = order_number
        self.currency = currency
        self.tracking = tracking
        self.lookup_command = lookup_command
        self.lookup_timeout = lookup_timeout
        self.columns = columns
    }

    enum CodingKeys: String, CodingKey {
        case name, queues, order_number, currency, tracking, lookup_command, lookup_timeout, columns
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        queues = try c.decodeIfPresent([String].self, forKey: .queues)
        order_number = try c.decodeIfPresent([String].self, forKey: .order_number)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        tracking = try c.decodeIfPresent([String: String].self, forKey: .tracking)
        lookup_command = try c.decodeIfPresent(String.self, forKey: .lookup_command)
        lookup_timeout = try c.decodeSeconds(forKey: .lookup_timeout)
        columns = try c.decodeIfPresent([String: String].self, forKey: .columns)
    }

    /// Whether the store serves `queue` (every queue when `queues` is empty).
    public func serves(queue: String) -> Bool {
        guard let list = queues, !list.isEmpty else { return true }
        return list.contains { $0.caseInsensitiveCompare(queue) == .orderedSame }
    }

    /// The finder of its order numbers.
    public var finder: OrderNumberFinder {
        OrderNumberFinder(
            patterns: (order_number?.isEmpty == false)
                ? order_number : OrderNumberFinder.defaultPatterns + [#"(?<![\w#])#(\d{3,})\b"#])
    }
}

extension InboxConfig {
    /// The configured stores; one named "shop" when the file names none, so an import works
    /// without configuration.
    public var stores: [StoreSettings] {
        let list = store ?? []
        return list.isEmpty ? [StoreSettings(name: "shop")] : list
    }

    /// The store called `name` (case-insensitive), or the only/first one when `name` is nil.
    /// - Throws: ``InboxError`` `.config` when no store has that name.
    public func store(named name: String?) throws -> StoreSettings {
        guard let name else { return stores[0] }
        if let s = stores.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return s }
        let known = stores.map(\.name).joined(separator: ", ")
        throw InboxError(
            .config, "No store is called \"\(name)\" (known: \(known); add a [[store]] with that name to the config)")
    }
}

extension InboxConfig {
    func validateStores(path: String) throws {
        var names = Set<String>()
        for s in store ?? [] {
            if s.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw InboxError(.config, "\(path): a [[store]] has an empty name (give every store a name)")
            }
            if !names.insert(s.name.lowercased()).inserted {
                throw InboxError(.config, "\(path): store \"\(s.name)\" is defined twice (store names must be unique)")
            }
            for p in s.order_number ?? [] where (try? NSRegularExpression(pattern: p)) == nil {
                throw InboxError(
                    .config,
                    "\(path): store \"\(s.name)\" has order_number \"\(p)\", which is not a valid regular expression (fix or remove it)"
                )
            }
            if let t = s.lookup_timeout, t <= 0 {
                throw InboxError(
                    .config,
                    "\(path): store \"\(s.name)\" has lookup_timeout \(t) (write a positive duration such as \"10s\")")
            }
        }
    }
}
