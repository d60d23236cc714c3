import Foundation

/// The SLA targets that apply to one ticket, and the calendar they are counted in.
public struct SLAPolicy: Sendable, Equatable {
    public var name: String
    public var calendar: BusinessCalendar
    public var firstResponse: TimeInterval?
    public var nextResponse: TimeInterval?
    public var resolution: TimeInterval?
    /// How long before a due time a ticket counts as breaching soon (wall-clock seconds).
    public var warning: TimeInterval

    public init(
        name: String, calendar: BusinessCalendar, firstResponse: TimeInterval? = nil, nextResponse: TimeInterval? = nil,
        resolution: TimeInterval? = nil, warning: TimeInterval = 3600
    ) {
        self.name = name
        self.calendar = calendar
        self.firstResponse = firstResponse
        self.nextResponse = nextResponse
        self.resolution = resolution
        self.warning = warning
    }

    func target(_ metric: SLAMetric) -> TimeInterval? {
        switch metric {
        case .firstResponse: firstResponse
        case .nextResponse: nextResponse
        case .resolution: resolution
        }
    }
}

/// The three SLA measures of DESIGN §6.
public enum SLAMetric: String, Codable, Sendable, CaseIterable {
    /// From the customer's first message to the team's first reply.
    case firstResponse = "first_response"
    /// From a customer message that follows a reply to the team's next reply.
    case nextResponse = "next_response"
    /// From the ticket's start until it is solved.
    case resolution
}

/// What the engine needs to know about a ticket: when it started, its status history and
/// the people's messages (automatic mail, bounces and internal notes left out).
public struct SLAHistory: Sendable, Equatable {
    public struct StatusChange: Sendable, Equatable {
        public var at: Date
        public var status: TicketStatus
        public init(at: Date, status: TicketStatus) {
            self.at = at
            self.status = status
        }
    }
    public struct Message: Sendable, Equatable {
        public var at: Date
        /// From the customer (true) or the team (false).
        public var inbound: Bool
        public init(at: Date, inbound: Bool) {
            self.at = at
            self.inbound = inbound
        }
    }

    public var createdAt: Date
    /// The status from `createdAt` on, then every change; need not be sorted.
    public var statuses: [StatusChange]
    public var messages: [Message]

    public init(createdAt: Date, statuses: [StatusChange], messages: [Message]) {
        self.createdAt = createdAt
        self.statuses = statuses
        self.messages = messages
    }
}

/// One run of one SLA clock.
public struct SLAClock: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// Counting now (business hours permitting).
        case running
        /// Waiting on the customer or a third party (pending, on hold).
        case paused
        /// Fulfilled: the reply was sent, or the ticket solved.
        case met
        /// Ended without being fulfilled (solved without a reply, spam, merged).
        case stopped
    }

    public var metric: SLAMetric
    public var state: State
    public var startedAt: Date
    /// When it was fulfilled or stopped.
    @ExplicitNull public var endedAt: Date? = nil
    /// The target, in counted seconds.
    public var target: TimeInterval
    /// Counted seconds so far (up to `endedAt` or now).
    public var spent: TimeInterval
    /// When the target is (or was) reached, assuming nothing changes; nil while paused
    /// before the target was reached, or when it ended in time.
    @ExplicitNull public var due: Date? = nil
    /// The target was passed before the clock ended (or, for a running clock, by now).
    public var breached: Bool
    /// How long a running or paused clock is overdue: the wall-clock time from its due moment
    /// to now. The due moment is found in the policy's calendar (business hours or 24/7); once
    /// passed, "overdue by" counts real time, so pausing the ticket does not change the figure
    /// or its meaning (docs/workflow.md). Nil when not overdue or ended.
    @ExplicitNull public var overdueBy: TimeInterval? = nil

    /// Counted seconds left (negative when overdue).
    public var remaining: TimeInterval { target - spent }

    enum CodingKeys: String, CodingKey {
        case metric, state, target, spent, due, breached
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case overdueBy = "overdue_by"
    }
}

/// One line of a ticket's SLA timeline: when each clock ran and paused.
public struct SLATimelineEntry: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case started, paused, resumed, breached, met, stopped
    }
    public var at: Date
    public var metric: SLAMetric
    public var kind: Kind
    public var detail: String?
}

/// The SLA state of a ticket at one instant.
public struct SLAReport: Codable, Sendable, Equatable {
    public var policy: String
    /// Every run of every clock, in start order.
    public var clocks: [SLAClock]
    public var timeline: [SLATimelineEntry]
    /// The earliest due time of a running clock that is not yet fulfilled.
    @ExplicitNull public var nextDue: Date? = nil
    /// `nextDue` minus the policy's warning window: from then on the ticket is breaching soon.
    @ExplicitNull public var warnAt: Date? = nil

    /// The current (latest) run of each metric that is still open (running or paused).
    public func open(_ metric: SLAMetric) -> SLAClock? {
        clocks.last { $0.metric == metric && ($0.state == .running || $0.state == .paused) }
    }

    enum CodingKeys: String, CodingKey {
        case policy, clocks, timeline
        case nextDue = "next_due"
        case warnAt = "warn_at"
    }
}

