import Foundation

/// What to report on: a half-open range of instants `[since, until)`, optionally one queue and
/// one agent (the tickets assigned to them).
public struct ReportRange: Sendable, Equatable {
    public var since: Date
    public var until: Date
    public var queue: String?
    public var agent: String?

    public init(since: Date, until: Date, queue: String? = nil, agent: String? = nil) {
        self.since = since
        self.until = until
        self.queue = queue
        self.agent = agent
    }

    /// The length presets of the TUI (`w`, `m`, `q`).
    public enum Length: String, Sendable, CaseIterable {
        case week, month, quarter
    }

    /// The calendar week, month or quarter (weeks start on Monday) that contains `date`, in `timeZone`.
    public static func period(_ length: Length, containing date: Date, timeZone: TimeZone) -> (since: Date, until: Date)
    {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        cal.firstWeekday = 2
        switch length {
        case .week:
            let i = cal.dateInterval(of: .weekOfYear, for: date)!
            return (i.start, i.end)
        case .month:
            let i = cal.dateInterval(of: .month, for: date)!
            return (i.start, i.end)
        case .quarter:
            let c = cal.dateComponents([.year, .month], from: date)
            let firstMonth = ((c.month! - 1) / 3) * 3 + 1
            let start = cal.date(from: DateComponents(year: c.year, month: firstMonth, day: 1))!
            return (start, cal.date(byAdding: .month, value: 3, to: start)!)
        }
    }

    /// The same kind of period `steps` periods later (earlier when negative).
    public static func shift(_ length: Length, _ range: (since: Date, until: Date), by steps: Int, timeZone: TimeZone)
        -> (
            since: Date, until: Date
        )
    {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let component: Calendar.Component = length == .week ? .weekOfYear : .month
        let amount = length == .quarter ? 3 * steps : steps
        let start = cal.date(byAdding: component, value: amount, to: range.since)!
        return period(length, containing: start, timeZone: timeZone)
    }
}

/// The dates `--since` and `--until` accept (docs/reports.md).
public enum ReportDate {
    /// The forms, for error messages and `--help`.
    public static let forms =
        "a date (2026-03-01), a date and time (2026-03-01T09:30, or ISO 8601 with a zone), today, yesterday, or an age (7d, 4w, 3m, 1y ago)"

    /// Parses `text` in `timeZone` relative to `now`.
    ///
    /// A bare date means the start of that local day; with `endOfDay`, the start of the next
    /// day, so `--until 2026-03-31` includes the 31st.
    /// - Throws: ``InboxError`` `.badInput` naming the accepted forms.
    public static func parse(_ text: String, timeZone: TimeZone, now: Date, endOfDay: Bool = false) throws -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        func day(_ d: Date) -> Date {
            let start = cal.startOfDay(for: d)
            return endOfDay ? cal.date(byAdding: .day, value: 1, to: start)! : start
        }
        if t == "today" || t == "now" { return t == "now" ? now : day(now) }
        if t == "yesterday" { return day(cal.date(byAdding: .day, value: -1, to: now)!) }
        // An age: 7d, 4w, 3m, 1y (ago).
        let age = t.hasSuffix(" ago") ? String(t.dropLast(4)) : t
        if let unit = age.last, let n = Int(age.dropLast()), n >= 0, "dwmy".contains(unit) {
            let (c, k): (Calendar.Component, Int) =
                switch unit {
                case "d": (.day, n)
                case "w": (.day, 7 * n)
                case "m": (.month, n)
                default: (.year, n)
                }
            return day(cal.date(byAdding: c, value: -k, to: now)!)
        }
        let p = t.split(separator: "-", maxSplits: 2).map(String.init)
        if p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), (1...12).contains(m) {
            let rest = p[2]
            let dayPart = rest.prefix { $0.isNumber }
            if let d = Int(dayPart), (1...31).contains(d) {
                let after = rest.dropFirst(dayPart.count)
                if after.isEmpty, let date = cal.date(from: DateComponents(year: y, month: m, day: d)) {
                    return day(date)
                }
                if after.first == "t" || after.first == " " {
                    let clock = after.dropFirst()
                    let hm = clock.split(separator: ":")
                    if !clock.contains(where: { "z+".contains($0) }),
                        clock.dropFirst(5).allSatisfy({ $0.isNumber || $0 == ":" }),
                        hm.count >= 2, let h = Int(hm[0]), let mi = Int(hm[1]), (0...23).contains(h),
                        (0...59).contains(mi),
                        let date = cal.date(
                            from: DateComponents(
                                year: y, month: m, day: d, hour: h, minute: mi,
                                second: hm.count > 2 ? Int(hm[2]) ?? 0 : 0))
                    {
                        return date
                    }
                    let iso = ISO8601DateFormatter()
                    if let date = iso.date(from: text.trimmingCharacters(in: .whitespaces).uppercased()) { return date }
                }
            }
        }
        throw InboxError(.badInput, "Cannot read the date \"\(text)\" (write \(forms))")
    }
}
