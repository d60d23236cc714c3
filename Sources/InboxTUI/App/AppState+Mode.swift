import Foundation

/// Views of ``AppState/mode`` and ``AppState/overlay`` by what they hold. The stored state is the
/// two enums; these read them (and write through them) so the controller and the tests can say
/// `state.conversation?.scroll` or `state.commandLine`.
extension AppState {
    /// The open ticket, nil when none is. Setting one opens it over the current screen; setting
    /// nil goes back to the screen it was opened from.
    public var conversation: ConversationState? {
        get {
            if case .conversation(let c, _, _) = mode { c } else { nil }
        }
        set {
            switch (mode, newValue) {
            case (.conversation(_, let compose, let back), let c?):
                mode = .conversation(c, compose: compose, back: back)
            case (.conversation(_, _, let back), nil): mode = back.mode
            case (_, let c?): mode = .conversation(c, compose: nil, back: mode.backdrop)
            case (_, nil): break
            }
        }
    }

    /// The reply or note being written on the open ticket; it owns the keys while there is one.
    /// Without an open ticket there is none, and setting one is ignored.
    public var compose: ComposeState? {
        get {
            if case .conversation(_, let compose, _) = mode { compose } else { nil }
        }
        set {
            if case .conversation(let c, _, let back) = mode { mode = .conversation(c, compose: newValue, back: back) }
        }
    }

    /// The agent's saved draft on the open ticket ("d resumes"); nil when no ticket is open.
    public var draftOffer: DraftOffer? {
        get { conversation?.draftOffer }
        set { conversation?.draftOffer = newValue }
    }

    /// The `:report` screen, on screen or under the ticket opened from it.
    public var report: ReportScreenState? {
        get { mode.backdrop.reportState }
        set { setBackdrop(newValue, Backdrop.report, \.reportState) }
    }

    /// The `:outbox` screen, on screen or under the ticket opened from it.
    public var outboxScreen: OutboxScreenState? {
        get { mode.backdrop.outboxState }
        set { setBackdrop(newValue, Backdrop.outbox, \.outboxState) }
    }

    /// Writes a screen that a ticket can be opened from (``report``, ``outboxScreen``): under the
    /// open ticket when it was opened from that screen (nil leaves the ticket over the list),
    /// else on screen (nil closes it to the list when it is the one shown).
    private mutating func setBackdrop<S>(_ new: S?, _ screen: (S) -> Backdrop, _ state: (Backdrop) -> S?) {
        if case .conversation(let c, let compose, let back) = mode {
            if state(back) != nil { mode = .conversation(c, compose: compose, back: new.map(screen) ?? .list) }
        } else if let s = new {
            mode = screen(s).mode
        } else if state(mode.backdrop) != nil {
            mode = .list
        }
    }

    /// Whether the help is over the screen.
    public var showHelp: Bool {
        if case .help = overlay { true } else { false }
    }

    /// Lines of the help scrolled past.
    public var helpScroll: Int {
        if case .help(let scroll) = overlay { scroll } else { 0 }
    }

    /// The `:` (or `/`, `\\`) line being typed with its cursor, nil when closed.
    public var lineEditor: LineEditor? {
        get {
            if case .line(_, let editor) = overlay { editor } else { nil }
        }
        set {
            if let editor = newValue {
                overlay = .line(prompt, editor)
            } else if lineEditor != nil {
                overlay = .none
            }
        }
    }

    /// What the open line is for (`:` when none is open).
    public var prompt: Prompt {
        if case .line(let prompt, _) = overlay { prompt } else { .command }
    }

    /// The text of the open line; setting it opens a `:` line with the cursor at the end
    /// (``openLine(_:_:)`` opens the others).
    public var commandLine: String? {
        get { lineEditor?.text }
        set {
            if let text = newValue {
                overlay = .line(.command, LineEditor(text))
            } else if lineEditor != nil {
                overlay = .none
            }
        }
    }

    /// Opens the bottom line for `prompt` with `text` typed and the cursor at its end.
    mutating func openLine(_ prompt: Prompt, _ text: String = "") {
        overlay = .line(prompt, LineEditor(text))
    }

    /// The review pane's note being typed, nil when not editing.
    public var noteEditor: LineEditor? {
        if case .note(let editor) = overlay { editor } else { nil }
    }
}

extension Backdrop {
    /// The `:report` screen's state when this is it.
    var reportState: ReportScreenState? {
        if case .report(let r) = self { r } else { nil }
    }

    /// The `:outbox` screen's state when this is it.
    var outboxState: OutboxScreenState? {
        if case .outbox(let o) = self { o } else { nil }
    }
}