/// Computes SLA clocks from a ticket's history: one engine for the TUI, the CLI and reports.
///
/// Rules (docs/workflow.md): clocks count only inside the policy's calendar; pending and
/// on-hold pause every clock; solved, closed, spam and merged stop counting (a reopen resumes).
/// First response runs from the customer's first message to the team's first reply; next
/// response starts at the first customer message after a reply and ends at the next reply
/// (each reply resets it); resolution runs from the ticket's start until it is solved.
public enum SLAEngine {
    public static func evaluate(_ history: SLAHistory, policy: SLAPolicy, now: Date) -> SLAReport {
        let segments = statusSegments(history)
        var clocks: [SLAClock] = []
        var timeline: [SLATimelineEntry] = []

        // Response clocks from the message sequence.
        var waitingSince: Date?
        var responded = false
        var runs: [(SLAMetric, Date, Date?)] = []
        for m in history.messages.sorted(by: { $0.at < $1.at }) where m.at <= now {
            if m.inbound {
                if waitingSince == nil { waitingSince = m.at }
            } else {
                if let start = waitingSince {
                    runs.append((responded ? .nextResponse : .firstResponse, start, m.at))
                    waitingSince = nil
                }
                responded = true
            }
        }
        if let start = waitingSince { runs.append((responded ? .nextResponse : .firstResponse, start, nil)) }

        // Resolution: until the start of the final solved/closed run.
        let current = segments.last?.status ?? .open
        var resolvedAt: Date?
        if current == .solved || current == .closed {
            var i = segments.count - 1
            while i > 0, segments[i - 1].status == .solved || segments[i - 1].status == .closed { i -= 1 }
            resolvedAt = segments[i].from
        }
        runs.append((.resolution, history.createdAt, resolvedAt))
        runs.sort { $0.1 < $1.1 }

        for (metric, start, end) in runs {
            guard let target = policy.target(metric) else { continue }
            let (clock, entries) = run(
                metric, start: start, end: end, target: target, segments: segments, policy: policy, now: now)
            clocks.append(clock)
            timeline += entries
        }
        timeline.sort { ($0.at, $0.metric.rawValue) < ($1.at, $1.metric.rawValue) }
        let nextDue = clocks.filter { $0.state == .running }.compactMap(\.due).min()
        return SLAReport(
            policy: policy.name, clocks: clocks, timeline: timeline, nextDue: nextDue,
            warnAt: nextDue.map { $0.addingTimeInterval(-policy.warning) })
    }

    struct Segment {
        var from: Date
        var to: Date  // distantFuture for the last
        var status: TicketStatus
        var counts: Bool { !status.pausesSLA && !status.endsSLA }
    }

    static func statusSegments(_ h: SLAHistory) -> [Segment] {
        let changes = h.statuses.sorted { $0.at < $1.at }
        var out: [Segment] = []
        for c in changes {
            let at = max(c.at, h.createdAt)
            if var last = out.popLast() {
                if at > last.from {
                    last.to = at
                    out.append(last)
                }
                // A change at the same instant replaces the previous status.
            }
            out.append(Segment(from: at, to: .distantFuture, status: c.status))
        }
        if out.isEmpty { out.append(Segment(from: h.createdAt, to: .distantFuture, status: .open)) }
        out[0].from = min(out[0].from, h.createdAt)
        return out
    }

    private static func run(
        _ metric: SLAMetric, start: Date, end: Date?, target: TimeInterval, segments: [Segment], policy: SLAPolicy,
        now: Date
    ) -> (SLAClock, [SLATimelineEntry]) {
        let cal = policy.calendar
        let limit = min(end ?? now, now)
        var spent: TimeInterval = 0
        var due: Date?
        var entries = [
            SLATimelineEntry(
                at: start, metric: metric, kind: .started,
                detail:
                    "target \(SLADuration.formatTarget(target))\(policy.calendar.isWallClock ? "" : " in business hours")"
            )
        ]
        var wasCounting: Bool?
        var statusAtLimit: TicketStatus = .open
        for seg in segments where seg.to > start && seg.from <= limit {
            let a = max(seg.from, start)
            let b = min(seg.to, limit)
            statusAtLimit = seg.status
            if let was = wasCounting, was != seg.counts, a < limit {
                entries.append(
                    SLATimelineEntry(
                        at: a, metric: metric, kind: seg.counts ? .resumed : .paused, detail: seg.status.rawValue))
            } else if wasCounting == nil, !seg.counts {
                entries.append(SLATimelineEntry(at: a, metric: metric, kind: .paused, detail: seg.status.rawValue))
            }
            wasCounting = seg.counts
            guard seg.counts, b > a else { continue }
            let secs = cal.businessSeconds(from: a, to: b)
            if due == nil, spent + secs >= target {
                due = cal.adding(target - spent, to: a)
            }
            spent += secs
        }
        let state: SLAClock.State
        var breached = false
        if let end, end <= now {
            state = .met
            breached = due.map { $0 < end } ?? false
            entries.append(SLATimelineEntry(at: end, metric: metric, kind: .met, detail: breached ? "late" : "in time"))
        } else if statusAtLimit.pausesSLA {
            state = .paused
            breached = due != nil
        } else if statusAtLimit.endsSLA {
            state = .stopped
            breached = due != nil
            if metric != .resolution || statusAtLimit == .spam || statusAtLimit == .merged {
                // The stop instant is the start of the final run of that status.
                let stopAt = segments.last(where: { $0.from <= limit })?.from ?? limit
                entries.append(
                    SLATimelineEntry(at: stopAt, metric: metric, kind: .stopped, detail: statusAtLimit.rawValue))
            }
        } else {
            state = .running
            if due == nil { due = cal.adding(target - spent, to: limit) }
            breached = due! <= now
        }
        if let d = due, breached || state == .running, d <= (end ?? now) {
            entries.append(SLATimelineEntry(at: d, metric: metric, kind: .breached, detail: nil))
        }
        if !breached, state == .met { due = nil }
        var overdueBy: TimeInterval?
        if breached, state == .running || state == .paused, let d = due { overdueBy = max(0, now.timeIntervalSince(d)) }
        let clock = SLAClock(
            metric: metric, state: state, startedAt: start, endedAt: state == .met ? end : nil, target: target,
            spent: spent,
            due: due, breached: breached, overdueBy: overdueBy)
        return (clock, entries)
    }
}
