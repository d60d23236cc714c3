import Foundation
import InboxCore

/// The `:report` screen (DESIGN §10, docs/reports.md): the text report's charts for a week,
/// month or quarter, a selectable row per number, and the tickets behind the selected number.
///
/// Keys: `j`/`k` (arrows) select a number, `g`/`G` the first/last (and the top/end of the
/// report), `Enter` lists its tickets (Enter again opens one),
/// `[`/`]` previous/next period, `w`/`m`/`Q` week/month/quarter, `R` reload, `q` back.
public struct ReportScreenState: Equatable, Sendable {
    public var length: ReportRange.Length
    /// Periods before (negative) or after the current one.
    public var offset = 0
    public var report: Report?
    /// The report as lines, at the width it was drawn for.
    public var lines: [ReportLine] = []
    /// Index into ``lines`` of the selected line (one with tickets behind it).
    public var selected = 0
    public var scroll = 0
    public var error: String?
    /// The tickets behind the number Enter was pressed on.
    public var drill: DrillList?

    /// A list of tickets behind one number.
    public struct DrillList: Equatable, Sendable {
        public var title: String
        public var rows: [TicketSummary]
        public var selected = 0
        public var top = 0
    }

    /// The current period of `length` (the data source places it in the calendar's time zone).
    public init(length: ReportRange.Length = .month) {
        self.length = length
    }

    /// What to compute next.
    public var request: ReportRequest { ReportRequest(length: length, offset: offset) }

    /// Lines that stand for tickets, in order.
    var selectable: [Int] { lines.indices.filter { lines[$0].drill != nil } }

    /// Takes a computed report (or the error computing it) and lays it out at `width`.
    mutating func receive(_ result: Result<Report, any Error>, width: Int) {
        switch result {
        case .success(let r):
            report = r
            error = nil
            let previous = selected < lines.count ? lines[selected].drill : nil
            lines = ReportText.lines(r, width: width)
            selected = previous.flatMap { key in lines.firstIndex { $0.drill == key } } ?? selectable.first ?? 0
        case .failure(let e):
            report = nil
            lines = []
            error = "Cannot compute the report: \(e)"
        }
    }

    mutating func receiveTickets(_ title: String, _ result: Result<[TicketSummary], any Error>) -> String? {
        switch result {
        case .success(let rows):
            drill = DrillList(title: title, rows: rows)
            return nil
        case .failure(let e):
            return "Cannot list the tickets: \(e)"
        }
    }

    /// Moves the selection to the next (or previous) line with tickets behind it.
    mutating func move(_ step: Int, visibleRows: Int) {
        let s = selectable
        guard !s.isEmpty else { return }
        let i = s.firstIndex(of: selected) ?? 0
        selected = s[max(0, min(s.count - 1, i + step))]
        if selected < scroll + 1 { scroll = max(0, selected - 1) }
        if selected >= scroll + visibleRows { scroll = selected - visibleRows + 1 }
    }

    /// Changes the period kind, back to the current period.
    mutating func setLength(_ l: ReportRange.Length) {
        length = l
        offset = 0
    }

    mutating func step(_ n: Int) { offset = min(0, offset + n) }
}

/// Which report the screen asks for: the week, month or quarter `offset` periods from the
/// current one (0 = the period containing now, -1 the one before).
public struct ReportRequest: Equatable, Sendable {
    public var length: ReportRange.Length
    public var offset: Int

    public init(length: ReportRange.Length, offset: Int) {
        self.length = length
        self.offset = offset
    }

    /// The instants of the period in `timeZone`.
    public func range(now: Date, timeZone: TimeZone) -> ReportRange {
        let current = ReportRange.period(length, containing: now, timeZone: timeZone)
        let p = ReportRange.shift(length, current, by: offset, timeZone: timeZone)
        return ReportRange(since: p.since, until: p.until)
    }
}

