import Foundation

/// The `[sla]` table of config.toml (docs/workflow.md).
///
/// The table's own keys are the defaults; each `[[sla.policy]]` may narrow itself to a queue
/// and/or a priority and override any key. The first matching policy wins, then the defaults.
public struct SLASettings: Codable, Sendable, Equatable {
    public struct Policy: Codable, Sendable, Equatable {
        public var name: String?
        public var queue: String?
        public var priority: String?
        public var calendar: String?
        public var timezone: String?
        public var first_response: String?
        public var next_response: String?
        public var resolution: String?
        public var warning: String?

        public init(
            name: String? = nil, queue: String? = nil, priority: String? = nil, calendar: String? = nil,
            timezone: String? = nil, first_response: String? = nil, next_response: String? = nil,
            resolution: String? = nil, warning: String? = nil
        ) {
            self.name = name
            self.queue = queue
            self.priority = priority
            self.calendar = calendar
            self.timezone = timezone
            self.first_response = first_response
            self.next_response = next_response
            self.resolution = resolution
            self.warning = warning
        }
    }

    /// `"Mon-Fri 09:00-17:00"` or `"24/7"`; default `24/7`.
    public var calendar: String?
    /// IANA zone of the calendar; default UTC.
    public var timezone: String?
    /// Local dates `yyyy-MM-dd` when the team does not work.
    public var holidays: [String]?
    public var first_response: String?
    public var next_response: String?
    public var resolution: String?
    /// How long before a due time a ticket shows as breaching; default 1h.
    public var warning: String?
    public var policy: [Policy]?

    public init(
        calendar: String? = nil, timezone: String? = nil, holidays: [String]? = nil, first_response: String? = nil,
        next_response: String? = nil, resolution: String? = nil, warning: String? = nil, policy: [Policy]? = nil
    ) {
        self.calendar = calendar
        self.timezone = timezone
        self.holidays = holidays
        self.first_response = first_response
        self.next_response = next_response
        self.resolution = resolution
        self.warning = warning
        self.policy = policy
    }
}

/// The SLA policies of a configuration, ready to pick one per ticket.
public struct SLAPolicyBook: Sendable {
    struct Entry: Sendable {
        var queue: String?
        var priority: TicketPriority?
        var policy: SLAPolicy
    }

    var entries: [Entry] = []
    var fallback: SLAPolicy?
    /// `[channel.sla]` of each `[[channel]]` (lower-case name): wins over every `[sla]` policy.
    var channels: [String: SLAPolicy] = [:]

    /// No SLA at all.
    public static let none = SLAPolicyBook()

    init() {}

    /// - Throws: ``InboxError`` `.config` naming the bad value.
    public init(_ config: InboxConfig) throws {
        let sla = config.sla ?? SLASettings()
        let channelPolicies = config.channels.compactMap { c in c.sla.map { (ChannelSettings.normalized(c.name), $0) } }
        guard config.sla != nil || !channelPolicies.isEmpty else { return }
        let holidays = sla.holidays ?? []
        func make(_ name: String, _ p: SLASettings.Policy?) throws -> SLAPolicy {
            let calendar = try BusinessCalendar.parse(
                p?.calendar ?? sla.calendar ?? "24/7", timeZone: p?.timezone ?? sla.timezone, holidays: holidays)
            let day = calendar.dayLength
            func duration(_ s: String?) throws -> TimeInterval? {
                try s.map { try SLADuration.parse($0, dayLength: day) }
            }
            return SLAPolicy(
                name: name, calendar: calendar,
                firstResponse: try duration(p?.first_response ?? sla.first_response),
                nextResponse: try duration(p?.next_response ?? sla.next_response),
                resolution: try duration(p?.resolution ?? sla.resolution),
                warning: try SLADuration.parse(p?.warning ?? sla.warning ?? "1h"))
        }
        for (i, p) in (sla.policy ?? []).enumerated() {
            var priority: TicketPriority?
            if let text = p.priority {
                guard let value = TicketPriority(rawValue: text.lowercased()) else {
                    throw InboxError(
                        .config, "policy \(i + 1) has priority \"\(text)\" (use low, normal, high or urgent)")
                }
                priority = value
            }
            let name =
                p.name
                ?? ([p.queue, p.priority].compactMap { $0 }.joined(separator: "/").nonEmpty ?? "policy \(i + 1)")
            entries.append(Entry(queue: p.queue?.lowercased(), priority: priority, policy: try make(name, p)))
        }
        fallback = try make("default", nil)
        for (name, p) in channelPolicies {
            do {
                channels[name] = try make(p.name ?? "channel \(name)", p)
            } catch let error as InboxError {
                throw InboxError(.config, "channel \"\(name)\" sla: \(error.description)")
            }
        }
    }

    /// Whether any policy has a target: without one no clock runs and nothing is stored.
    public var isEmpty: Bool {
        (entries.map(\.policy) + [fallback].compactMap { $0 } + Array(channels.values)).allSatisfy {
            $0.firstResponse == nil && $0.nextResponse == nil && $0.resolution == nil
        }
    }

    /// The policy of the ticket's channel, else the first policy matching its queue and
    /// priority, else the defaults.
    public func policy(queue: String, priority: TicketPriority, channel: String? = nil) -> SLAPolicy? {
        if let c = channel, let p = channels[c.lowercased()] { return p }
        let q = queue.lowercased()
        for e in entries where (e.queue == nil || e.queue == q) && (e.priority == nil || e.priority == priority) {
            return e.policy
        }
        return fallback
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
