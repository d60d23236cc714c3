import InboxCore

/// `Space` marks tickets in the list; triage commands then change every marked ticket at once.
extension AppState {
    /// Runs `mark` (toggle the selected ticket's mark, then move down, as mutt's tag does) and
    /// `clear-marks`.
    mutating func applyMarks(_ command: Command) -> [Effect] {
        switch command {
        case .mark:
            guard !mode.isConversation else {
                message = "Marks are set in the ticket list (q goes back to it)"
                return []
            }
            guard let t = list.selectedTicket else {
                message = list.total == 0 ? "No tickets here" : nil
                return []
            }
            if marks.contains(t.id) { marks.remove(t.id) } else { marks.insert(t.id) }
            list.select(list.selected + 1)
        case .clearMarks:
            let n = marks.count
            marks.removeAll()
            message = n == 0 ? "Nothing is marked" : "Cleared \(n) mark\(n == 1 ? "" : "s")"
        default:
            break
        }
        return []
    }

    /// Whether triage commands apply to the marked tickets (in the list, when any are marked)
    /// rather than to the selected or open one.
    public var actsOnMarks: Bool { !mode.isConversation && !marks.isEmpty }

    /// The effect of a triage change: every marked ticket in one transaction when the list has
    /// marks, else the target ticket (with the version shown, when it is open).
    func changeEffects(_ changes: [TicketChange], target: (id: Int64, version: Int?)) -> [Effect] {
        if actsOnMarks { return [.changeMarked(marks.sorted(), changes)] }
        return [.change(target.id, changes, expectedVersion: target.version)]
    }

    /// "3 marked" for the status line; nil when nothing is marked.
    public var marksLabel: String? { marks.isEmpty ? nil : "\(marks.count) marked" }
}
