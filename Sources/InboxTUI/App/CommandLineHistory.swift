import Foundation
import InboxCore

/// Lines typed on the `:`, `/` and `\` prompts (Up and Down recall them, newest first), and
/// the state of Tab completion on the `:` line.
public struct CommandHistory: Equatable, Sendable {
    /// Lines kept per prompt.
    public static let limit = 100
    /// Past lines of each prompt, oldest first.
    public private(set) var entries: [Prompt: [String]] = [:]
    /// While recalling: the index in the prompt's entries, and the line typed before Up.
    var recall: Int?
    var draft = ""
    /// While Tab cycles through candidates: the word typed before the first Tab, and the
    /// candidate shown.
    var seed: String?
    var cycle = 0
    /// The candidates of the last Tab, shown after the line (empty when none).
    public var candidates: [String] = []

    public init() {}

    /// Remembers a line entered on `prompt` (not an empty one, not twice in a row).
    public mutating func record(_ line: String, prompt: Prompt) {
        recall = nil
        candidates = []
        seed = nil
        guard !line.isEmpty else { return }
        var list = entries[prompt] ?? []
        if list.last != line { list.append(line) }
        if list.count > Self.limit { list.removeFirst(list.count - Self.limit) }
        entries[prompt] = list
    }

    /// The line before the one shown (Up); nil at the oldest.
    mutating func older(than current: String, prompt: Prompt) -> String? {
        let list = entries[prompt] ?? []
        guard !list.isEmpty else { return nil }
        let index: Int
        if let r = recall {
            guard r > 0 else { return nil }
            index = r - 1
        } else {
            draft = current
            index = list.count - 1
        }
        recall = index
        return list[index]
    }

    /// The line after the one shown (Down); the line being typed after the newest.
    mutating func newer(prompt: Prompt) -> String? {
        guard let r = recall else { return nil }
        let list = entries[prompt] ?? []
        if r + 1 < list.count {
            recall = r + 1
            return list[r + 1]
        }
        recall = nil
        return draft
    }

    /// Any other key ends recalling (the shown line becomes the one being typed) and cycling.
    mutating func noteOtherKey() {
        recall = nil
        seed = nil
        candidates = []
    }
}

extension AppState {
    /// Up and Down recall earlier lines of the open prompt; Tab completes a command name (and
    /// the value of `status`, `priority`, `assign`) on the `:` line. Other keys end recalling.
    /// Returns whether `key` was handled here.
    mutating func recallOrComplete(_ key: Key, _ text: inout String) -> Bool {
        switch key {
        case .up:
            if let line = history.older(than: text, prompt: prompt) { text = line }
            history.seed = nil
            history.candidates = []
            return true
        case .down:
            if let line = history.newer(prompt: prompt) { text = line }
            return true
        case .tab:
            guard prompt == .command else { return true }
            complete(&text)
            return true
        default:
            history.noteOtherKey()
            return false
        }
    }

    /// Completes the last word of `text`: to the single candidate, else to the candidates'
    /// common prefix, else (on a repeated Tab) to each candidate in turn.
    private mutating func complete(_ text: inout String) {
        let hasArgument = text.contains(" ")
        let verb = hasArgument ? text.split(separator: " ").first.map { String($0).lowercased() } ?? "" : ""
        // An agent's name may have blanks: `:assign` completes everything after the verb.
        let split = verb == "assign" ? text.firstIndex(of: " ") : text.lastIndex(of: " ")
        let head = hasArgument ? String(text[...split!]) : ""
        let word = hasArgument ? String(text[text.index(after: split!)...]) : text
        let pool = hasArgument ? argumentCandidates(verb: verb) : commandNames
        // Case and diacritics fold as search folds them (`lu` finds Łucja, `ayse` Ayşe).
        func key(_ s: String) -> String {
            SearchFold.fold(s).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        }
        if let seed = history.seed {
            let matches = pool.filter { key($0).hasPrefix(key(seed)) }
            guard !matches.isEmpty else { return }
            history.cycle = (history.cycle + 1) % matches.count
            text = head + matches[history.cycle]
            history.candidates = matches
            return
        }
        let matches = pool.filter { key($0).hasPrefix(key(word)) }
        history.candidates = matches.count > 1 ? matches : []
        switch matches.count {
        case 0:
            return
        case 1:
            let takesArgument = !hasArgument && Self.takesArgument(matches[0])
            text = head + matches[0] + (takesArgument ? " " : "")
        default:
            let common = matches.dropFirst().reduce(matches[0]) { String($0.commonPrefix(with: $1)) }
            if common.count > word.count {
                text = head + common
            } else {
                history.seed = word
                history.cycle = 0
                text = head + matches[0]
            }
        }
    }

    /// Every name the `:` line accepts, sorted (the review pane's only in review).
    var commandNames: [String] {
        let commands = Command.allCases.filter { review != nil || !$0.isReview }.map(\.rawValue)
        // The line's own verbs, which no key runs (`:report`, the quarantine's and the orders').
        let lineVerbs = ["save-view", "unassign", "set", "report", "release", "block", "bouncing", "unlink-order"]
        return Set(commands + lineVerbs).sorted()
    }

    static func takesArgument(_ name: String) -> Bool {
        if let c = Command(rawValue: name), c.prompt != nil { return true }
        return ["save-view", "set", "search", "filter", "open-attachment", "pipe", "block", "bouncing", "unlink-order"]
            .contains(name)
    }

    /// The values Tab offers after `verb`. The statuses start after the target ticket's own,
    /// so `:status ` Tab Tab … cycles onwards from where the ticket is; `:assign` offers the
    /// configured agents.
    func argumentCandidates(verb: String) -> [String] {
        switch verb {
        case "status":
            let all = TicketStatus.allCases.map(\.rawValue).filter { $0 != "merged" }
            guard let current = targetStatus, let i = all.firstIndex(of: current.rawValue) else { return all }
            return Array(all[(i + 1)...] + all[...i])
        case "priority": return TicketPriority.allCases.map(\.rawValue)
        case "report": return ReportRange.Length.allCases.map(\.rawValue)
        case "assign": return agents.filter { $0 != "me" && $0 != "none" } + ["me", "none"]
        default: return []
        }
    }

    /// The status of the ticket a `:` change applies to.
    var targetStatus: TicketStatus? {
        if let c = conversation { return c.detail.ticket.status }
        return list.selectedTicket?.status
    }

    /// Why `:assign NAME` names nobody the inbox knows, nil when it does (or no agents are
    /// configured, when any name is taken).
    func unknownAgent(_ line: String) -> String? {
        let words = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2, words[0].lowercased() == "assign", !agents.isEmpty else { return nil }
        let name = words[1].trimmingCharacters(in: .whitespaces)
        if ["me", "none"].contains(name.lowercased()) { return nil }
        if (agents + [agent]).contains(where: { $0.lowercased() == name.lowercased() }) { return nil }
        return
            "No agent \"\(name)\" (Tab completes: \(agents.joined(separator: ", ")), me, none; agents come from [[agents]] in config.toml)"
    }
}
