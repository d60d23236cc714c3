import Foundation

/// The report as one standalone HTML page: inline CSS and inline SVG charts, no scripts, no
/// external resources (it opens from a file, a mail attachment or a print queue). Pure.
public enum ReportHTML {
    public static func render(_ r: Report) -> String {
        let tz = TimeZone(identifier: r.period.timeZone) ?? TimeZone(identifier: "UTC")!
        let title =
            "Report \(ReportText.day(r.period.since, tz)) – \(ReportText.day(r.period.until.addingTimeInterval(-1), tz))"
            + (r.period.queue.map { " · queue \($0)" } ?? "") + (r.period.agent.map { " · agent \($0)" } ?? "")
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title))</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;color:#1d2330;background:#fff;margin:2em auto;max-width:980px;padding:0 1em}
            h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.8em 0 .5em;border-bottom:2px solid #dde3ee;padding-bottom:.2em}
            .muted{color:#667085}.cards{display:flex;flex-wrap:wrap;gap:.8em}
            .card{border:1px solid #dde3ee;border-radius:8px;padding:.6em 1em;min-width:8em}.card b{display:block;font-size:1.6em}
            table{border-collapse:collapse;margin:.4em 0}td,th{padding:.25em .8em;text-align:left;border-bottom:1px solid #eef1f6}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}svg{display:block;margin:.4em 0}
            @media print{body{margin:0}h2{break-after:avoid}}
            </style></head><body>
            <h1>\(esc(title))</h1>
            <p class="muted">Business hours: \(esc(r.period.calendar)) (\(esc(r.period.timeZone))) · backlog as of \(esc(ReportText.minute(r.period.asOf, tz)))</p>

            """
        let v = r.volume
        h += "<h2>Volume</h2>\n<div class=\"cards\">"
        for (name, value) in [
            ("Created", v.created), ("Solved", v.solved), ("Reopened", v.reopened), ("Messages in", v.incoming),
            ("Replies out", v.replies),
        ] {
            h += "<div class=\"card\">\(name)<b>\(value)</b></div>"
        }
        h += "</div>\n<p class=\"muted\">Tickets created per \(v.seriesStep)</p>\n"
        h += columnChart(v.createdSeries, label: "Tickets created per \(v.seriesStep)")

        h +=
            "<h2>Response times (business hours)</h2>\n<table><tr><th></th><th class=\"n\">median</th><th class=\"n\">p90</th><th class=\"n\">measured</th><th class=\"n\">waiting</th></tr>"
        for (name, s) in [("First response", r.firstResponse), ("Resolution", r.resolution)] {
            h +=
                "<tr><td>\(name)</td><td class=\"n\">\(ReportText.duration(s.median))</td><td class=\"n\">\(ReportText.duration(s.p90))</td><td class=\"n\">\(s.count)</td><td class=\"n\">\(s.waiting)</td></tr>"
        }
        h += "</table>\n"

        h += "<h2>SLA compliance</h2>\n"
        if r.sla.isEmpty {
            h += "<p class=\"muted\">No SLA targets are configured.</p>\n"
        } else {
            h += horizontalBars(
                r.sla.map {
                    (
                        ReportText.label($0.target), Int((($0.compliance ?? 0) * 100).rounded()),
                        $0.compliance.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
                    )
                },
                max: 100, label: "SLA compliance per target")
            h +=
                "<table><tr><th>target</th><th class=\"n\">met</th><th class=\"n\">breached</th><th class=\"n\">open</th></tr>"
            for s in r.sla {
                h +=
                    "<tr><td>\(ReportText.label(s.target))</td><td class=\"n\">\(s.met)</td><td class=\"n\">\(s.breached)</td><td class=\"n\">\(s.open)</td></tr>"
            }
            h += "</table>\n"
        }

        h += "<h2>Backlog (\(r.backlog.total) tickets)</h2>\n"
        let bmax = max(1, (r.backlog.byStatus + r.backlog.byAge).map(\.count).max() ?? 0)
        h += horizontalBars(
            r.backlog.byStatus.map { ($0.label, $0.count, "\($0.count)") }, max: bmax, label: "Backlog by status")
        h += horizontalBars(
            r.backlog.byAge.map { ($0.label, $0.count, "\($0.count)") }, max: bmax, label: "Backlog by age")

        h += "<h2>Busiest hours (messages in, \(esc(r.period.timeZone)))</h2>\n" + heatmap(r.busiestHours)

        h += "<h2>Common complaints (\(r.complaints.messages) first messages)</h2>\n"
        if !r.complaints.tags.isEmpty {
            h += horizontalBars(
                r.complaints.tags.map { ("#" + $0.term, $0.tickets, "\($0.tickets)") },
                max: r.complaints.tags.first?.tickets ?? 1,
                label: "Top tags")
        }
        h += "<table><tr><th>word</th><th class=\"n\">messages</th><th>word pair</th><th class=\"n\">messages</th></tr>"
        for i in 0..<max(r.complaints.words.count, r.complaints.pairs.count) {
            let w = i < r.complaints.words.count ? r.complaints.words[i] : nil
            let p = i < r.complaints.pairs.count ? r.complaints.pairs[i] : nil
            h +=
                "<tr><td>\(esc(w?.term ?? ""))</td><td class=\"n\">\(w.map { "\($0.tickets)" } ?? "")</td><td>\(esc(p?.term ?? ""))</td><td class=\"n\">\(p.map { "\($0.tickets)" } ?? "")</td></tr>"
        }
        h += "</table>\n"

        let rc = r.repeatContacts
        h +=
            "<h2>Repeat contacts</h2>\n<p>\(rc.repeated) of \(rc.customers) customers with a solved ticket opened another within 7 days (\(rc.share.map { String(format: "%.0f%%", $0 * 100) } ?? "–")).</p>\n"
        if !rc.contacts.isEmpty {
            h +=
                "<table><tr><th>customer</th><th class=\"n\">solved</th><th>on</th><th class=\"n\">new ticket</th><th>on</th></tr>"
            for c in rc.contacts {
                h +=
                    "<tr><td>\(esc(c.customer))</td><td class=\"n\">#\(c.solvedTicket)</td><td>\(ReportText.minute(c.solvedAt, tz))</td><td class=\"n\">#\(c.newTicket)</td><td>\(ReportText.minute(c.createdAt, tz))</td></tr>"
            }
            h += "</table>\n"
        }

        if let orders = r.orders { h += orders.html(escape: esc) }
        if let satisfaction = r.satisfaction { h += satisfaction.html() }
        h += "<h2>Agents</h2>\n"
        if !r.agents.isEmpty {
            h += horizontalBars(
                r.agents.map { ($0.agent, $0.replies, "\($0.replies) replies") },
                max: r.agents.map(\.replies).max() ?? 1, label: "Replies per agent")
        }
        h +=
            "<table><tr><th>agent</th><th class=\"n\">replies</th><th class=\"n\">solved</th><th class=\"n\">first responses</th><th class=\"n\">median first response</th></tr>"
        for a in r.agents {
            h +=
                "<tr><td>\(esc(a.agent))</td><td class=\"n\">\(a.replies)</td><td class=\"n\">\(a.solved)</td><td class=\"n\">\(a.firstResponses)</td><td class=\"n\">\(ReportText.duration(a.medianFirstResponse))</td></tr>"
        }
        h += "</table>\n<h2>Definitions</h2>\n<dl>"
        for d in ReportDefinitions.all { h += "<dt><b>\(esc(d.metric))</b></dt><dd>\(esc(d.definition))</dd>" }
        h += "</dl>\n</body></html>\n"
        return h
    }

    /// Controls and bidi overrides from mail never reach the page.
    static func esc(_ s: String) -> String { HTMLEscape.escape(s, dropping: HTMLEscape.isControlOrBidi) }

    /// Vertical columns, one per value.
    static func columnChart(_ values: [Int], label: String) -> String {
        let w = 900.0
        let h = 120.0
        let top = Double(max(1, values.max() ?? 0))
        let step = w / Double(max(1, values.count))
        var s =
            "<svg role=\"img\" aria-label=\"\(esc(label))\" width=\"\(Int(w))\" height=\"\(Int(h + 20))\" viewBox=\"0 0 \(Int(w)) \(Int(h + 20))\" xmlns=\"http://www.w3.org/2000/svg\">"
        s += "<line x1=\"0\" y1=\"\(h)\" x2=\"\(w)\" y2=\"\(h)\" stroke=\"#98a2b3\"/>"
        for (i, v) in values.enumerated() {
            let bh = Double(v) / top * (h - 10)
            s += String(
                format:
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3b6fd8\"><title>%d</title></rect>",
                Double(i) * step + 1, h - bh, max(1, step - 2), bh, v)
        }
        s += "<text x=\"0\" y=\"\(Int(h + 15))\" font-size=\"11\" fill=\"#667085\">max \(Int(top))</text></svg>\n"
        return s
    }

    /// Labelled horizontal bars.
    static func horizontalBars(_ rows: [(String, Int, String)], max: Int, label: String) -> String {
        let rowH = 22
        let w = 900
        let labelW = 180
        let barW = Double(w - labelW - 90)
        var s =
            "<svg role=\"img\" aria-label=\"\(esc(label))\" width=\"\(w)\" height=\"\(rows.count * rowH + 4)\" viewBox=\"0 0 \(w) \(rows.count * rowH + 4)\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (i, r) in rows.enumerated() {
            let y = i * rowH
            let bw = Swift.max(0, Double(r.1) / Double(Swift.max(1, max)) * barW)
            s += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"13\" fill=\"#1d2330\">\(esc(r.0))</text>"
            s += String(
                format: "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" rx=\"3\" fill=\"#3b6fd8\"/>", labelW,
                y + 3, bw)
            s +=
                String(
                    format: "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#475467\">", Double(labelW) + bw + 6,
                    y + 15)
                + esc(r.2) + "</text>"
        }
        return s + "</svg>\n"
    }

    /// Weekday × hour grid shaded by count.
    static func heatmap(_ m: ReportHeatmap) -> String {
        let cell = 30
        let left = 44
        let topM = 18
        let w = left + 24 * cell
        let h = topM + 7 * cell + 4
        let mx = Double(max(1, m.max))
        var s =
            "<svg role=\"img\" aria-label=\"Messages in by weekday and hour\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" xmlns=\"http://www.w3.org/2000/svg\">"
        for hour in stride(from: 0, to: 24, by: 3) {
            s +=
                "<text x=\"\(left + hour * cell + 2)\" y=\"12\" font-size=\"11\" fill=\"#667085\">\(String(format: "%02d", hour))</text>"
        }
        for (d, name) in ReportHeatmap.weekdays.enumerated() {
            s += "<text x=\"0\" y=\"\(topM + d * cell + 19)\" font-size=\"12\" fill=\"#1d2330\">\(name)</text>"
            for hour in 0..<24 {
                let v = m.counts[d][hour]
                let a = v == 0 ? 0.04 : 0.15 + 0.85 * Double(v) / mx
                s +=
                    String(
                        format:
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#d9480f\" fill-opacity=\"%.2f\"><title>",
                        left + hour * cell, topM + d * cell, cell - 2, cell - 2, a)
                    + name + String(format: " %02d:00 — %d</title></rect>", hour, v)
            }
        }
        return s + "</svg>\n"
    }
}
