import Foundation

/// Dates as shops write them, and as the card and templates show them.
public enum OrderDates {
    /// Parses `2026-11-02`, `2026-11-02T10:15:00`, `2026-11-02 10:15:00 +0100`,
    /// `2026-11-02T10:15:00.000Z`, `…+01:00`, and Unix seconds (`1793606400`). A time without
    /// a zone is UTC. Nil when unreadable. Hand-written: 100k CSV rows would spend seconds in
    /// `DateFormatter`.
    public static func parse(_ text: String) -> Date? {
        let s = Array(text.utf8)
        var i = 0
        while i < s.count, s[i] == 32 { i += 1 }
        var end = s.count
        while end > i, s[end - 1] == 32 { end -= 1 }
        guard end > i else { return nil }
        func digits(_ n: Int) -> Int? {
            guard i + n <= end else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = s[k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        // Unix seconds.
        if end - i >= 9, s[i..<end].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return Double(String(decoding: s[i..<end], as: UTF8.self)).map { Date(timeIntervalSince1970: $0) }
        }
        guard let year = digits(4), i < end, s[i] == 45 else { return nil }
        i += 1
        guard let month = digits(2), i < end, s[i] == 45 else { return nil }
        i += 1
        guard let day = digits(2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0.0, offset = 0
        if i < end, s[i] == 84 || s[i] == 32 {
            i += 1
            guard let h = digits(2), i < end, s[i] == 58 else { return nil }
            i += 1
            guard let mi = digits(2) else { return nil }
            hour = h
            minute = mi
            if i < end, s[i] == 58 {
                i += 1
                guard let sec = digits(2) else { return nil }
                second = Double(sec)
                if i < end, s[i] == 46 {
                    i += 1
                    var scale = 0.1
                    while i < end, s[i] >= 48, s[i] <= 57 {
                        second += Double(s[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
            while i < end, s[i] == 32 { i += 1 }
            if i < end {
                if s[i] == 90 {
                    i += 1
                } else if s[i] == 43 || s[i] == 45 {
                    let sign = s[i] == 45 ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    if i < end, s[i] == 58 { i += 1 }
                    let om = digits(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
            guard i == end, hour < 24, minute < 60, second < 61 else { return nil }
        } else if i != end {
            return nil
        }
        // Days from the civil date (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 - offset) + second
        return Date(timeIntervalSince1970: seconds)
    }

    /// `3 Nov` (the card's short day).
    static func shortDay(timeZone: TimeZone) -> (Date) -> String {
        let f = DateFormatter(format: "d MMM", timeZone: timeZone, locale: "en_GB")
        return { f.string(from: $0) }
    }

    /// A date in the customer's language: `3 Kasım 2026`, `3 listopada 2026`,
    /// `3. november 2026`, `3. November 2026`, `3 November 2026`.
    public static func long(_ date: Date, language: String?, timeZone: TimeZone) -> String {
        let lang = (language ?? "en").lowercased()
        let code = lang.hasPrefix("no") ? "nb" : String(lang.prefix(2))
        let (locale, format) =
            switch code {
            case "tr": ("tr_TR", "d MMMM yyyy")
            case "pl": ("pl_PL", "d MMMM yyyy")
            case "nb", "nn": ("nb_NO", "d. MMMM yyyy")
            case "de": ("de_DE", "d. MMMM yyyy")
            case "sv", "da": (code == "sv" ? "sv_SE" : "da_DK", "d MMMM yyyy")
            default: ("en_GB", "d MMMM yyyy")
            }
        return DateFormatter(format: format, timeZone: timeZone, locale: locale).string(from: date)
    }
}
