import Foundation
import InboxCore

/// `inbox review --summary` as text lines, safe for a terminal.
public enum ReviewText {
    public static func summary(_ s: ReviewSummary) -> [String] {
        var lines = ["\(s.reviewed) of \(s.tickets) tickets reviewed"]
        if !s.averages.isEmpty {
            lines.append(
                "Averages: "
                    + s.averages.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1f", $0.value))" }
                    .joined(
                        separator: ", "))
        }
        for r in s.reviews {
            lines.append("")
            lines.append(TerminalText.sanitize("#\(r.ticket) \(r.subject) — \(r.reviewer)"))
            let scores = r.scores.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)/5" }.joined(separator: ", ")
            lines.append(
                "  " + TerminalText.sanitize(scores.isEmpty ? "(no scores)" : scores)
                    + (r.customerScore.map { " · customer \($0)/5" } ?? ""))
            for note in r.notes.split(separator: "\n", omittingEmptySubsequences: false) where !r.notes.isEmpty {
                lines.append("  > " + TerminalText.sanitize(String(note)))
            }
        }
        return lines
    }
}
