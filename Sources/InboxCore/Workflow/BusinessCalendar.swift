import Foundation

/// When the team works: weekly opening hours in a time zone, minus holidays; or the wall clock.
///
/// Opening hours are local times, so a `09:00-17:00` day is 8 hours on both sides of a DST
/// change and starts at a different UTC instant afterwards. A holiday is a local date on which
/// the team does not work at all. Value type, thread-safe.
public struct BusinessCalendar: Sendable, Equatable {
    /// Local opening window, minutes after midnight (`end` may be 1440).
    public struct Window: Sendable, Equatable {
        public var start: Int
        public var end: Int
    }

    /// Counts every second (marketplace rules such as "reply within 24 h").
    public var isWallClock: Bool
    public var timeZone: TimeZone
    /// Windows by Foundation weekday (1 = Sunday … 7 = Saturday).
    public var windows: [Int: [Window]]
    /// Local dates `yyyy-MM-dd` on which nothing is open.
    public var holidays: Set<String>

    /// The wall clock: always open.
    public static let wallClock = BusinessCalendar(
        isWallClock: true, timeZone: TimeZone(identifier: "UTC")!, windows: [:], holidays: [])

    /// Parses `"Mon-Fri 09:00-17:00"`, `"Mon-Thu 08:00-16:00, Fri 08:00-14:00"`,
    /// `"Mon-Fri 09:00-12:00 13:00-17:00"`, or `"24/7"` (the wall clock).
    /// - Parameters:
    ///   - timeZone: an IANA name such as `Europe/Oslo`; nil means UTC.
    ///   - holidays: local dates `yyyy-MM-dd`.
    /// - Throws: ``InboxError`` `.config` saying what is wrong with the text.
    public static func parse(_ spec: String, timeZone: String?, holidays: [String] = []) throws -> BusinessCalendar {
        let tz: TimeZone
        if let name = timeZone {
            guard let z = TimeZone(identifier: name) else {
                throw InboxError(
                    .config, "Unknown time zone \"\(name)\" (use an IANA name such as Europe/Oslo or America/New_York)")
            }
            tz = z
        } else {
            tz = TimeZone(identifier: "UTC")!
        }
        for h in holidays where !Self.isDate(h) {
            throw InboxError(.config, "Holiday \"\(h)\" is not a date (write yyyy-MM-dd, e.g. 2026-12-24)")
        }
        let text = spec.trimmingCharacters(in: .whitespaces).lowercased()
        if ["24/7", "24x7", "always", "wall clock", "wall-clock"].contains(text) {
            var c = wallClock
            c.timeZone = tz
            return c
        }
        let dayNames = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]
        var windows: [Int: [Window]] = [:]
        func fail(_ why: String) -> InboxError {
            InboxError(.config, "Calendar \"\(spec)\": \(why) (write e.g. \"Mon-Fri 09:00-17:00\" or \"24/7\")")
        }
        for group in text.split(separator: ",") {
            let parts = group.split(separator: " ").map(String.init)
            guard parts.count >= 2 else { throw fail("\"\(group)\" needs days and hours") }
            var days: [Int] = []
            for item in parts[0].split(separator: "+") {
                let range = item.split(separator: "-").map { String($0.prefix(3)) }
                guard let first = range.first.flatMap({ dayNames[$0] }), range.count <= 2 else {
                    throw fail("\"\(item)\" is not a day or a range of days")
                }
                guard let last = range.count == 2 ? dayNames[range[1]] : first else {
                    throw fail("\"\(item)\" is not a range of days")
                }
                // Mon=2 … Sat=7, Sun=1: walk forward so "Sat-Sun" and "Mon-Sun" work.
                var d = first
                while true {
                    days.append(d)
                    if d == last { break }
                    d = d % 7 + 1
                }
            }
            for hours in parts.dropFirst() {
                let ends = hours.split(separator: "-").map(String.init)
                guard ends.count == 2, let s = minutes(ends[0]), let e = minutes(ends[1]), s < e else {
                    throw fail("\"\(hours)\" is not a time range like 09:00-17:00")
                }
                for d in days { windows[d, default: []].append(Window(start: s, end: e)) }
            }
        }
        for d in windows.keys { windows[d]!.sort { $0.start < $1.start } }
        guard !windows.isEmpty else { throw fail("no opening hours") }
        return BusinessCalendar(isWallClock: false, timeZone: tz, windows: windows, holidays: Set(holidays))
    }

    private static func minutes(_ s: String) -> Int? {
        let p = s.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0..<60).contains(m),
            h * 60 + m <= 1440
        else { return nil }
        return h * 60 + m
    }

    private static func isDate(_ s: String) -> Bool {
        let p = s.split(separator: "-")
        return p.count == 3 && p[0].count == 4 && Int(p[0]) != nil && Int(p[1]) != nil && Int(p[2]) != nil
    }

    /// The longest opening of one day: what one "day" means in an SLA target counted in
    /// business hours (`3d` is three working days of a 09:00–17:00 calendar).
    public var dayLength: TimeInterval {
        if isWallClock { return 86400 }
        let longest = windows.values.map { $0.reduce(0) { $0 + $1.end - $1.start } }.max() ?? 0
        return TimeInterval(longest * 60)
    }

    private var gregorian: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }

    /// The open intervals of the local day that contains `day` (empty on holidays and closed days).
    func openIntervals(onDayOf day: Date) -> [DateInterval] {
        let cal = gregorian
        let comps = cal.dateComponents([.year, .month, .day, .weekday], from: day)
        guard let y = comps.year, let m = comps.month, let d = comps.day, let wd = comps.weekday else { return [] }
        let key = String(format: "%04d-%02d-%02d", y, m, d)
        if holidays.contains(key) { return [] }
        var out: [DateInterval] = []
        for w in windows[wd] ?? [] {
            guard let s = localTime(cal, y, m, d, w.start), let e = localTime(cal, y, m, d, w.end), s < e else {
                continue
            }
            out.append(DateInterval(start: s, end: e))
        }
        return out
    }

    private func localTime(_ cal: Calendar, _ y: Int, _ m: Int, _ d: Int, _ minutes: Int) -> Date? {
        if minutes == 1440 {
            return cal.date(from: DateComponents(year: y, month: m, day: d + 1, hour: 0, minute: 0))
        }
        return cal.date(from: DateComponents(year: y, month: m, day: d, hour: minutes / 60, minute: minutes % 60))
    }

    /// Calls `body` with each open interval that ends after `from`, in order, until it returns
    /// false; gives up after ten years of closed days.
    func forEachOpenInterval(from: Date, _ body: (DateInterval) -> Bool) {
        if isWallClock {
            _ = body(DateInterval(start: from, end: .distantFuture))
            return
        }
        let cal = gregorian
        var day = cal.startOfDay(for: from)
        var closedDays = 0
        while closedDays < 3660 {
            let intervals = openIntervals(onDayOf: day)
            var any = false
            for i in intervals where i.end > from {
                any = true
                if !body(i) { return }
            }
            closedDays = any ? 0 : closedDays + 1
            guard let next = cal.date(byAdding: .day, value: 1, to: day) else { return }
            // Calendar arithmetic, not + 86400: DST days have 23 or 25 hours.
            day = cal.startOfDay(for: next)
        }
    }

    /// Business seconds between `from` and `to` (0 when `to` is not after `from`).
    public func businessSeconds(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        if isWallClock { return to.timeIntervalSince(from) }
        var total: TimeInterval = 0
        forEachOpenInterval(from: from) { i in
            if i.start >= to { return false }
            let s = max(i.start, from)
            let e = min(i.end, to)
            if e > s { total += e.timeIntervalSince(s) }
            return i.end < to
        }
        return total
    }

    /// The instant when `seconds` of business time have passed after `start`.
    ///
    /// A due time that falls exactly at closing is that closing time, not the next opening.
    public func adding(_ seconds: TimeInterval, to start: Date) -> Date {
        if isWallClock { return start.addingTimeInterval(seconds) }
        var remaining = max(0, seconds)
        if remaining == 0 { return start }
        var result = Date.distantFuture
        forEachOpenInterval(from: start) { i in
            let s = max(i.start, start)
            let available = i.end.timeIntervalSince(s)
            if remaining <= available {
                result = s.addingTimeInterval(remaining)
                return false
            }
            remaining -= available
            return true
        }
        return result
    }

    /// Whether the calendar counts time at `date`.
    public func isOpen(at date: Date) -> Bool {
        if isWallClock { return true }
        return openIntervals(onDayOf: date).contains { $0.start <= date && date < $0.end }
    }
}

