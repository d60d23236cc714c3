import Foundation

/// The team lead's report over a date range (DESIGN §10, docs/reports.md): every number of
/// `inbox report`, ready for the text, JSON, CSV and HTML writers and the TUI screen.
///
/// Durations are seconds of business time in the SLA calendar of each ticket's policy (the
/// wall clock when no SLA is configured). The JSON form is documented in docs/json.md.
public struct Report: Codable, Sendable, Equatable {
    public var period: ReportPeriodInfo
    public var volume: ReportVolume
    public var firstResponse: DurationStats
    public var resolution: DurationStats
    public var sla: [SLACompliance]
    public var backlog: ReportBacklog
    public var busiestHours: ReportHeatmap
    public var complaints: ReportComplaints
    public var repeatContacts: RepeatContacts
    public var agents: [AgentRow]
    /// Orders beside tickets (OrderReport.swift); nil when no order is stored.
    public var orders: OrderReport? = nil
    /// Satisfaction surveys sent in the range (SatisfactionReport.swift); nil when none was sent.
    public var satisfaction: SatisfactionReport? = nil
    /// Tickets created per channel (`email`, `chat`, …) and their first response (docs/channels.md).
    public var channels: [ChannelRow] = []
    /// The tickets behind each number, by ``ReportDrill`` key (for the TUI's Enter); not in JSON.
    public var drill: [String: [Int64]] = [:]

    enum CodingKeys: String, CodingKey {
        case period, volume, sla, backlog, complaints, agents, orders, satisfaction, channels
        case firstResponse = "first_response"
        case resolution
        case busiestHours = "busiest_hours"
        case repeatContacts = "repeat_contacts"
    }

    /// The tickets behind a number (empty when there are none).
    public func tickets(_ key: String) -> [Int64] { drill[key] ?? [] }
}

/// What the report covers.
public struct ReportPeriodInfo: Codable, Sendable, Equatable {
    /// Start of the range (inclusive).
    public var since: Date
    /// End of the range (exclusive).
    public var until: Date
    @ExplicitNull public var queue: String? = nil
    @ExplicitNull public var agent: String? = nil
    /// The time zone of dates, hours and the heatmap (the SLA calendar's).
    public var timeZone: String
    /// The calendar business hours are counted in, as configured (`24/7` for the wall clock).
    public var calendar: String
    /// The instant the report describes (the end of the range, or now when that is earlier).
    public var asOf: Date

    enum CodingKeys: String, CodingKey {
        case since, until, queue, agent, calendar
        case timeZone = "time_zone"
        case asOf = "as_of"
    }
}

/// Tickets and messages in and out.
public struct ReportVolume: Codable, Sendable, Equatable {
    public var created: Int
    public var solved: Int
    public var reopened: Int
    /// Customer messages received (automatic mail and bounces left out).
    public var incoming: Int
    /// Replies sent by the team (automatic mail left out).
    public var replies: Int
    /// Tickets created per day of the range (at most 92 days; longer ranges count per week).
    public var createdSeries: [Int]
    /// Length of one `createdSeries` step: `day` or `week`.
    public var seriesStep: String

    enum CodingKeys: String, CodingKey {
        case created, solved, reopened, incoming, replies
        case createdSeries = "created_series"
        case seriesStep = "series_step"
    }
}

/// Median and 90th percentile of a set of durations (business seconds).
public struct DurationStats: Codable, Sendable, Equatable {
    /// How many durations were measured.
    public var count: Int
    @ExplicitNull public var median: TimeInterval? = nil
    @ExplicitNull public var p90: TimeInterval? = nil
    /// Tickets still waiting (no response yet / not solved) that would belong here.
    public var waiting: Int

    public init(count: Int, median: TimeInterval?, p90: TimeInterval?, waiting: Int) {
        self.count = count
        self.median = median
        self.p90 = p90
        self.waiting = waiting
    }
}

/// SLA results of one target (first response, next response or resolution).
public struct SLACompliance: Codable, Sendable, Equatable {
    public var target: SLAMetric
    /// Clocks of this target on tickets created in the range.
    public var clocks: Int
    /// Ended (reply sent, ticket solved) within the target.
    public var met: Int
    /// Passed the target, ended or not.
    public var breached: Int
    /// Still running or paused, not yet past the target.
    public var open: Int
    /// `met / (met + breached)`; nil when nothing has been decided.
    @ExplicitNull public var compliance: Double? = nil
}

/// A labelled count.
public struct ReportCount: Codable, Sendable, Equatable {
    public var label: String
    public var count: Int

    public init(_ label: String, _ count: Int) {
        self.label = label
        self.count = count
    }
}

