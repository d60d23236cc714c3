import Foundation
import InboxCore

/// What is being written: a reply that goes to the customer, or an internal note.
public enum ComposeKind: String, Sendable {
    case reply, note
    /// A message forwarded to a third party with the agent's note (`f`); never saved as a draft.
    case forward
}

/// A line typed on the review screen: a file to attach, a Cc or Bcc address, or where a
/// forward goes. Enter takes it, Esc drops it, Tab completes a file's path; the typing is the
/// TUI's one ``LineEditor``.
public struct ComposePrompt: Equatable, Sendable {
    public enum Field: String, Sendable {
        case attach, cc, bcc, forwardTo
    }

    public var field: Field
    /// The line with its cursor.
    public var editor: LineEditor
    /// Paths Tab found when more than one matches (shown under the line).
    public var candidates: [String] = []

    public init(field: Field, text: String = "") {
        self.field = field
        editor = LineEditor(text)
    }

    /// What is typed; setting it (a completed path) puts the cursor at its end.
    public var text: String {
        get { editor.text }
        set { editor.set(newValue) }
    }

    /// The words before what is typed.
    public var label: String {
        switch field {
        case .attach: "Attach file: "
        case .cc: "Cc: "
        case .bcc: "Bcc: "
        case .forwardTo: "Forward to: "
        }
    }
}

/// The screens of compose: the template picker, the inline editor, the review screen, and
/// the "discard?" question on the review screen.
public enum ComposeStage: String, Sendable {
    case picker, editing, review, confirmDiscard
}

/// One template in the picker, rendered for the open ticket's customer.
public struct PickerItem: Equatable, Sendable {
    public var name: String
    public var language: String
    public var tags: [String]
    public var subject: String
    /// The rendered body; unresolved placeholders stay visible as `{{name}}`.
    public var body: String
    /// What sending applies, as the review screen says it ("status → pending").
    public var actions: [String]
    public var changes: [TicketChange]
    /// A problem with the template's front matter actions, shown instead of sending.
    public var problem: String?
    /// The customer's language, when known: a variant in another language is a fallback.
    public var customerLanguage: String?

    public init(
        name: String, language: String, tags: [String] = [], subject: String, body: String, actions: [String] = [],
        changes: [TicketChange] = [], problem: String? = nil, customerLanguage: String? = nil
    ) {
        self.customerLanguage = customerLanguage?.lowercased()
        self.name = name
        self.language = language
        self.tags = tags
        self.subject = subject
        self.body = body
        self.actions = actions
        self.changes = changes
        self.problem = problem
    }

    /// A variant in another language than the customer's (the picker marks it).
    public var isLanguageFallback: Bool {
        guard let c = customerLanguage, !c.isEmpty else { return false }
        return language.lowercased() != c
    }

    /// The picker's language label: "pl", or "en ≠ customer pl" for a fallback.
    public var languageLabel: String { isLanguageFallback ? "\(language) ≠ customer \(customerLanguage!)" : language }

    /// Placeholders of the rendered text that block sending.
    public var unresolved: [String] { ComposeState.placeholders(in: subject + "\n" + body) }
}

/// The fuzzy template picker: the templates in the library's order, and the typed filter.
public struct TemplatePickerState: Equatable, Sendable {
    /// Every template, best first (``TemplateLibrary/ranked(customerLanguage:usage:lastMessage:filter:)``).
    public var all: [PickerItem]
    /// The filter being typed (App/LineEditor.swift).
    public var filterEditor = LineEditor()
    public var filter: String {
        get { filterEditor.text }
        set { filterEditor = LineEditor(newValue) }
    }
    public var selected = 0
    /// Where the templates come from (named when there are none).
    public var folder = ""

    public init(items: [PickerItem]) { all = items }

    /// The templates whose name or tags contain the filter's letters in order, still ranked.
    public var visible: [PickerItem] {
        filter.isEmpty
            ? all : all.filter { TemplateLibrary.fuzzyMatches(filter, $0.name + " " + $0.tags.joined(separator: " ")) }
    }

    public var current: PickerItem? {
        let v = visible
        return v.indices.contains(selected) ? v[selected] : nil
    }
}

/// A multi-line text being typed in the TUI, with a cursor (line, column in characters).
public struct InlineEditor: Equatable, Sendable {
    public var lines: [String]
    public var line = 0
    public var column = 0
    /// First line on screen.
    public var top = 0

