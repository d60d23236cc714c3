import Foundation

/// `[survey]` in config.toml (DESIGN §17, docs/surveys.md): a satisfaction survey mailed
/// `after` a ticket is solved, answered by reply with a number.
public struct SurveySettings: Codable, Sendable, Equatable {
    /// The delay after solved, as a duration ("2d", "36h", "90m"); default one day.
    public var after: String?
    /// The template (with language variants) the survey is written with; default "survey".
    public var template: String?
    /// Only tickets of these queues; none means every queue.
    public var queues: [String]?
    /// At most one survey per customer within this many days (default 30).
    public var min_days_between: Int?
    /// A score below this reopens the ticket (default 3: 1 and 2 reopen; 0 never reopens).
    public var reopen_below: Int?
    /// A comment that asks something reopens the ticket (default true).
    public var reopen_on_question: Bool?

    public init(
        after: String? = nil, template: String? = nil, queues: [String]? = nil, min_days_between: Int? = nil,
        reopen_below: Int? = nil, reopen_on_question: Bool? = nil
    ) {
        self.after = after
        self.template = template
        self.queues = queues
        self.min_days_between = min_days_between
        self.reopen_below = reopen_below
        self.reopen_on_question = reopen_on_question
    }

    /// Seconds between solved and the survey.
    public var delay: TimeInterval { after.flatMap(Self.duration) ?? 86_400 }
    public var templateName: String { template ?? "survey" }
    public var minDaysBetween: Int { min_days_between ?? 30 }
    public var reopenBelow: Int { reopen_below ?? 3 }
    public var reopenOnQuestion: Bool { reopen_on_question ?? true }

    /// Whether a ticket of `queue` gets a survey.
    public func covers(queue: String) -> Bool {
        guard let list = queues, !list.isEmpty else { return true }
        return list.contains { $0.lowercased() == queue.lowercased() }
    }

    /// Seconds of "90", "30m", "36h", "2d", "1w"; nil when unreadable or not positive.
    public static func duration(_ text: String) -> TimeInterval? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let last = t.last, last == "d" || last == "w", let n = Double(t.dropLast()), n > 0 {
            return n * (last == "d" ? 86_400 : 604_800)
        }
        return InboxConfig.seconds(t)
    }
}

/// `[followup]` in config.toml (DESIGN §17): a mail `after_delivered` an order's shipment was
/// delivered, with a template per queue, once per order.
public struct FollowupSettings: Codable, Sendable, Equatable {
    /// The delay after delivery, as a duration ("3d"); default 3 days.
    public var after_delivered: String?
    /// The template for queues not named in `templates`; none means those queues send nothing.
    public var template: String?
    /// Queue name → template name.
    public var templates: [String: String]?

    public init(after_delivered: String? = nil, template: String? = nil, templates: [String: String]? = nil) {
        self.after_delivered = after_delivered
        self.template = template
        self.templates = templates
    }

    public var delay: TimeInterval { after_delivered.flatMap(SurveySettings.duration) ?? 3 * 86_400 }

    /// The template for a ticket of `queue`, or nil when that queue sends no follow-up.
    public func template(queue: String) -> String? {
        if let t = templates?.first(where: { $0.key.lowercased() == queue.lowercased() })?.value { return t }
        return template
    }
}