extension AppState {
    /// `:report [week|month|quarter]`: opens the report screen for the current period.
    mutating func openReport(_ argument: String) -> [Effect] {
        let length =
            ReportRange.Length.allCases.first { $0.rawValue.hasPrefix(argument.lowercased()) && !argument.isEmpty }
            ?? .month
        if !argument.isEmpty, !length.rawValue.hasPrefix(argument.lowercased()) {
            message = "report takes week, month or quarter (:report month)"
            return []
        }
        let screen = ReportScreenState(length: length)
        mode = .report(screen)
        return [.report(screen.request)]
    }

    /// Keys of the report screen; nil for keys it leaves to the rest of the TUI (`:`, `?`, Ctrl-C).
    mutating func handleReportKey(_ key: Key, keyMap: KeyMap) -> [Effect]? {
        guard case .report(var screen) = mode else { return nil }
        var close = false
        defer { mode = close ? .list : .report(screen) }
        let page = max(1, layout.rows - 3)
        if var d = screen.drill {
            switch key {
            case .char("j"), .down: d.selected = min(d.rows.count - 1, d.selected + 1)
            case .char("k"), .up: d.selected = max(0, d.selected - 1)
            case .char("g"), .home: d.selected = 0
            case .char("G"), .end: d.selected = max(0, d.rows.count - 1)
            case .enter, .right:
                guard d.rows.indices.contains(d.selected) else { return [] }
                screen.drill = d
                return [.openTicket(d.rows[d.selected].id)]
            case .char("q"), .left, .escape:
                screen.drill = nil
                return []
            default:
                return listOnlyKey(key, keyMap: keyMap)
            }
            d.selected = max(0, d.selected)
            if d.selected < d.top { d.top = d.selected }
            if d.selected >= d.top + page - 1 { d.top = d.selected - page + 2 }
            screen.drill = d
            return []
        }
        switch key {
        case .char("j"), .down: screen.move(1, visibleRows: page)
        case .char("k"), .up: screen.move(-1, visibleRows: page)
        case .ctrl("d"), .pageDown: screen.scroll = min(max(0, screen.lines.count - page), screen.scroll + page / 2)
        case .ctrl("u"), .pageUp: screen.scroll = max(0, screen.scroll - page / 2)
        case .char("g"), .home:
            // As `?` says: the first number and the top of the report.
            screen.selected = screen.selectable.first ?? 0
            screen.scroll = 0
        case .char("G"), .end:
            // The last number and the end of the report (its last section was out of reach).
            screen.selected = screen.selectable.last ?? 0
            screen.scroll = max(0, screen.lines.count - page)
        case .char("["):
            screen.step(-1)
            return [.report(screen.request)]
        case .char("]"):
            screen.step(1)
            return [.report(screen.request)]
        case .char("w"), .char("m"), .char("Q"):
            screen.setLength(key == .char("w") ? .week : key == .char("m") ? .month : .quarter)
            return [.report(screen.request)]
        case .char("R"): return [.report(screen.request)]
        case .enter, .right:
            guard screen.lines.indices.contains(screen.selected), let key = screen.lines[screen.selected].drill,
                let r = screen.report
            else {
                message = "Select a number with j/k first"
                return []
            }
            let ids = r.tickets(key)
            guard !ids.isEmpty else {
                message = "No tickets behind this number"
                return []
            }
            let text = screen.lines[screen.selected].text.trimmingCharacters(in: .whitespaces)
            return [.reportTickets(String(text.prefix(60)), ids)]
        case .char("q"), .left, .escape:
            close = true
            return [.loadSidebar]
        default:
            return listOnlyKey(key, keyMap: keyMap)
        }
        return []
    }

    /// The driver's answer to ``Effect/report(_:)``.
    public mutating func receiveReport(_ result: Result<Report, any Error>) {
        let width = min(cols, 100)
        report?.receive(result, width: width)
    }

    /// The driver's answer to ``Effect/reportTickets(_:_:)``.
    public mutating func receiveReportTickets(_ title: String, _ result: Result<[TicketSummary], any Error>) {
        if let error = report?.receiveTickets(title, result) { message = error }
    }
}