    public init(text: String) {
        var l = text.components(separatedBy: "\n")
        if l.count > 1, l.last == "" { l.removeLast() }
        lines = l.isEmpty ? [""] : l
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// Applies an editing key; returns false for keys it does not edit with.
    mutating func edit(_ key: Key) -> Bool {
        let current = Array(lines[line])
        column = min(column, current.count)
        switch key {
        case .char(let c):
            lines[line] = String(current[..<column]) + String(c) + String(current[column...])
            column += 1
        case .tab:
            lines[line] = String(current[..<column]) + "    " + String(current[column...])
            column += 4
        case .enter:
            lines[line] = String(current[..<column])
            lines.insert(String(current[column...]), at: line + 1)
            line += 1
            column = 0
        case .backspace:
            if column > 0 {
                lines[line] = String(current[..<(column - 1)]) + String(current[column...])
                column -= 1
            } else if line > 0 {
                let joined = lines.remove(at: line)
                line -= 1
                column = lines[line].count
                lines[line] += joined
            }
        case .ctrl("k"):
            if column < current.count {
                lines[line] = String(current[..<column])
            } else if line + 1 < lines.count {
                let next = lines.remove(at: line + 1)
                lines[line] += next
            }
        case .left:
            if column > 0 {
                column -= 1
            } else if line > 0 {
                line -= 1
                column = lines[line].count
            }
        case .right:
            if column < current.count {
                column += 1
            } else if line + 1 < lines.count {
                line += 1
                column = 0
            }
        case .ctrl("w"), .ctrl("u"), .alt("b"), .alt("f"), .alt("d"), .delete:
            // Within the line, as on every input line (App/LineEditor.swift).
            var editor = LineEditor(lines[line], cursor: column)
            editor.edit(key)
            lines[line] = editor.text
            column = editor.cursor
        case .up: line = max(0, line - 1)
        case .down: line = min(lines.count - 1, line + 1)
        case .home, .ctrl("a"): column = 0
        case .end, .ctrl("e"): column = lines[line].count
        case .pageUp: line = max(0, line - 10)
        case .pageDown: line = min(lines.count - 1, line + 10)
        default: return false
        }
        column = min(column, lines[line].count)
        return true
    }

    /// Keeps the cursor's line inside `rows` lines on screen.
    mutating func scroll(rows: Int) {
        let page = max(1, rows)
        if line < top { top = line }
        if line >= top + page { top = line - page + 1 }
    }
}

/// A reply or note being written for the open ticket (DESIGN §7).
///
/// Pure data: the reducer in `AppState+Compose.swift` changes it, ``AppController`` saves it
/// as a draft and sends it.
public struct ComposeState: Equatable, Sendable {
    public var ticketID: Int64
    public var kind: ComposeKind
    public var stage: ComposeStage
    public var picker: TemplatePickerState?
    public var subject: String
    public var body: String
    /// The template the text came from (counted for the picker's ranking, kept in the draft).
    public var template: String?
    /// What sending applies, in words, and as changes.
    public var actions: [String] = []
    public var changes: [TicketChange] = []
    public var to: [String] = []
    public var cc: [String] = []
    public var editor: InlineEditor?
    /// `$VISUAL`/`$EDITOR` edits the text instead of the inline editor.
    public var externalEditor = false
    /// When the draft began (replies by others after it make sending ask first).
    public var startedAt: Date?
    /// The text changed since the draft was last saved.
    public var dirty = false
    /// Another agent replied after this draft began: the next `y` sends anyway.
    public var confirmOverride = false
    /// First body line on the review screen.
    public var scroll = 0
    /// A problem that blocks sending besides placeholders (a bad template action).
    public var problem: String?
    /// The `k` panel of suggested articles beside the draft (review screen), when open.
    public var kbPicker: KBPickerState?
    /// Blind copies (envelope only).
    public var bcc: [String] = []
    /// Files to send along: the paths as typed, and "label.pdf (12 KB)" as the review screen lists them.
    public var attachments: [String] = []
    public var attachmentLabels: [String] = []
    /// The status sending sets besides the template's actions (`Y` pending, `S` solved).
    public var submitStatus: String?
    /// The line being typed on the review screen (`a`, `c`, `b`, or a forward's address).
    public var prompt: ComposePrompt?
    /// A forward: the index of the message forwarded in the ticket's messages, and what the
    /// review screen says about it ("Ayşe Yılmaz, 19.11.2026, 2 files").
    public var forwardMessage: Int?
    public var forwardSummary: String?

