import Foundation
import InboxCore

/// The compose reducer: the picker, the inline editor and the review screen own every key
/// while compose is open (DESIGN §7, docs/replies.md "In the TUI").
extension AppState {
    /// Runs `r`, `t`, `i`, `d` on the open ticket, and `y`, `e`, `p`, `q` on the review screen.
    mutating func applyCompose(_ command: Command) -> [Effect] {
        if var c = compose {
            guard c.stage == .review else { return [] }
            defer { compose = c }
            switch command {
            case .send, .sendPending, .sendSolved:
                if command != .send && c.kind == .note {
                    message = "A note sets no status (y saves it; s sets the status afterwards)"
                    return []
                }
                if let why = c.blockingReason {
                    message = why
                    return []
                }
                c.submitStatus = command == .sendPending ? "pending" : command == .sendSolved ? "solved" : nil
                return [.compose(.send)]
            case .attachFile, .addCc, .addBcc, .forward:
                guard c.kind != .note else {
                    message = "A note is never sent: files and copies go with replies (r replies)"
                    return []
                }
                if command == .forward && c.kind != .forward {
                    message = "f forwards from the conversation (this is a reply to the customer)"
                    return []
                }
                let field: ComposePrompt.Field =
                    command == .attachFile ? .attach : command == .addCc ? .cc : command == .addBcc ? .bcc : .forwardTo
                c.prompt = ComposePrompt(field: field)
            case .editDraft:
                if c.externalEditor { return [.compose(.runEditor)] }
                c.editor = c.makeEditor()
                c.stage = .editing
            case .postpone: return [.compose(.postpone)]
            case .kbSuggest:
                guard c.kind == .reply else {
                    message = "Articles are for replies to the customer (r replies)"
                    return []
                }
                return [.compose(.suggestArticles(c.ticketID))]
            case .kbInsertLink, .kbInsertText:
                guard let item = c.kbPicker?.current else {
                    message = "No article is selected (k suggests articles)"
                    return []
                }
                c.insertArticle(item, text: command == .kbInsertText)
                message =
                    (command == .kbInsertText ? "Inserted the text of " : "Inserted the link to ")
                    + "\"\(item.suggestion.title)\""
            case .discard:
                c.stage = .confirmDiscard
                message = "Discard this \(c.kind == .note ? "note" : "reply")? y/n"
            default: break
            }
            return []
        }
        guard let ticket = conversation?.detail.ticket.id else {
            message = "Open a ticket first (Enter), then \(command == .note ? "i writes a note" : "r replies")"
            return []
        }
        switch command {
        case .forward:
            let c = conversation!
            let chosen = c.detail.messages.indices.contains(c.selectedMessage) ? c.selectedMessage : nil
            let isNote = chosen.map { c.detail.messages[$0].direction == .note } ?? true
            return [.compose(.startForward(ticket, message: isNote ? nil : chosen))]
        case .reply: return [.compose(.startReply(ticket))]
        case .templatePicker: return [.compose(.pickTemplate(ticket))]
        case .note: return [.compose(.startNote(ticket))]
        case .resumeDraft:
            guard draftOffer?.ticketID == ticket else {
                message = "There is no draft on #\(ticket) (r replies, t picks a template)"
                return []
            }
            return [.compose(.resume(ticket))]
        default:
            message = "\(command.rawValue) works on the review screen (r, t or i first)"
            return []
        }
    }