/// Durations in configuration: `45m`, `4h`, `1h30m`, `3d`, `90s`.
public enum SLADuration {
    /// Seconds of counted time; a day (`d`) is `dayLength` (24 h on the wall clock, one working
    /// day in business hours).
    /// - Throws: ``InboxError`` `.config` when the text is not a duration.
    public static func parse(_ text: String, dayLength: TimeInterval = 86400) throws -> TimeInterval {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
        var total: TimeInterval = 0
        var number = ""
        var sawUnit = false
        for ch in t {
            if ch.isNumber || ch == "." {
                number.append(ch)
                continue
            }
            guard let n = Double(number) else { throw bad(text) }
            switch ch {
            case "d": total += n * dayLength
            case "h": total += n * 3600
            case "m": total += n * 60
            case "s": total += n
            default: throw bad(text)
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total > 0 else { throw bad(text) }
        return total
    }

    private static func bad(_ text: String) -> InboxError {
        InboxError(.config, "\"\(text)\" is not a duration (write e.g. 45m, 4h, 1h30m or 3d)")
    }

    /// A target in hours and minutes (`24h`, `1h 30m`, `45m`): a business "day" is not 24 h.
    public static func formatTarget(_ seconds: TimeInterval) -> String {
        let m = Int(seconds.rounded()) / 60
        if m >= 60 { return m % 60 == 0 ? "\(m / 60)h" : "\(m / 60)h \(m % 60)m" }
        return "\(m)m"
    }

    /// `2h 05m`, `3d 4h`, `45m`, `20s`.
    public static func format(_ seconds: TimeInterval) -> String {
        let s = Int(abs(seconds).rounded())
        let d = s / 86400
        let h = (s % 86400) / 3600
        let m = (s % 3600) / 60
        if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
        if h > 0 { return String(format: "%dh %02dm", h, m) }
        if m > 0 { return "\(m)m" }
        return "\(s)s"
    }
}
