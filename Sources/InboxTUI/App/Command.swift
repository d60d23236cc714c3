import Foundation

/// A named command: every key runs one, and the `:` command line accepts the same names.
public enum Command: String, CaseIterable, Sendable {
    case down, up, top, bottom
    case pageDown = "page-down"
    case pageUp = "page-up"
    case open, back
    case nextQueue = "next-queue"
    case prevQueue = "prev-queue"
    case toggleQuotes = "toggle-quotes"
    case help, quit, refresh
    case commandLine = "command-line"
    // The review pane of `inbox review`.
    case score1 = "score-1"
    case score2 = "score-2"
    case score3 = "score-3"
    case score4 = "score-4"
    case score5 = "score-5"
    case scoreClear = "score-clear"
    case nextCriterion = "next-criterion"
    case prevCriterion = "prev-criterion"
    case editNote = "edit-note"

    /// Commands of the review pane; the inbox's help leaves them out.
    public var isReview: Bool {
        switch self {
        case .score1, .score2, .score3, .score4, .score5, .scoreClear, .nextCriterion, .prevCriterion, .editNote: true
        default: false
        }
    }

    /// What the command does, for the `?` help.
    public var summary: String {
        switch self {
        case .down: "next ticket / scroll down"
        case .up: "previous ticket / scroll up"
        case .top: "first ticket / top of conversation"
        case .bottom: "last ticket / end of conversation"
        case .pageDown: "half a page down"
        case .pageUp: "half a page up"
        case .open: "open the selected ticket"
        case .back: "back to the list (quit from the list)"
        case .nextQueue: "next queue or view"
        case .prevQueue: "previous queue or view"
        case .toggleQuotes: "show or fold quoted lines"
        case .help: "show or hide this help"
        case .quit: "quit"
        case .refresh: "reload from the database"
        case .commandLine: "type a command by name"
        case .score1, .score2, .score3, .score4, .score5: "score the selected criterion \(rawValue.suffix(1))/5"
        case .scoreClear: "clear the selected criterion's score"
        case .nextCriterion: "next rubric criterion"
        case .prevCriterion: "previous rubric criterion"
        case .editNote: "edit the review note (Enter saves, Esc cancels)"
        }
    }

    /// A command typed on the `:` line ("page-down", "q", "quit"); nil when unknown.
    public init?(commandLine text: String) {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let c = Command(rawValue: name) {
            self = c
            return
        }
        switch name {
        case "q": self = .quit
        case "j": self = .down
        case "k": self = .up
        default: return nil
        }
    }
}

/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end, enter, escape, backspace, tab
    case resize

    /// How the help shows the key.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .tab: "Tab"
        case .resize: "resize"
        }
    }
}

/// Keys bound to commands.
///
/// Later bindings of the same key replace earlier ones.
public struct KeyMap: Sendable {
    public private(set) var bindings: [(key: Key, command: Command)]

    public init(_ bindings: [(Key, Command)]) {
        self.bindings = bindings.map { (key: $0.0, command: $0.1) }
    }

    public func command(for key: Key) -> Command? {
        bindings.last { $0.key == key }?.command
    }

    /// Keys bound to `command`, in binding order.
    public func keys(for command: Command) -> [Key] {
        bindings.filter { $0.command == command && self.command(for: $0.key) == command }.map(\.key)
    }

    public mutating func bind(_ key: Key, to command: Command) { bindings.append((key: key, command: command)) }

    /// vim/mutt habits (DESIGN §11).
    public static let standard = KeyMap([
        (.char("j"), .down), (.down, .down),
        (.char("k"), .up), (.up, .up),
        (.char("g"), .top), (.home, .top),
        (.char("G"), .bottom), (.end, .bottom),
        (.ctrl("d"), .pageDown), (.pageDown, .pageDown),
        (.ctrl("u"), .pageUp), (.pageUp, .pageUp),
        (.enter, .open), (.right, .open),
        (.char("q"), .back), (.left, .back),
        (.char("J"), .nextQueue), (.char("K"), .prevQueue),
        (.char("z"), .toggleQuotes),
        (.char("?"), .help),
        (.ctrl("c"), .quit),
        (.char("R"), .refresh),
        (.char(":"), .commandLine),
    ])

    /// The standard keys plus the review pane's (`inbox review`).
    public static let review: KeyMap = {
        var map = standard
        for (key, command) in [
            (Key.char("1"), Command.score1), (.char("2"), .score2), (.char("3"), .score3), (.char("4"), .score4),
            (.char("5"), .score5), (.char("0"), .scoreClear), (.tab, .nextCriterion), (.char("]"), .nextCriterion),
            (.char("["), .prevCriterion), (.char("e"), .editNote),
        ] {
            map.bind(key, to: command)
        }
        return map
    }()
}
