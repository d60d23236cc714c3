import Foundation

/// Computes a ``Report`` from the store (DESIGN §10). The definitions are in docs/reports.md
/// and ``ReportDefinitions``; the SQL is in `AppDatabase+Reports.swift`.
///
/// Business hours come from the SLA configuration through ``SLAPolicyBook``: each ticket's
/// times are counted in its own policy's calendar (the wall clock when no `[sla]` is set).
/// Value type, thread-safe.
public struct ReportBuilder: Sendable {
    public let database: AppDatabase
    public let book: SLAPolicyBook
    let config: InboxConfig
    /// The login of the person running the report: it names the configured `[agent]` in the
    /// audit log when that table has no `login` (``AgentDirectory``).
    public var login: String?

    /// - Throws: ``InboxError`` `.config` when the SLA settings cannot be read.
    public init(database: AppDatabase, config: InboxConfig) throws {
        self.database = database
        self.config = config
        self.book = try SLAPolicyBook(config)
    }

    /// The calendar of the report's dates and heatmap: the policy of the queue (or the default
    /// queue) at normal priority, else the wall clock in the configured time zone (UTC).
    public func calendar(queue: String? = nil) -> BusinessCalendar {
        let q = queue ?? config.queues.first { $0.default == true }?.name ?? config.queues.first?.name ?? ""
        if let c = book.policy(queue: q, priority: .normal)?.calendar { return c }
        var wall = BusinessCalendar.wallClock
        if let name = config.sla?.timezone, let tz = TimeZone(identifier: name) { wall.timeZone = tz }
        return wall
    }

