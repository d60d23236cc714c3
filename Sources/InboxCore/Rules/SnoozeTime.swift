import Foundation

extension InboxConfig {
    /// The default SLA calendar (`[sla] calendar`, `timezone`, `holidays`): the time zone of
    /// snooze times and the hours of `is:business-hours`. The wall clock in UTC when unset.
    /// - Throws: ``InboxError`` `.config` for a bad calendar or time zone.
    public func slaCalendar() throws -> BusinessCalendar {
        try BusinessCalendar.parse(sla?.calendar ?? "24/7", timeZone: sla?.timezone, holidays: sla?.holidays ?? [])
    }
}

/// Reads the times of `inbox snooze --until` and `:snooze` in a given time zone (the SLA's).
public enum SnoozeTime {
    static let weekdays = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    /// `2026-12-07 09:00`, `2026-12-07T09:00`, `2026-12-07` (midnight), an ISO 8601 time with a
    /// zone, `09:00` (the next such time), `tomorrow [09:00]`, `mon [09:00]` (the next Monday;
    /// 09:00 when no time is given). Local times are in `timeZone`.
    /// - Throws: ``InboxError`` `.badInput` listing the forms, or when the time is not in the future.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) throws -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        let bad = InboxError(
            .badInput,
            "Cannot read the time \"\(text)\" (write 2026-12-07 09:00, 09:00, tomorrow 09:00, mon 09:00, or use --for 2d; times are in the SLA time zone \(timeZone.identifier))"
        )
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: t) { return try future(d, now: now, text: text) }
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = timeZone
            f.dateFormat = format
            if let d = f.date(from: t) { return try future(d, now: now, text: text) }
        }
        let words = t.lowercased().split(separator: " ").map(String.init)
        guard !words.isEmpty, words.count <= 2 else { throw bad }
        func clock(_ s: String) -> (Int, Int)? {
            let parts = s.split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h),
                (0..<60).contains(m)
            else { return nil }
            return (h, m)
        }
        func at(_ day: Date, _ hm: (Int, Int)) -> Date? {
            cal.date(bySettingHour: hm.0, minute: hm.1, second: 0, of: day)
        }
        if words.count == 1, let hm = clock(words[0]) {
            guard let today = at(now, hm) else { throw bad }
            return today > now ? today : (cal.date(byAdding: .day, value: 1, to: today) ?? today)
        }
        let hm = words.count == 2 ? clock(words[1]) : (9, 0)
        guard let hm else { throw bad }
        if words[0] == "tomorrow" {
            guard let day = cal.date(byAdding: .day, value: 1, to: now), let d = at(day, hm) else { throw bad }
            return d
        }
        if words[0] == "today" {
            guard let d = at(now, hm) else { throw bad }
            return try future(d, now: now, text: text)
        }
        if let wd = weekdays[String(words[0].prefix(3))], words[0].count >= 3 {
            let current = cal.component(.weekday, from: now)
            var ahead = (wd - current + 7) % 7
            if ahead == 0 { ahead = 7 }
            guard let day = cal.date(byAdding: .day, value: ahead, to: now), let d = at(day, hm) else { throw bad }
            return d
        }
        throw bad
    }

    /// `now` plus a duration such as `2h`, `3d`, `1d12h` (wall clock).
    /// - Throws: ``InboxError`` `.badInput` when the text is not a duration.
    public static func after(_ duration: String, now: Date) throws -> Date {
        do {
            return now.addingTimeInterval(try SLADuration.parse(duration))
        } catch {
            throw InboxError(.badInput, "Cannot read the duration \"\(duration)\" (write 2h, 3d or 1d12h)")
        }
    }

    private static func future(_ d: Date, now: Date, text: String) throws -> Date {
        guard d > now else { throw InboxError(.badInput, "\"\(text)\" is in the past (give a later time)") }
        return d
    }
}

extension SnoozeTime {
    /// A duration (`2h`, `3d`) or a time (as ``parse(_:now:timeZone:)``): the TUI's `:snooze`.
    public static func resolve(_ text: String, now: Date, timeZone: TimeZone) throws -> Date {
        if let d = try? after(text, now: now) { return d }
        return try parse(text, now: now, timeZone: timeZone)
    }

    /// `Mon 2026-12-07 09:00 (Europe/Istanbul)`: how snooze times are shown.
    public static func format(_ date: Date, timeZone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "EEE yyyy-MM-dd HH:mm"
        return f.string(from: date) + " (\(timeZone.identifier))"
    }
}
