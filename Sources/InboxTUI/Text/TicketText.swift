import Foundation
import InboxCore

/// A ticket as readable, terminal-safe text for `inbox show`.
public enum TicketText {
    public static func render(_ d: TicketDetail, width: Int = 100, now: Date = Date()) -> [String] {
        let t = d.ticket
        let rule = String(repeating: "─", count: max(20, min(width, 100)))
        var lines: [String] = []
        lines.append(TerminalText.sanitize("#\(t.id)  \(t.subject)"))
        let customer = [t.customer.name, t.customer.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
        lines.append(
            TerminalText.sanitize(
                "queue \(t.queue) · \(t.status.rawValue) · \(t.priority.rawValue) · \(t.assignee ?? "unassigned") · customer \(customer)"
            )
        )
        if t.channel != "email" {
            lines.append(
                TerminalText.sanitize("channel \(t.channel)" + (d.conversation.map { " · conversation \($0)" } ?? "")))
        }
        if !t.tags.isEmpty { lines.append("tags: " + TerminalText.sanitize(t.tags.joined(separator: ", "))) }
        if let linked = d.linkedTicket { lines.append("follows closed ticket #\(linked)") }
        if let merged = d.mergedInto { lines.append("merged into #\(merged)") }
        if let r = d.satisfaction {
            lines.append(
                TerminalText.sanitize(
                    "customer rating \(r.score)/5 on \(Self.date(r.at))"
                        + (r.comment.isEmpty ? "" : ": " + r.comment.replacingOccurrences(of: "\n", with: " "))))
        }
        if let until = t.snoozedUntil { lines.append("snoozed until \(Self.date(until))") }
        if let woke = t.snoozeWoke {
            lines.append(
                "back from snooze: "
                    + (woke == "reply"
                        ? "the customer replied" : woke == "time" ? "its time came" : "woken by an agent"))
        }
        for p in d.presence where p.isLive(at: now) {
            lines.append(TerminalText.sanitize("\(p.agent) is \(p.activity.rawValue) this ticket"))
        }
        if let sla = d.sla {
            for c in sla.clocks where c.state == .running || c.state == .paused {
                lines.append("SLA " + SLAText.clock(c, now: now))
            }
        }
        for (n, m) in d.messages.enumerated() {
            lines.append(rule)
            lines.append("[\(n + 1)]")
            let from = [m.from.name, m.from.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
            var flags: [String] = [m.direction.rawValue]
            if m.automatic { flags.append("automatic") }
            if m.bounce { flags.append("bounce") }
            lines.append(TerminalText.sanitize("\(from) · \(Self.date(m.date)) · \(flags.joined(separator: ", "))"))
            lines.append(TerminalText.sanitize("Subject: \(m.subject)"))
            lines.append(TerminalText.sanitize("Thread: \(m.threadReason)"))
            for a in m.attachments {
                lines.append(
                    TerminalText.sanitize(
                        "Attachment: \(a.filename ?? a.safeFilename) (\(a.contentType), \(a.size) bytes)"))
            }
            for p in m.problems { lines.append(TerminalText.sanitize("Problem: \(p)")) }
            lines.append("")
            for line in m.text.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(TerminalText.sanitize(String(line)))
            }
        }
        if let p = d.customerProfile {
            lines.append(rule)
            lines.append("Customer:")
            lines += CustomerPane.lines(p).map { "  " + $0 }
        }
        if let sla = d.sla, !sla.timeline.isEmpty {
            lines.append(rule)
            lines.append("SLA timeline (policy \(TerminalText.sanitize(sla.policy))):")
            for e in sla.timeline {
                lines.append(
                    "  \(Self.date(e.at))  \(e.metric.rawValue) \(e.kind.rawValue)\(e.detail.map { " (\(TerminalText.sanitize($0)))" } ?? "")"
                )
            }
        }
        if !d.events.isEmpty {
            lines.append(rule)
            lines.append("History:")
            for e in d.events {
                let change = [e.old, e.new].compactMap { $0 }.joined(separator: " → ")
                lines.append(
                    TerminalText.sanitize(
                        "  \(Self.date(e.at))  \(e.actor)  \(e.kind) \(change)\(e.detail.map { " (\($0))" } ?? "")"))
            }
        }
        return lines
    }

    static func date(_ d: Date?) -> String {
        guard let d else { return "(no date)" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }
}

/// SLA clocks as agents read them: "first_response due in 2h 05m", "overdue by 15m", "paused".
public enum SLAText {
    public static func clock(_ c: SLAClock, now: Date) -> String {
        let name = c.metric.rawValue.replacingOccurrences(of: "_", with: " ")
        switch c.state {
        case .paused:
            // One definition of "overdue by" (SLAClock.overdueBy): wall-clock time since the due moment.
            if let over = c.overdueBy { return "\(name) paused, overdue by \(SLADuration.format(over))" }
            return c.breached
                ? "\(name) paused, overdue"
                : "\(name) paused, \(SLADuration.format(c.remaining)) left"
        case .running:
            guard let due = c.due else { return "\(name) running" }
            if let over = c.overdueBy { return "\(name) overdue by \(SLADuration.format(over))" }
            let left = due.timeIntervalSince(now)
            return left >= 0
                ? "\(name) due in \(SLADuration.format(left)) (\(TicketText.date(due)))"
                : "\(name) overdue by \(SLADuration.format(-left))"
        case .met: return "\(name) met\(c.breached ? " late" : "")"
        case .stopped: return "\(name) stopped"
        }
    }

    /// The shortest form for the ticket list: "2h 05m", "-15m", "paused".
    public static func short(_ c: SLAClock, now: Date) -> String {
        switch c.state {
        case .paused: return "paused"
        case .running:
            guard let due = c.due else { return "" }
            let left = due.timeIntervalSince(now)
            return left >= 0 ? SLADuration.format(left) : "-" + SLADuration.format(-left)
        default: return ""
        }
    }
}

/// The customer beside a conversation: name, language, failing flag, their other tickets.
public enum CustomerPane {
    public static func lines(_ p: CustomerProfile, excluding ticket: Int64? = nil) -> [String] {
        var out: [String] = []
        out.append(TerminalText.sanitize(p.name ?? p.address))
        if p.name != nil { out.append(TerminalText.sanitize("<\(p.address)>")) }
        if let o = p.organisation { out.append(TerminalText.sanitize(o)) }
        if p.failing { out.append("⚠ address failing (bounces)") }
        let lang = p.language.map { $0 + (p.languageSource == "detected" ? " (detected)" : "") } ?? "unknown"
        out.append("language: \(lang)")
        out.append("first contact: \(TicketText.date(p.firstContact).prefix(10))")
        out.append("tickets: \(p.ticketCount), open: \(p.openCount)")
        for t in p.tickets where t.id != ticket {
            out.append(TerminalText.sanitize("#\(t.id) \(t.status.rawValue) \(t.subject)"))
        }
        return out
    }
}
