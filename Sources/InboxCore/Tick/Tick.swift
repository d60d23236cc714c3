import Foundation

/// What a step of `inbox tick` needs: the store, the configuration, the rules and the time.
public struct TickContext: Sendable {
    public var database: AppDatabase
    public var config: InboxConfig
    public var rules: RuleBook
    /// The instant "due" is measured against (`--at`, else the clock).
    public var now: Date

    public init(database: AppDatabase, config: InboxConfig, rules: RuleBook, now: Date = Date()) {
        self.database = database
        self.config = config
        self.rules = rules
        self.now = now
    }
}

/// One kind of scheduled work. `run` does what is due as of the context's `now`, once, and
/// returns one line per thing it did (empty when nothing was due). Later features (surveys,
/// follow-ups) add steps here instead of starting timers of their own.
public struct TickStep: Sendable {
    public var name: String
    public var run: @Sendable (TickContext) throws -> [String]

    public init(name: String, run: @escaping @Sendable (TickContext) throws -> [String]) {
        self.name = name
        self.run = run
    }
}

/// What one `inbox tick` did, per step.
public struct TickReport: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var name: String
        public var done: [String]
        /// Why the step failed; the other steps still ran.
        public var error: String?

        public init(name: String, done: [String], error: String?) {
            self.name = name
            self.done = done
            self.error = error
        }
    }
    public var at: Date
    public var steps: [Step]

    public var failed: Bool { steps.contains { $0.error != nil } }
}

/// `inbox tick` (DESIGN §16, docs/rules.md): the one place for scheduled work. `inbox sync
/// --watch` runs it every minute; cron or a systemd timer can run `inbox tick` instead.
public enum Tick {
    /// The steps InboxCore owns, in order: snooze wake-ups, schedule rules, solved → closed.
    public static let coreSteps: [TickStep] = [
        TickStep(name: "snooze") { c in
            try c.database.wakeSnoozed(now: c.now).map { "#\($0) woke from snooze" }
        },
        TickStep(name: "schedule-rules") { c in
            try c.database.runScheduleRules(c.rules, config: c.config, now: c.now).map { o in
                "#\(o.ticket) rule \"\(o.rule)\": "
                    + (o.actions.isEmpty ? "no change" : o.actions.joined(separator: ", "))
            }
        },
        TickStep(name: "close-solved") { c in
            try c.database.runMaintenance(now: c.now).map { "#\($0) closed (solved for 4 days)" }
        },
    ]

    /// Runs `steps` in order. A step that throws is reported and the next one still runs.
    public static func run(_ context: TickContext, steps: [TickStep]) -> TickReport {
        var report = TickReport(at: context.now, steps: [])
        for step in steps {
            do {
                report.steps.append(.init(name: step.name, done: try step.run(context), error: nil))
            } catch {
                report.steps.append(.init(name: step.name, done: [], error: "\(error)"))
            }
        }
        return report
    }
}
