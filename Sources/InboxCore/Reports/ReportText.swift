import Foundation

/// One line of the text report; a line that stands for a set of tickets names its ``ReportDrill`` key.
public struct ReportLine: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case title, heading, body
    }
    public var text: String
    public var kind: Kind
    /// The tickets behind the line (the TUI opens them on Enter).
    public var drill: String?

    public init(_ text: String, _ kind: Kind = .body, drill: String? = nil) {
        self.text = text
        self.kind = kind
        self.drill = drill
    }
}

/// The report as terminal text: tables with bars, a sparkline of created tickets and a shaded
/// weekday × hour heatmap. Every line fits `width` columns (80 by default, at least 60).
/// Pure; the TUI's `:report` screen draws the same lines.
public enum ReportText {
    public static func render(_ report: Report, width: Int = 80) -> String {
        lines(report, width: width).map(\.text).joined(separator: "\n") + "\n"
    }

    public static func lines(_ r: Report, width: Int = 80) -> [ReportLine] {
        let width = max(60, width)
        let tz = TimeZone(identifier: r.period.timeZone) ?? TimeZone(identifier: "UTC")!
        var out: [ReportLine] = []
        func line(_ s: String, drill: String? = nil) { out.append(ReportLine(s, .body, drill: drill)) }
        func heading(_ s: String) {
            if !out.isEmpty { out.append(ReportLine("")) }
            out.append(ReportLine(s, .heading))
        }
        let lastDay = r.period.until.addingTimeInterval(-1)
        let scope = [r.period.queue.map { "queue \($0)" } ?? "all queues", r.period.agent.map { "agent \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        out.append(
            ReportLine(
                "Report \(day(r.period.since, tz)) – \(day(lastDay, tz)) · \(scope)", .title))
        line("Business hours: \(r.period.calendar) (\(r.period.timeZone)) · backlog as of \(minute(r.period.asOf, tz))")

        heading("VOLUME")
        let v = r.volume
        let vmax = max(1, v.created, v.solved, v.reopened)
        let barWidth = width - 40
        line("  Tickets created  \(pad(v.created, 6))  \(bar(v.created, vmax, barWidth))", drill: ReportDrill.created)
        line("  Tickets solved   \(pad(v.solved, 6))  \(bar(v.solved, vmax, barWidth))", drill: ReportDrill.solved)
        line(
            "  Reopened         \(pad(v.reopened, 6))  \(bar(v.reopened, vmax, barWidth))", drill: ReportDrill.reopened)
        line("  Messages in      \(pad(v.incoming, 6))   replies out \(pad(v.replies, 6))")
        line("  Created per \(v.seriesStep)  " + sparkline(v.createdSeries, width: width - 20))

        heading("RESPONSE TIMES (business hours)      median       p90   measured   waiting")
        for (name, s, drill) in [
            ("First response", r.firstResponse, ReportDrill.firstResponseWaiting), ("Resolution", r.resolution, nil),
        ] {
            line(
                "  " + padRight(name, 34) + padLeft(duration(s.median), 8) + padLeft(duration(s.p90), 10)
                    + padLeft("\(s.count)", 11) + padLeft("\(s.waiting)", 10), drill: drill)
        }

        heading("SLA COMPLIANCE                    met  breached   open  compliance")
        if r.sla.isEmpty {
            line("  No SLA targets are configured ([sla] in config.toml; docs/workflow.md).")
        }
        for s in r.sla {
            let pct = s.compliance.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
            let gauge =
                s.compliance.map { bar(Int(($0 * 10).rounded()), 10, 10, empty: "░") }
                ?? String(repeating: " ", count: 10)
            line(
                "  " + padRight(label(s.target), 16) + gauge + padLeft("\(s.met)", 9) + padLeft("\(s.breached)", 10)
                    + padLeft("\(s.open)", 7) + padLeft(pct, 12), drill: ReportDrill.slaBreached(s.target))
        }

        heading("BACKLOG (\(r.backlog.total) tickets)")
        let bmax = max(1, r.backlog.byStatus.map(\.count).max() ?? 0, r.backlog.byAge.map(\.count).max() ?? 0)
        let half = (width - 4) / 2
        let rows = max(r.backlog.byStatus.count, r.backlog.byAge.count)
        for i in 0..<rows {
            func cell(_ c: ReportCount?) -> String {
                guard let c else { return String(repeating: " ", count: half) }
                return padRight(padRight(c.label, 8) + pad(c.count, 6) + " " + bar(c.count, bmax, half - 17), half)
            }
            let s = i < r.backlog.byStatus.count ? r.backlog.byStatus[i] : nil
            let a = i < r.backlog.byAge.count ? r.backlog.byAge[i] : nil
            line(
                "  " + cell(s) + "  " + cell(a),
                drill: s.map { ReportDrill.backlogStatus($0.label) } ?? a.map { ReportDrill.backlogAge($0.label) })
        }

        heading("BUSIEST HOURS (messages in, \(r.period.timeZone))")
        out.append(ReportLine("       " + (0..<24).map { $0 % 3 == 0 ? String(format: "%02d", $0) : "  " }.joined()))
        let hmax = r.busiestHours.max
        for (d, name) in ReportHeatmap.weekdays.enumerated() {
            let cells = r.busiestHours.counts[d].map { shade($0, hmax) }.map { String(repeating: $0, count: 2) }
                .joined()
            let total = r.busiestHours.counts[d].reduce(0, +)
            line("  \(name)  \(cells)  \(pad(total, 6))")
        }
        if let p = r.busiestHours.peak {
            line(
                "  Peak: \(ReportHeatmap.weekdays[p.weekday]) \(String(format: "%02d:00", p.hour)) (\(p.count) messages)   · ░▒▓█ = up to ¼ ½ ¾ max"
            )
        }

        heading("COMMON COMPLAINTS (\(r.complaints.messages) first messages)")
        if r.complaints.tags.isEmpty {
            line("  Tags: none")
        } else {
            let tmax = max(1, r.complaints.tags.first?.tickets ?? 1)
            for t in r.complaints.tags {
                line(
                    "  #" + padRight(clip(t.term, 20), 21) + pad(t.tickets, 6) + "  "
                        + bar(t.tickets, tmax, width - 36), drill: ReportDrill.tag(t.term))
            }
        }
        let colW = (width - 4) / 2
        line("  " + padRight("Words", colW) + "  Word pairs")
        for i in 0..<max(r.complaints.words.count, r.complaints.pairs.count) {
            func cell(_ list: [ReportTerm]) -> String {
                guard i < list.count else { return String(repeating: " ", count: colW) }
                return padRight(padRight(clip(list[i].term, colW - 7), colW - 6) + pad(list[i].tickets, 6), colW)
            }
            line("  " + cell(r.complaints.words) + "  " + cell(r.complaints.pairs))
        }

        let rc = r.repeatContacts
        heading("REPEAT CONTACTS (new ticket within 7 days of a solved one)")
        let share = rc.share.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
        line(
            "  \(rc.repeated) of \(rc.customers) customers with a solved ticket came back (\(share))",
            drill: ReportDrill.repeatContacts)
        for c in rc.contacts.prefix(10) {
            line(
                "  " + padRight(clip(c.customer, width - 48), width - 46)
                    + "#\(c.solvedTicket) solved \(day(c.solvedAt, tz))"
                    + " → #\(c.newTicket)")
        }
        if rc.contacts.count > 10 { line("  … and \(rc.contacts.count - 10) more (--format csv lists them all)") }

        // Per channel, once anything came in by another channel than e-mail (docs/channels.md).
        if r.channels.contains(where: { $0.channel != "email" }) {
            heading("CHANNELS                       created   answered   median first response")
            for c in r.channels {
                line(
                    "  " + padRight(clip(c.channel, 28), 28) + padLeft("\(c.created)", 9)
                        + padLeft("\(c.firstResponse.count)", 11)
                        + padLeft(duration(c.firstResponse.median), 24),
                    drill: ReportDrill.channel(c.channel))
            }
        }

        if let orders = r.orders {
            heading("ORDERS")
            for l in orders.textLines() { line(l) }
        }

        if let satisfaction = r.satisfaction {
            heading("SATISFACTION")
            for l in satisfaction.textLines() { line(l) }
        }

        heading("AGENTS                         replies    solved   first responses   median")
        if r.agents.isEmpty { line("  No replies or solves in this range.") }
        for a in r.agents {
            line(
                "  " + padRight(clip(a.agent, 28), 28) + padLeft("\(a.replies)", 9) + padLeft("\(a.solved)", 10)
                    + padLeft("\(a.firstResponses)", 18) + padLeft(duration(a.medianFirstResponse), 9),
                drill: ReportDrill.agentSolved(a.agent))
        }
        return out.map { ReportLine(clip($0.text, width), $0.kind, drill: $0.drill) }
    }

    // MARK: - Pieces

    /// `45m`, `3h 05m`, `126h 40m`; `–` for nil. Business time has no "days".
    public static func duration(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "–" }
        let m = Int((seconds / 60).rounded())
        if m < 60 { return "\(m)m" }
        return String(format: "%dh %02dm", m / 60, m % 60)
    }