    public init(ticketID: Int64, kind: ComposeKind, stage: ComposeStage, subject: String = "", body: String = "") {
        self.ticketID = ticketID
        self.kind = kind
        self.stage = stage
        self.subject = subject
        self.body = body
    }

    /// Placeholders left in the subject or text: each blocks sending.
    public var unresolved: [String] { kind != .reply ? [] : Self.placeholders(in: subject + "\n" + body) }

    /// The sentence that says why `y` refuses, or nil when the reply can go.
    public var blockingReason: String? {
        if let problem { return problem }
        if kind == .forward {
            return to.isEmpty ? "Forward to whom? (f gives the address)" : nil
        }
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "The \(kind == .note ? "note" : "reply") is empty (e edits it)"
        }
        let u = unresolved
        guard !u.isEmpty else { return nil }
        return "Cannot send: unresolved or empty placeholder\(u.count == 1 ? "" : "s") "
            + u.map { "{{\($0)}}" }.joined(separator: ", ") + " (e edits the text)"
    }

    /// Every `{{name}}` left in `text`, in order, once each.
    public static func placeholders(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            while let f = name.first, "#^/&{!>".contains(f) { name.removeFirst() }
            name = name.trimmingCharacters(in: CharacterSet(charactersIn: " }"))
            if !name.isEmpty, !name.contains("\n"), !out.contains(name) { out.append(name) }
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// Takes the editor's text back: a first `Subject:` line sets the subject.
    mutating func setText(_ text: String) {
        var lines = text.components(separatedBy: "\n")
        if kind == .reply, let first = lines.first, first.lowercased().hasPrefix("subject:") {
            subject = first.dropFirst("subject:".count).trimmingCharacters(in: .whitespaces)
            lines.removeFirst()
            if lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        }
        var joined = lines.joined(separator: "\n")
        if !joined.hasSuffix("\n") { joined += "\n" }
        if joined != body { dirty = true }
        body = joined
        scroll = 0
    }

    /// The inline editor on ``editableText``, its cursor on the first line of text.
    public func makeEditor() -> InlineEditor {
        var e = InlineEditor(text: editableText)
        if kind == .reply { e.line = min(2, e.lines.count - 1) }
        return e
    }

    /// What the editor starts with: the subject line (replies) and the text.
    public var editableText: String {
        kind == .reply ? "Subject: \(subject)\n\n" + body : body
    }
}

/// Work for ``AppController`` that compose needs (loading templates, the editor, the store).
public enum ComposeEffect: Equatable, Sendable {
    /// Opens the template picker for the ticket.
    case pickTemplate(Int64)
    /// Starts a reply quoting the last customer message (or resumes the reply draft).
    case startReply(Int64)
    /// Starts an internal note (or resumes the note draft).
    case startNote(Int64)
    /// Resumes the saved draft.
    case resume(Int64)
    /// Runs `$VISUAL`/`$EDITOR` on the text.
    case runEditor
    /// Saves the text as the agent's draft.
    case saveDraft
    /// Queues the reply (or stores the note, or queues the forward).
    case send
    /// Starts a forward of message `index` of the ticket (nil: the customer's newest).
    case startForward(Int64, message: Int?)
    /// Reads the file at the path to attach (checked now; read again when sending).
    case attach(String)
    /// Completes the path typed on the attach line.
    case completePath
    /// Opens the `k` panel of knowledge-base articles for the ticket.
    case suggestArticles(Int64)
    /// Keeps the draft and leaves compose.
    case postpone
    /// Deletes the draft and leaves compose.
    case discard
}

/// A saved draft the open ticket offers ("Draft from 14:02 — d resumes").
public struct DraftOffer: Equatable, Sendable {
    public var ticketID: Int64
    public var kind: ComposeKind
    public var updatedAt: Date

    /// The line the conversation shows.
    public func line(timeZone: TimeZone = .current) -> String {
        let f = DateFormatter()
        f.dateFormat = "HH:mm"
        f.timeZone = timeZone
        let what = kind == .note ? "Note draft" : "Draft"
        return "\(what) from \(f.string(from: updatedAt)) — d resumes"
    }
}
