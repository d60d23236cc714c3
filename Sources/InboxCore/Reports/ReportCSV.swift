import Foundation

/// The report as CSV, one table per file (RFC 4180: comma-separated, CRLF, quoted when needed).
/// Durations are business seconds; dates are ISO 8601 in UTC. Pure.
public enum ReportCSV {
    /// Table names, in the order they are written.
    public static let tableNames = [
        "summary", "sla", "backlog", "busiest_hours", "tags", "words", "pairs", "repeat_contacts", "agents",
        "satisfaction", "low_scores",
    ]

    /// Every table as (name, CSV text).
    public static func tables(_ r: Report) -> [(name: String, csv: String)] {
        func n(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "" }
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
        let iso = ISO8601DateFormatter()
        var t: [(String, [[String]])] = []
        let v = r.volume
        t.append(
            (
                "summary",
                [
                    ["metric", "value"], ["since", iso.string(from: r.period.since)],
                    ["until", iso.string(from: r.period.until)],
                    ["queue", r.period.queue ?? ""], ["agent", r.period.agent ?? ""], ["time_zone", r.period.timeZone],
                    ["calendar", r.period.calendar], ["created", "\(v.created)"], ["solved", "\(v.solved)"],
                    ["reopened", "\(v.reopened)"], ["incoming", "\(v.incoming)"], ["replies", "\(v.replies)"],
                    ["first_response_count", "\(r.firstResponse.count)"],
                    ["first_response_median", n(r.firstResponse.median)],
                    ["first_response_p90", n(r.firstResponse.p90)],
                    ["first_response_waiting", "\(r.firstResponse.waiting)"],
                    ["resolution_count", "\(r.resolution.count)"], ["resolution_median", n(r.resolution.median)],
                    ["resolution_p90", n(r.resolution.p90)], ["unsolved_created", "\(r.resolution.waiting)"],
                    ["backlog", "\(r.backlog.total)"], ["repeat_customers", "\(r.repeatContacts.repeated)"],
                    ["customers_with_solved", "\(r.repeatContacts.customers)"],
                    ["repeat_share", f(r.repeatContacts.share)],
                ]
            ))
        t.append(
            (
                "sla",
                [["target", "clocks", "met", "breached", "open", "compliance"]]
                    + r.sla.map {
                        [
                            $0.target.rawValue, "\($0.clocks)", "\($0.met)", "\($0.breached)", "\($0.open)",
                            f($0.compliance),
                        ]
                    }
            ))
        t.append(
            (
                "backlog",
                [["dimension", "bucket", "tickets"]] + r.backlog.byStatus.map { ["status", $0.label, "\($0.count)"] }
                    + r.backlog.byAge.map { ["age", $0.label, "\($0.count)"] }
            ))
        t.append(
            (
                "busiest_hours",
                [["weekday"] + (0..<24).map { String(format: "%02d", $0) }]
                    + ReportHeatmap.weekdays.enumerated().map {
                        [$0.element] + r.busiestHours.counts[$0.offset].map { "\($0)" }
                    }
            ))
        t.append(("tags", [["tag", "tickets"]] + r.complaints.tags.map { [$0.term, "\($0.tickets)"] }))
        t.append(("words", [["word", "messages"]] + r.complaints.words.map { [$0.term, "\($0.tickets)"] }))
        t.append(("pairs", [["pair", "messages"]] + r.complaints.pairs.map { [$0.term, "\($0.tickets)"] }))
        t.append(
            (
                "repeat_contacts",
                [["customer", "solved_ticket", "solved_at", "new_ticket", "created_at"]]
                    + r.repeatContacts.contacts.map {
                        [
                            $0.customer, "\($0.solvedTicket)", iso.string(from: $0.solvedAt), "\($0.newTicket)",
                            iso.string(from: $0.createdAt),
                        ]
                    }
            ))
        t.append(
            (
                "agents",
                [["agent", "replies", "solved", "first_responses", "median_first_response"]]
                    + r.agents.map {
                        [$0.agent, "\($0.replies)", "\($0.solved)", "\($0.firstResponses)", n($0.medianFirstResponse)]
                    }
            ))
        t +=
            r.satisfaction?.csvTables() ?? [
                (
                    "satisfaction",
                    [["group", "name", "sent", "answered", "satisfied", "response_rate", "csat", "average"]]
                ),
                ("low_scores", [["ticket", "score", "customer", "agent", "comment", "answered_at"]]),
            ]
        return t.map { (name: $0.0, csv: $0.1.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()) }
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") else {
            // A cell starting with = + - @ would be a formula in a spreadsheet.
            return s.first.map { "=+-@".contains($0) && Double(s) == nil } == true ? "'" + s : s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