    /// A bar of `width` cells for `value` out of `max`, in eighths.
    public static func bar(_ value: Int, _ max: Int, _ width: Int, empty: Character = " ") -> String {
        guard width > 0 else { return "" }
        let eighths = max > 0 ? Int((Double(value) / Double(max) * Double(width * 8)).rounded()) : 0
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var s = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { s += partial[eighths % 8] }
        if value > 0 && s.isEmpty { s = "▏" }
        let used = s.count
        return empty == " " ? s : s + String(repeating: empty, count: Swift.max(0, width - used))
    }

    /// One block per value (values grouped by sum when there are more than `width`).
    public static func sparkline(_ values: [Int], width: Int) -> String {
        guard !values.isEmpty, width > 0 else { return "" }
        var series = values
        if series.count > width {
            let group = (series.count + width - 1) / width
            series = stride(from: 0, to: series.count, by: group).map {
                series[$0..<Swift.min($0 + group, series.count)].reduce(0, +)
            }
        }
        let top = series.max() ?? 0
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(
            series.map { v -> Character in
                guard top > 0, v > 0 else { return blocks[0] }
                return blocks[Swift.max(1, Swift.min(7, Int((Double(v) / Double(top) * 7).rounded())))]
            })
    }

    /// `·` for none, then ░ ▒ ▓ █ for up to a quarter, half, three quarters and all of `max`.
    public static func shade(_ value: Int, _ max: Int) -> Character {
        guard value > 0, max > 0 else { return "·" }
        let f = Double(value) / Double(max)
        return f <= 0.25 ? "░" : f <= 0.5 ? "▒" : f <= 0.75 ? "▓" : "█"
    }

    static func label(_ m: SLAMetric) -> String {
        switch m {
        case .firstResponse: "First response"
        case .nextResponse: "Next response"
        case .resolution: "Resolution"
        }
    }

    static func pad(_ n: Int, _ w: Int) -> String { padLeft("\(n)", w) }
    static func padLeft(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
    static func padRight(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    static func clip(_ s: String, _ w: Int) -> String {
        var t = s
        while t.hasSuffix(" ") { t.removeLast() }
        return t.count <= w ? t : String(t.prefix(max(0, w - 1))) + "…"
    }

    static func formatter(_ format: String, _ tz: TimeZone) -> DateFormatter {
        DateFormatter(format: format, timeZone: tz)
    }
    static func day(_ d: Date, _ tz: TimeZone) -> String { formatter("yyyy-MM-dd", tz).string(from: d) }
    static func minute(_ d: Date, _ tz: TimeZone) -> String { formatter("yyyy-MM-dd HH:mm", tz).string(from: d) }
}