/// Tickets still to be worked on at the end of the range.
public struct ReportBacklog: Codable, Sendable, Equatable {
    public var total: Int
    /// new, open, pending, on_hold (all four, zeros included).
    public var byStatus: [ReportCount]
    /// Age since creation: `<1d`, `1-3d`, `3-7d`, `7-30d`, `>30d` (all five).
    public var byAge: [ReportCount]

    /// The age buckets' labels and upper bounds in seconds.
    public static let ageBuckets: [(label: String, upTo: TimeInterval)] = [
        ("<1d", 86400), ("1-3d", 3 * 86400), ("3-7d", 7 * 86400), ("7-30d", 30 * 86400), (">30d", .infinity),
    ]

    enum CodingKeys: String, CodingKey {
        case total
        case byStatus = "by_status"
        case byAge = "by_age"
    }
}

/// Incoming messages by local weekday and hour.
public struct ReportHeatmap: Codable, Sendable, Equatable {
    /// `counts[d][h]`: weekday `d` (0 = Monday … 6 = Sunday), hour `h` (0…23).
    public var counts: [[Int]]

    public static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public var max: Int { counts.joined().max() ?? 0 }
    public var total: Int { counts.joined().reduce(0, +) }

    /// The busiest cell: weekday index, hour, count (nil when empty).
    public var peak: (weekday: Int, hour: Int, count: Int)? {
        var best: (Int, Int, Int)?
        for d in 0..<counts.count {
            for h in 0..<counts[d].count where counts[d][h] > (best?.2 ?? 0) { best = (d, h, counts[d][h]) }
        }
        return best.map { (weekday: $0.0, hour: $0.1, count: $0.2) }
    }
}

/// A frequent term and in how many tickets it occurs.
public struct ReportTerm: Codable, Sendable, Equatable {
    public var term: String
    public var tickets: Int

    public init(_ term: String, _ tickets: Int) {
        self.term = term
        self.tickets = tickets
    }
}

/// What customers write about.
public struct ReportComplaints: Codable, Sendable, Equatable {
    /// First customer messages read for the words.
    public var messages: Int
    public var tags: [ReportTerm]
    public var words: [ReportTerm]
    public var pairs: [ReportTerm]
}

/// One customer who came back within 7 days of a solved ticket.
public struct RepeatContact: Codable, Sendable, Equatable {
    public var customer: String
    public var solvedTicket: Int64
    public var solvedAt: Date
    public var newTicket: Int64
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case customer
        case solvedTicket = "solved_ticket"
        case solvedAt = "solved_at"
        case newTicket = "new_ticket"
        case createdAt = "created_at"
    }
}

/// Customers who opened another ticket within 7 days after one was solved.
public struct RepeatContacts: Codable, Sendable, Equatable {
    /// Customers with a ticket solved in the range.
    public var customers: Int
    /// Of those, the ones who opened another ticket within 7 days after the solve.
    public var repeated: Int
    /// `repeated / customers`; nil without solved tickets.
    @ExplicitNull public var share: Double? = nil
    public var contacts: [RepeatContact]
}

/// One agent's throughput.
public struct AgentRow: Codable, Sendable, Equatable {
    public var agent: String
    /// Replies sent in the range.
    public var replies: Int
    /// Tickets they set to solved in the range.
    public var solved: Int
    /// First responses they gave to tickets created in the range.
    public var firstResponses: Int
    @ExplicitNull public var medianFirstResponse: TimeInterval? = nil

    enum CodingKeys: String, CodingKey {
        case agent, replies, solved
        case firstResponses = "first_responses"
        case medianFirstResponse = "median_first_response"
    }
}

/// Keys of ``Report/drill``: which tickets stand behind a number.
public enum ReportDrill {
    public static let created = "created"
    public static let solved = "solved"
    public static let reopened = "reopened"
    public static let firstResponseWaiting = "first_response.waiting"
    public static let repeatContacts = "repeat_contacts"
    public static func backlogStatus(_ s: String) -> String { "backlog.status.\(s)" }
    public static func backlogAge(_ label: String) -> String { "backlog.age.\(label)" }
    public static func slaBreached(_ m: SLAMetric) -> String { "sla.\(m.rawValue).breached" }
    public static func tag(_ t: String) -> String { "tag.\(t)" }
    public static func agentSolved(_ a: String) -> String { "agent.\(a).solved" }
    public static func channel(_ c: String) -> String { "channel.\(c)" }
}

/// One channel's numbers in a report.
public struct ChannelRow: Codable, Sendable, Equatable {
    public var channel: String
    /// Tickets created in the range.
    public var created: Int
    /// From the first customer message to the first reply, in business time.
    public var firstResponse: DurationStats

    enum CodingKeys: String, CodingKey {
        case channel, created
        case firstResponse = "first_response"
    }
}
