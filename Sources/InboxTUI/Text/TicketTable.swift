import Foundation
import InboxCore

/// Plain-text renderings of queues and ticket lists for the command line, aligned by
/// display width (wide characters, combining marks) and sanitized for the terminal.
public enum TicketTable {
    /// The queues and sidebar views as aligned lines.
    public static func queues(_ queues: [QueueSummary], views: ViewCounts?) -> [String] {
        var lines = [DisplayWidth.fit("QUEUE", 20) + "  OPEN   NEW  PEND  UNASSIGNED  TOTAL  ADDRESSES"]
        for q in queues {
            let name = TerminalText.sanitize(q.name) + (q.isDefault ? " *" : "")
            lines.append(
                DisplayWidth.fit(name, 20) + "  " + pad(q.open, 4) + "  " + pad(q.new, 4) + "  " + pad(q.pending, 4)
                    + "  "
                    + pad(q.unassigned, 10) + "  " + pad(q.total, 5) + "  "
                    + TerminalText.sanitize(q.addresses.joined(separator: ", ")))
        }
        if let v = views {
            lines.append("")
            lines.append(
                "Views: Unassigned \(v.unassigned) · Open \(v.open) · Pending \(v.pending) · Quarantine \(v.quarantine)"
            )
        }
        return lines
    }

    /// The ticket list as aligned lines fitting `width` columns.
    public static func tickets(_ tickets: [TicketSummary], width: Int = 100, now: Date = Date()) -> [String] {
        let fixed = 6 + 1 + 8 + 1 + 7 + 1 + 22 + 1 + 5 + 1
        let subjectWidth = max(10, width - fixed)
        var lines = [
            DisplayWidth.fit("#", 6) + " " + DisplayWidth.fit("STATUS", 8) + " " + DisplayWidth.fit("PRIO", 7) + " "
                + DisplayWidth.fit("CUSTOMER", 22) + " " + DisplayWidth.fit("AGE", 5) + " " + "SUBJECT"
        ]
        for t in tickets {
            let customer = t.customer.name ?? t.customer.address ?? "-"
            // Mail is the default; another channel is named before the subject.
            var subject = t.channel == "email" ? t.subject : "[\(t.channel)] " + t.subject
            if !t.tags.isEmpty { subject += "  [" + t.tags.joined(separator: ",") + "]" }
            lines.append(
                DisplayWidth.fit("#\(t.id)", 6) + " " + DisplayWidth.fit(t.status.rawValue, 8) + " "
                    + DisplayWidth.fit(t.priority.rawValue, 7)
                    + " " + DisplayWidth.fit(TerminalText.sanitize(customer), 22) + " "
                    + DisplayWidth.fit(age(t.lastCustomerAt ?? t.createdAt, now: now), 5) + " "
                    + DisplayWidth.fit(TerminalText.sanitize(subject), subjectWidth).trimmingTrailingSpaces())
        }
        return lines
    }

    /// "5m", "3h", "2d", "7w", "2y".
    public static func age(_ date: Date, now: Date) -> String {
        let s = max(0, now.timeIntervalSince(date))
        if s < 3600 { return "\(Int(s / 60))m" }
        if s < 86400 { return "\(Int(s / 3600))h" }
        if s < 86400 * 14 { return "\(Int(s / 86400))d" }
        if s < 86400 * 365 { return "\(Int(s / (86400 * 7)))w" }
        return "\(Int(s / (86400 * 365)))y"
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
