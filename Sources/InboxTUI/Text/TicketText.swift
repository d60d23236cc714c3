import Foundation
import InboxCore

/// A ticket as readable, terminal-safe text for `inbox show`.
public enum TicketText {
    public static func render(_ d: TicketDetail, width: Int = 100) -> [String] {
        let t = d.ticket
        let rule = String(repeating: "─", count: max(20, min(width, 100)))
        var lines: [String] = []
        lines.append(TerminalText.sanitize("#\(t.id)  \(t.subject)"))
        let customer = [t.customer.name, t.customer.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
        lines.append(
            TerminalText.sanitize(
                "queue \(t.queue) · \(t.status) · \(t.priority) · \(t.assignee ?? "unassigned") · customer \(customer)"))
        if !t.tags.isEmpty { lines.append("tags: " + TerminalText.sanitize(t.tags.joined(separator: ", "))) }
        if let linked = d.linkedTicket { lines.append("follows closed ticket #\(linked)") }
        if let merged = d.mergedInto { lines.append("merged into #\(merged)") }
        for m in d.messages {
            lines.append(rule)
            let from = [m.from.name, m.from.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
            var flags: [String] = [m.direction]
            if m.automatic { flags.append("automatic") }
            if m.bounce { flags.append("bounce") }
            lines.append(TerminalText.sanitize("\(from) · \(Self.date(m.date)) · \(flags.joined(separator: ", "))"))
            lines.append(TerminalText.sanitize("Subject: \(m.subject)"))
            lines.append(TerminalText.sanitize("Thread: \(m.threadReason)"))
            for a in m.attachments {
                lines.append(TerminalText.sanitize("Attachment: \(a.filename ?? a.safeFilename) (\(a.contentType), \(a.size) bytes)"))
            }
            for p in m.problems { lines.append(TerminalText.sanitize("Problem: \(p)")) }
            lines.append("")
            for line in m.text.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(TerminalText.sanitize(String(line)))
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