    /// The report over `range`, with clocks evaluated at `now`.
    /// - Throws: ``InboxError`` `.notFound` for an unknown queue, `.badInput` for an empty range.
    public func build(_ range: ReportRange, now: Date = Date()) throws -> Report {
        guard range.until > range.since else {
            throw InboxError(.badInput, "The range is empty: --since must be before --until")
        }
        let asOf = min(range.until, now)
        let inputs = try database.reportInputs(range, asOf: asOf, withHistories: !book.isEmpty)
        let people = AgentDirectory(config: config, login: login)
        let reportCalendar = calendar(queue: range.queue)
        var drill: [String: [Int64]] = [:]

        func policy(_ queue: String, _ priority: TicketPriority) -> SLAPolicy? {
            book.policy(queue: queue, priority: priority)
        }
        func cal(_ queue: String, _ priority: TicketPriority) -> BusinessCalendar {
            policy(queue, priority)?.calendar ?? .wallClock
        }
        func date(_ t: Double) -> Date { Date(timeIntervalSince1970: t) }

        // Volume.
        let solvedTickets = Array(Set(inputs.solves.map(\.ticket))).sorted()
        drill[ReportDrill.created] = inputs.created.map(\.id)
        drill[ReportDrill.solved] = solvedTickets
        drill[ReportDrill.reopened] = inputs.reopened
        let (series, step) = Self.createdSeries(
            inputs.created.map(\.createdAt), range: range, timeZone: reportCalendar.timeZone)
        let volume = ReportVolume(
            created: inputs.created.count, solved: solvedTickets.count, reopened: inputs.reopened.count,
            incoming: inputs.incomingSlots.reduce(0) { $0 + $1.count },
            replies: inputs.replies.reduce(0) { $0 + $1.count },
            createdSeries: series, seriesStep: step)

        // First response, overall and per responder.
        var firstTimes: [Double] = []
        var waiting: [Int64] = []
        var byResponder: [String: [Double]] = [:]
        var byChannel: [String: [Double]] = [:]
        for t in inputs.created {
            guard let first = t.firstInbound else { continue }
            guard let reply = t.firstResponse, reply <= now.timeIntervalSince1970 else {
                waiting.append(t.id)
                continue
            }
            let seconds = cal(t.queue, t.priority).businessSeconds(from: date(first), to: date(reply))
            firstTimes.append(seconds)
            let responder = people.sender(
                agent: t.responderSentByInbox ? t.responder : nil, name: t.responder, address: t.responderAddress)
            byResponder[responder, default: []].append(seconds)
            byChannel[t.channel, default: []].append(seconds)
        }
        drill[ReportDrill.firstResponseWaiting] = waiting

        // Resolution: from creation to the last solve in the range.
        var lastSolve: [Int64: ReportInputs.Solve] = [:]
        for s in inputs.solves where s.at >= (lastSolve[s.ticket]?.at ?? -.infinity) { lastSolve[s.ticket] = s }
        let resolutionTimes = lastSolve.values.map { s in
            cal(s.queue, s.priority).businessSeconds(from: date(s.createdAt), to: date(s.at))
        }
        let unsolved = inputs.created.count - inputs.created.filter { lastSolve[$0.id] != nil }.count

        // SLA compliance per target, on the tickets created in the range.
        var sla: [SLACompliance] = []
        if !book.isEmpty {
            var tally: [SLAMetric: (clocks: Int, met: Int, breached: Int, open: Int, tickets: Set<Int64>)] = [:]
            for t in inputs.created {
                guard let p = policy(t.queue, t.priority), let history = inputs.histories[t.id] else { continue }
                for clock in SLAEngine.evaluate(history, policy: p, now: now).clocks {
                    var v = tally[clock.metric] ?? (0, 0, 0, 0, [])
                    v.clocks += 1
                    if clock.breached {
                        v.breached += 1
                        v.tickets.insert(t.id)
                    } else if clock.state == .met {
                        v.met += 1
                    } else {
                        v.open += 1
                    }
                    tally[clock.metric] = v
                }
            }
            for metric in SLAMetric.allCases {
                guard let v = tally[metric] else { continue }
                let decided = v.met + v.breached
                sla.append(
                    SLACompliance(
                        target: metric, clocks: v.clocks, met: v.met, breached: v.breached, open: v.open,
                        compliance: decided > 0 ? Double(v.met) / Double(decided) : nil))
                drill[ReportDrill.slaBreached(metric)] = v.tickets.sorted()
            }
        }

        // Backlog at the end of the range.
        let statuses: [TicketStatus] = [.new, .open, .pending, .onHold]
        var statusCounts: [TicketStatus: Int] = [:]
        var ageCounts: [String: Int] = [:]
        for b in inputs.backlog {
            statusCounts[b.status, default: 0] += 1
            drill[ReportDrill.backlogStatus(b.status.rawValue), default: []].append(b.ticket)
            let age = asOf.timeIntervalSince1970 - b.createdAt
            let label = ReportBacklog.ageBuckets.first { age < $0.upTo }!.label
            ageCounts[label, default: 0] += 1
            drill[ReportDrill.backlogAge(label), default: []].append(b.ticket)
        }
        let backlog = ReportBacklog(
            total: inputs.backlog.count, byStatus: statuses.map { ReportCount($0.rawValue, statusCounts[$0] ?? 0) },
            byAge: ReportBacklog.ageBuckets.map { ReportCount($0.label, ageCounts[$0.label] ?? 0) })

        // Complaints.
        let tags = inputs.tags.sorted {
            $0.tickets.count != $1.tickets.count ? $0.tickets.count > $1.tickets.count : $0.tag < $1.tag
        }
        .prefix(10)
        for t in tags { drill[ReportDrill.tag(t.tag)] = t.tickets }
        let terms = ComplaintTerms.top(inputs.firstTexts, ownWords: AgentDirectory.ownWords(config, login: login))
        let complaints = ReportComplaints(
            messages: inputs.firstTexts.count, tags: tags.map { ReportTerm($0.tag, $0.tickets.count) },
            words: terms.words,
            pairs: terms.pairs)

        // Repeat contacts.
        let repeated = Set(inputs.repeats.map(\.customer)).count
        let contacts = inputs.repeats.map {
            RepeatContact(
                customer: $0.customer, solvedTicket: $0.solvedTicket, solvedAt: date($0.solvedAt),
                newTicket: $0.newTicket,
                createdAt: date($0.createdAt))
        }
        drill[ReportDrill.repeatContacts] = Array(Set(inputs.repeats.flatMap { [$0.solvedTicket, $0.newTicket] }))
            .sorted()
        let repeats = RepeatContacts(
            customers: inputs.solvedCustomers, repeated: repeated,
            share: inputs.solvedCustomers > 0 ? Double(repeated) / Double(inputs.solvedCustomers) : nil,
            contacts: contacts)

        // Per agent.
        var solvedBy: [String: Set<Int64>] = [:]
        for s in lastSolve.values { solvedBy[people.agent(named: s.actor), default: []].insert(s.ticket) }
        let replies = Dictionary(
            inputs.replies.map {
                (people.sender(agent: $0.byInbox ? $0.name : nil, name: $0.name, address: $0.address), $0.count)
            },
            uniquingKeysWith: +)
        var names = Set(replies.keys).union(solvedBy.keys).union(byResponder.keys)
        if let a = range.agent {
            let wanted = people.agent(named: a)
            names = names.filter {
                $0.caseInsensitiveCompare(wanted) == .orderedSame || $0.caseInsensitiveCompare(a) == .orderedSame
            }
        }
        var agents = names.map { name in
            AgentRow(
                agent: name, replies: replies[name] ?? 0, solved: solvedBy[name]?.count ?? 0,
                firstResponses: byResponder[name]?.count ?? 0,
                medianFirstResponse: ReportStatistics.median(byResponder[name] ?? []))
        }
        agents.sort { ($0.replies, $0.solved, $1.agent) > ($1.replies, $1.solved, $0.agent) }
        for a in agents { drill[ReportDrill.agentSolved(a.agent)] = solvedBy[a.agent]?.sorted() ?? [] }

        let calendarText =
            reportCalendar.isWallClock ? "24/7" : (config.sla?.calendar ?? "24/7")
        var report = Report(
            period: ReportPeriodInfo(
                since: range.since, until: range.until, queue: range.queue, agent: range.agent,
                timeZone: reportCalendar.timeZone.identifier, calendar: calendarText, asOf: asOf),
            volume: volume,
            firstResponse: ReportStatistics.stats(firstTimes, waiting: waiting.count),
            resolution: ReportStatistics.stats(resolutionTimes, waiting: unsolved),
            sla: sla, backlog: backlog,
            busiestHours: Self.heatmap(inputs.incomingSlots, timeZone: reportCalendar.timeZone),
            complaints: complaints, repeatContacts: repeats, agents: agents, drill: drill)
        // Per channel (DESIGN §19): tickets created and their first response.
        var createdByChannel: [String: [Int64]] = [:]
        for t in inputs.created { createdByChannel[t.channel, default: []].append(t.id) }
        report.channels = createdByChannel.keys.sorted().map { c in
            drill[ReportDrill.channel(c)] = createdByChannel[c] ?? []
            let times = byChannel[c] ?? []
            return ChannelRow(
                channel: c, created: createdByChannel[c]?.count ?? 0,
                firstResponse: ReportStatistics.stats(times, waiting: (createdByChannel[c]?.count ?? 0) - times.count))
        }
        report.drill = drill
        report.orders = OrderReport.build(try database.orderReportInputs(range))
        report.satisfaction = SatisfactionReport.build(try database.surveyRecords(range))
        return report
    }

