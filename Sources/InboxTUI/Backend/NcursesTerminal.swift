// The only file that talks to ncurses (ENGINEERING.md: one owner per resource).
import CNcursesw
import Foundation
import InboxCore

/// Why the terminal could not be used; `description` says what to do.
public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
}

/// ncurses behind a small surface: open, copy a ``Screen``'s changed cells, read keys, close.
///
/// Not thread-safe: one thread opens, uses and closes it.
final class NcursesTerminal {
    private var handle: OpaquePointer?
    private var previous: Screen?
    private let useColor: Bool

    init() throws {
        setlocale(LC_ALL, "")
        if cnc_codeset_is_utf8() == 0 { setlocale(LC_CTYPE, "C.UTF-8") }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw TerminalError(
                description:
                    "Cannot open the full-screen inbox: TERM is \(term.isEmpty ? "not set" : "\"dumb\"") (set TERM, e.g. TERM=xterm-256color, or use `inbox tickets`)"
            )
        }
        guard isatty(STDIN_FILENO) != 0 else {
            throw TerminalError(
                description:
                    "Cannot open the full-screen inbox: standard input is not a terminal (use `inbox tickets` in scripts)"
            )
        }
        guard let screen = cnc_newterm(nil) else {
            throw TerminalError(
                description:
                    "Cannot open the full-screen inbox: the terminal type \"\(term)\" is unknown here (set TERM to a known type such as xterm-256color, or install its terminfo entry)"
            )
        }
        handle = screen
        cnc_install_signal_handlers()
        raw()
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        cnc_set_escdelay(25)
        curs_set(0)
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        if !noColor, has_colors(), start_color() == OK, cnc_colors() >= 8 {
            use_default_colors()
            for role in ColorRole.allCases where role != .normal {
                _ = cnc_init_pair(Int32(role.rawValue), Self.foreground(role), -1)
            }
            useColor = true
        } else {
            useColor = false
        }
    }

    var rows: Int { Int(cnc_lines()) }
    var cols: Int { Int(cnc_cols()) }

    /// Gives the terminal back (safe to call twice).
    func close() {
        guard let h = handle else { return }
        handle = nil
        curs_set(1)
        endwin()
        delscreen(h)
        cnc_reset_signal_handlers()
    }

    /// Shows a keys-file problem in the message line, and gives the screen up while a viewer
    /// opens an attachment.
    func prepare(_ controller: AppController, keysError: String?) {
        if let keysError { controller.state.message = keysError }
        controller.openFile = { [unowned self] file in try self.suspended { try ExternalViewer.open(file) } }
        controller.pipeCommand = { [unowned self] command, raw in
            try self.suspended { try ExternalEditor.pipe(command, raw: raw) }
        }
    }

    /// Runs `body` with the terminal in its normal mode (a program such as a viewer may use
    /// it), then takes it back and redraws everything.
    func suspended<T>(_ body: () throws -> T) rethrows -> T {
        def_prog_mode()
        endwin()
        defer {
            reset_prog_mode()
            previous = nil
            refresh()
        }
        return try body()
    }

    /// Reads keys until the controller stops; checks for other processes' commits about once a
    /// second while the agent is not typing.
    ///
    /// The check (and the reload it may bring) waits for a pause in the keys, and its second is
    /// counted from the end of the last check: on a loaded machine during an import a reload can
    /// take longer than a second, and run between every two keys it made `s pending Enter` take
    /// 28 s (issue 19). While keys keep coming it still runs every few seconds.
    ///
    /// On PostgreSQL other agents' commits are pushed (NOTIFY, ``ChangeFeed``): a look costs no
    /// query, so in every pause of the keys it looks too, and another agent's change is on
    /// screen well within a second (issue 22). The reload a change brings waits ``pushedLook``
    /// after the end of the last one: during an import on PostgreSQL it does not run between
    /// every two keys either.
    func run(_ controller: AppController) {
        wtimeout(cnc_stdscr(), 100)
        present(controller.screen())
        var lastPoll = ContinuousClock.now
        let pushed = controller.changesArePushed
        var lastReload = ContinuousClock.now
        while controller.running {
            var ch: wint_t = 0
            let result = get_wch(&ch)
            var redraw = false
            if result == OK {
                controller.handle(ch == 27 ? readAfterEscape() : Self.key(character: ch))
                redraw = true
            } else if result == KEY_CODE_YES {
                if Int32(ch) == KEY_RESIZE {
                    controller.resize(rows: rows, cols: cols)
                    previous = nil
                    redraw = true
                } else if let key = Self.key(special: Int32(ch)) {
                    controller.handle(key)
                    redraw = true
                }
            }
            let typing = result != ERR
            let since = ContinuousClock.now - lastPoll
            if since >= .seconds(1) && !typing || since >= .seconds(5) {
                controller.tick()
                controller.pollForChanges()
                lastPoll = .now
                redraw = true  // ages and counts; only changed cells reach the terminal
            } else if pushed && !typing && ContinuousClock.now - lastReload >= Self.pushedLook
                && controller.pollForChanges()
            {
                lastReload = .now
                redraw = true
            }
            if redraw && controller.running { present(controller.screen()) }
        }
    }

    /// How long after the end of a reload for pushed changes (PostgreSQL) the next may start.
    static let pushedLook: Duration = .milliseconds(300)

    /// Esc followed at once by a character is Alt and that character (readline's Alt-B, Alt-F);
    /// Esc alone (nothing within the escape delay) is Esc.
    private func readAfterEscape() -> Key {
        wtimeout(cnc_stdscr(), 0)
        defer { wtimeout(cnc_stdscr(), 100) }
        var next: wint_t = 0
        let result = get_wch(&next)
        if result == OK, next != 27, case .char(let c) = Self.key(character: next) { return .alt(c) }
        if result == OK { _ = unget_wch(wchar_t(next)) } else if result == KEY_CODE_YES { _ = ungetch(Int32(next)) }
        return .escape
    }

    /// Copies the cells that changed since the last call to the terminal.
    func present(_ screen: Screen) {
        let full = previous == nil || previous!.rows != screen.rows || previous!.cols != screen.cols
        if full {
            erase()
            clearok(cnc_stdscr(), true)
        }
        for (r, c) in screen.changes(since: full ? nil : previous) {
            var col = c
            var cell = screen[r, c]
            if cell.isContinuation {
                guard c > 0, screen[r, c - 1].width == 2 else { continue }
                col = c - 1
                cell = screen[r, col]
            }
            draw(cell, row: r, col: col)
        }
        if let typed = screen.commandLineCursor {
            curs_set(1)
            move(Int32(typed.row), Int32(typed.col))
        } else {
            curs_set(0)
        }
        refresh()
        previous = screen
    }

    private func draw(_ cell: Cell, row: Int, col: Int) {
        var scalars = cell.text.unicodeScalars.map(\.value)
        if scalars.isEmpty { scalars = [0x20] }
        scalars.append(0)
        var attrs = CNC_A_NORMAL
        let s = cell.style
        if s.bold { attrs |= CNC_A_BOLD }
        if s.reverse { attrs |= CNC_A_REVERSE }
        if s.underline { attrs |= CNC_A_UNDERLINE }
        if s.dim { attrs |= CNC_A_DIM }
        var pair: Int32 = 0
        if useColor {
            pair = s.role == .normal ? 0 : Int32(s.role.rawValue)
        } else {
            attrs |= Self.fallback(s.role)
        }
        _ = scalars.withUnsafeBufferPointer { cnc_mvadd_cell(Int32(row), Int32(col), $0.baseAddress, attrs, pair) }
    }

    private static func foreground(_ role: ColorRole) -> Int32 {
        switch role {
        case .normal, .selection: -1
        case .accent: Int32(COLOR_CYAN)
        case .muted, .quote: Int32(COLOR_BLUE)
        case .inbound: Int32(COLOR_GREEN)
        case .outbound: Int32(COLOR_MAGENTA)
        case .statusBar: Int32(COLOR_BLUE)
        case .warning: Int32(COLOR_RED)
        case .header, .note: Int32(COLOR_YELLOW)
        }
    }

    /// Bold/reverse/dim for terminals without colour (or with NO_COLOR).
    private static func fallback(_ role: ColorRole) -> attr_t {
        switch role {
        // A note's `NOTE` label and margin bar tell it apart without colour.
        case .normal, .inbound, .note: CNC_A_NORMAL
        case .selection, .statusBar: CNC_A_REVERSE
        case .header, .accent, .warning, .outbound: CNC_A_BOLD
        case .muted, .quote: CNC_A_DIM
        }
    }

    static func key(character ch: wint_t) -> Key {
        switch ch {
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 9: return .tab
        case 0: return .ctrl("@")
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 0x60)))
        default: return .char(Unicode.Scalar(UInt32(ch)).map(Character.init) ?? "\u{FFFD}")
        }
    }

    static func key(special code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_NPAGE: .pageDown
        case KEY_PPAGE: .pageUp
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        default: nil
        }
    }
}