    /// One key while compose is open.
    mutating func handleCompose(_ key: Key) -> [Effect] {
        guard var c = compose else { return [] }
        if key == .resize { return [] }
        message = nil
        switch c.stage {
        case .picker:
            guard var p = c.picker else { return [] }
            switch key {
            case .escape, .ctrl("c"), .ctrl("g"):
                compose = nil
                message = "No template taken"
                return []
            case .enter:
                guard let item = p.current else {
                    message =
                        p.all.isEmpty
                        ? "There are no templates (see docs/replies.md)" : "No template matches \"\(p.filter)\""
                    return []
                }
                c.subject = item.subject
                c.body = item.body
                c.template = item.name
                c.actions = item.actions
                c.changes = item.changes
                c.problem = item.problem
                c.picker = nil
                c.stage = .review
                c.dirty = true
                c.scroll = 0
                compose = c
                return []
            case .up, .ctrl("p"): p.selected = max(0, p.selected - 1)
            case .down, .ctrl("n"), .tab: p.selected = min(max(0, p.visible.count - 1), p.selected + 1)
            default:
                // The filter is a line like every other (App/LineEditor.swift).
                if p.filterEditor.edit(key) { p.selected = 0 }
            }
            c.picker = p
        case .editing:
            guard var e = c.editor else { return [] }
            switch key {
            case .ctrl("x"), .escape, .ctrl("c"):
                c.setText(e.text)
                c.editor = nil
                c.stage = .review
            default:
                if e.edit(key) {
                    e.scroll(rows: max(1, layout.body.rows - 2))
                    c.editor = e
                    c.setText(e.text)
                }
            }
        case .confirmDiscard:
            switch key {
            case .char("y"), .char("Y"):
                compose = c
                return [.compose(.discard)]
            default:
                c.stage = .review
                message = "Kept"
            }
        case .review:
            if c.prompt != nil {
                let effects = editPrompt(key, &c)
                compose = c
                return effects
            }
            if var p = c.kbPicker {
                if let command = KeyMap.kbPicker.command(for: key) {
                    compose = c
                    return apply(command)
                }
                switch key {
                case .up, .char("k"), .ctrl("p"): p.selected = max(0, p.selected - 1)
                case .down, .char("j"), .ctrl("n"), .tab: p.selected = min(max(0, p.items.count - 1), p.selected + 1)
                case .escape, .char("q"), .ctrl("g"), .ctrl("c"):
                    c.kbPicker = nil
                    compose = c
                    return []
                default:
                    message = "Articles: ↑↓ choose · Enter inserts the link · T inserts the text · Esc closes"
                }
                c.kbPicker = p
                compose = c
                return []
            }
            if let command = KeyMap.composeReview.command(for: key) {
                compose = c
                return apply(command)
            }
            let page = max(1, (layout.body.rows - 6) / 2)
            switch key {
            case .char("j"), .down: c.scroll += 1
            case .up: c.scroll -= 1
            case .ctrl("d"), .pageDown, .char(" "): c.scroll += page
            case .ctrl("u"), .pageUp: c.scroll -= page
            case .char("g"), .home: c.scroll = 0
            case .char("G"), .end: c.scroll = Int.max / 2
            case .char("?"):
                // The status line offers `? help` here too.
                overlay = .help(scroll: 0)
            default:
                message =
                    "\(key.label): y send · Y send+pending · S send+solved · a attach · c cc · e edit · p postpone · q discard"
            }
            c.scroll = max(0, min(c.scroll, max(0, c.body.components(separatedBy: "\n").count - 1)))
        }
        compose = c
        return []
    }

    /// One key on the review screen's line (`a` a file, `c`/`b` an address, a forward's address).
    private mutating func editPrompt(_ key: Key, _ c: inout ComposeState) -> [Effect] {
        guard var p = c.prompt else { return [] }
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            c.prompt = nil
            return []
        case .tab where p.field == .attach:
            c.prompt = p
            return [.compose(.completePath)]
        case .enter:
            let typed = p.text.trimmingCharacters(in: .whitespaces)
            c.prompt = nil
            if typed.isEmpty { return [] }
            if p.field == .attach { return [.compose(.attach(typed))] }
            let addresses = typed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            if let bad = addresses.first(where: { !Self.looksLikeAddress($0) }) {
                message = "\"\(bad)\" is not a mail address (write name@example.com)"
                p.candidates = []
                c.prompt = p
                return []
            }
            switch p.field {
            case .cc: c.cc += addresses.filter { !c.cc.contains($0) }
            case .bcc: c.bcc += addresses.filter { !c.bcc.contains($0) }
            case .forwardTo: c.to = addresses
            case .attach: break
            }
            return []
        case .ctrl("w"):
            // A path loses its last component, an address list its last word.
            p.editor.rubout(stoppingAt: ["/"])
        default:
            p.editor.edit(key)
        }
        p.candidates = []
        c.prompt = p
        return []
    }

    /// "name@example.com" or "Name <name@example.com>": an @ with something on both sides.
    static func looksLikeAddress(_ s: String) -> Bool {
        var a = s
        if let open = a.lastIndex(of: "<"), let close = a.lastIndex(of: ">"), open < close {
            a = String(a[a.index(after: open)..<close])
        }
        guard let at = a.firstIndex(of: "@"), !a.contains(" ") else { return false }
        return at != a.startIndex && a.index(after: at) != a.endIndex && a[a.index(after: at)...].contains(".")
    }
}