    /// Counts per local day (per week beyond 92 days) of the range.
    static func createdSeries(_ times: [Double], range: ReportRange, timeZone: TimeZone) -> ([Int], String) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        var bounds: [Double] = []
        var day = cal.startOfDay(for: range.since)
        while day < range.until, bounds.count < 400 {
            bounds.append(max(day, range.since).timeIntervalSince1970)
            day = cal.date(byAdding: .day, value: 1, to: day)!
        }
        var counts = Array(repeating: 0, count: max(1, bounds.count))
        for t in times {
            // The last boundary at or before t.
            var lo = 0
            var hi = bounds.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if bounds[mid] <= t { lo = mid } else { hi = mid - 1 }
            }
            counts[lo] += 1
        }
        guard counts.count > 92 else { return (counts, "day") }
        return (
            stride(from: 0, to: counts.count, by: 7).map { counts[$0..<min($0 + 7, counts.count)].reduce(0, +) }, "week"
        )
    }

    /// Weekday × hour counts in `timeZone` from 15-minute slots.
    static func heatmap(_ slots: [(slot: Int64, count: Int)], timeZone: TimeZone) -> ReportHeatmap {
        var counts = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        var offsets: [Int64: Int64] = [:]
        for s in slots {
            let hourKey = s.slot / 4
            let offset =
                offsets[hourKey]
                ?? {
                    let o = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(s.slot * 900))))
                    offsets[hourKey] = o
                    return o
                }()
            let local = s.slot * 900 + offset
            let days = Int64((Double(local) / 86400).rounded(.down))
            let weekday = Int(((days + 3) % 7 + 7) % 7)  // 1970-01-01 was a Thursday; 0 = Monday
            let hour = Int((local - days * 86400) / 3600)
            counts[weekday][hour] += s.count
        }
        return ReportHeatmap(counts: counts)
    }
}
