import Foundation

/// Hand-written RFC 5322 date reader (no DateFormatter: it is slow and not meant per message).
///
/// Accepts an optional weekday, 2-, 3- or 4-digit years, missing seconds, extra spaces and
/// punctuation, trailing comments such as "(CET)", obsolete and common zone names (military
/// letters read as +0000), asctime order ("Mon Jan  2 15:04:05 2006") and ISO 8601
/// ("2019-01-02T03:04:05Z", "2019-01-02 03:04:05 +01:00"). A missing zone is +0000.
enum DateParser {
    static func parse(_ value: [UInt8]) -> Date? {
        guard let seconds = value.withUnsafeBufferPointer({ epochSeconds($0) }) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func epochSeconds(_ v: Bytes) -> Int64? {
        let r = ByteScan.trim(v, 0..<v.count)
        guard !r.isEmpty else { return nil }
        if let iso = iso8601(v, r) { return iso }
        return rfc5322(v, r)
    }

    // MARK: RFC 5322 and friends

    private static func rfc5322(_ v: Bytes, _ r: Range<Int>) -> Int64? {
        var day: Int? = nil
        var month: Int? = nil
        var year: Int? = nil
        var yearDigits = 0
        var time: (h: Int, m: Int, s: Int)? = nil
        var zone: Int? = nil  // minutes east of UTC
        var pm: Bool? = nil
        var i = r.lowerBound
        let end = r.upperBound

        while i < end {
            let c = v[i]
            if c == UInt8(ascii: "(") {
                var depth = 1
                i += 1
                while i < end && depth > 0 {
                    if v[i] == UInt8(ascii: "(") { depth += 1 } else if v[i] == UInt8(ascii: ")") { depth -= 1 }
                    i += 1
                }
                continue
            }
            if ByteScan.isAlpha(c) {
                let s = i
                while i < end && ByteScan.isAlpha(v[i]) { i += 1 }
                let word = s..<i
                if let m = monthNumber(v, word) {
                    if month == nil { month = m }
                } else if let z = zoneMinutes(v, word) {
                    if zone == nil && (time != nil || year != nil) { zone = z }
                } else if word.count == 2 && ByteScan.lower(v[s + 1]) == UInt8(ascii: "m") {
                    let l = ByteScan.lower(v[s])
                    if l == UInt8(ascii: "p") { pm = true } else if l == UInt8(ascii: "a") { pm = false }
                }
                continue
            }
            if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && i + 1 < end && ByteScan.isDigit(v[i + 1]) {
                let s = i + 1
                var j = s
                while j < end && ByteScan.isDigit(v[j]) { j += 1 }
                var digits = j - s
                var value = number(v, s..<j)
                // "+01:00"
                if digits == 2 && j + 2 < end && v[j] == UInt8(ascii: ":") && ByteScan.isDigit(v[j + 1])
                    && ByteScan.isDigit(v[j + 2])
                {
                    value = value * 100 + number(v, (j + 1)..<(j + 3))
                    digits = 4
                    j += 3
                }
                let looksLikeZone = (c == UInt8(ascii: "+") || time != nil) && digits >= 1 && digits <= 4
                if looksLikeZone && zone == nil {
                    let hhmm = digits <= 2 ? value * 100 : value
                    let h = hhmm / 100
                    let m = hhmm % 100
                    zone = (h < 24 && m < 60) ? (h * 60 + m) * (c == UInt8(ascii: "-") ? -1 : 1) : 0
                    i = j
                    continue
                }
                i += 1
                continue
            }
            if ByteScan.isDigit(c) {
                let s = i
                while i < end && ByteScan.isDigit(v[i]) { i += 1 }
                if i < end && v[i] == UInt8(ascii: ":") && time == nil {
                    let h = number(v, s..<i)
                    var j = i + 1
                    let ms = j
                    while j < end && ByteScan.isDigit(v[j]) { j += 1 }
                    guard j > ms else { return nil }
                    let m = number(v, ms..<j)
                    var sec = 0
                    if j < end && v[j] == UInt8(ascii: ":") {
                        let ss = j + 1
                        j = ss
                        while j < end && ByteScan.isDigit(v[j]) { j += 1 }
                        if j > ss { sec = number(v, ss..<j) }
                    }
                    // Fractions of a second.
                    if j < end && v[j] == UInt8(ascii: "."), j + 1 < end, ByteScan.isDigit(v[j + 1]) {
                        j += 1
                        while j < end && ByteScan.isDigit(v[j]) { j += 1 }
                    }
                    time = (h, m, sec)
                    i = j
                    continue
                }
                let digits = i - s
                let value = number(v, s..<i)
                if digits >= 3 && year == nil {
                    year = value
                    yearDigits = digits
                } else if day == nil && value >= 1 && value <= 31 && year == nil {
                    day = value
                } else if year == nil {
                    year = value
                    yearDigits = digits
                } else if day == nil && value >= 1 && value <= 31 {
                    day = value
                }
                continue
            }
            i += 1
        }
        guard let d = day, let mo = month, var y = year else { return nil }
        if yearDigits <= 2 { y += y < 50 ? 2000 : 1900 } else if yearDigits == 3 { y += 1900 }
        var (h, m, s) = time ?? (0, 0, 0)
        if let pm {
            if pm && h < 12 { h += 12 } else if !pm && h == 12 { h = 0 }
        }
        return compose(year: y, month: mo, day: d, hour: h, minute: m, second: s, zoneMinutes: zone ?? 0)
    }

    // MARK: ISO 8601

    private static func iso8601(_ v: Bytes, _ r: Range<Int>) -> Int64? {
        let s = r.lowerBound
        guard r.count >= 10,
            ByteScan.isDigit(v[s]), ByteScan.isDigit(v[s + 1]), ByteScan.isDigit(v[s + 2]), ByteScan.isDigit(v[s + 3]),
            v[s + 4] == UInt8(ascii: "-") || v[s + 4] == UInt8(ascii: "/"),
            ByteScan.isDigit(v[s + 5]), ByteScan.isDigit(v[s + 6]), v[s + 7] == v[s + 4],
            ByteScan.isDigit(v[s + 8]), ByteScan.isDigit(v[s + 9])
        else { return nil }
        let y = number(v, s..<(s + 4))
        let mo = number(v, (s + 5)..<(s + 7))
        let d = number(v, (s + 8)..<(s + 10))
        var i = s + 10
        var h = 0
        var m = 0
        var sec = 0
        var zone = 0
        let end = r.upperBound
        if i < end && (v[i] == UInt8(ascii: "T") || v[i] == UInt8(ascii: "t") || v[i] == ByteScan.space) {
            var j = i + 1
            while j < end && v[j] == ByteScan.space { j += 1 }
            func two(_ at: Int) -> Int? {
                guard at + 1 < end, ByteScan.isDigit(v[at]), ByteScan.isDigit(v[at + 1]) else { return nil }
                return number(v, at..<(at + 2))
            }
            if let hh = two(j), j + 2 < end, v[j + 2] == UInt8(ascii: ":"), let mm = two(j + 3) {
                h = hh
                m = mm
                j += 5
                if j < end && v[j] == UInt8(ascii: ":"), let ss = two(j + 1) {
                    sec = ss
                    j += 3
                }
                if j < end && (v[j] == UInt8(ascii: ".") || v[j] == UInt8(ascii: ",")) {
                    j += 1
                    while j < end && ByteScan.isDigit(v[j]) { j += 1 }
                }
                while j < end && v[j] == ByteScan.space { j += 1 }
                if j < end {
                    let z = v[j]
                    if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
                        zone = 0
                    } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-"), let zh = two(j + 1) {
                        var zm = 0
                        if let m2 = two(j + 3) {
                            zm = m2
                        } else if j + 3 < end, v[j + 3] == UInt8(ascii: ":"), let m2 = two(j + 4) {
                            zm = m2
                        }
                        zone = (zh * 60 + zm) * (z == UInt8(ascii: "-") ? -1 : 1)
                    } else if ByteScan.isAlpha(z) {
                        var k = j
                        while k < end && ByteScan.isAlpha(v[k]) { k += 1 }
                        zone = zoneMinutes(v, j..<k) ?? 0
                    }
                }
            }
            i = j
        }
        return compose(year: y, month: mo, day: d, hour: h, minute: m, second: sec, zoneMinutes: zone)
    }

    // MARK: Helpers

    private static func compose(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, zoneMinutes: Int
    ) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), (1000...9999).contains(year),
            (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = Int64(era) * 146_097 + Int64(doe) - 719_468
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(zoneMinutes * 60)
    }

    @inline(__always)
    private static func number(_ v: Bytes, _ r: Range<Int>) -> Int {
        var n = 0
        for i in r { n = min(n * 10 + Int(v[i] &- 48), 1_000_000_000) }
        return n
    }

    private static func monthNumber(_ v: Bytes, _ w: Range<Int>) -> Int? {
        guard w.count >= 3 else { return nil }
        let a = ByteScan.lower(v[w.lowerBound])
        let b = ByteScan.lower(v[w.lowerBound + 1])
        let c = ByteScan.lower(v[w.lowerBound + 2])
        let key = UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
        func k(_ s: StaticString) -> UInt32 {
            let p = s.utf8Start
            return UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2])
        }
        let names: [StaticString] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        for (i, name) in names.enumerated() where k(name) == key { return i + 1 }
        return nil
    }

    /// Minutes east of UTC for a zone name; military letters and unknown zones of 1 letter read as 0.
    private static func zoneMinutes(_ v: Bytes, _ w: Range<Int>) -> Int? {
        if w.count == 1 { return ByteScan.lower(v[w.lowerBound]) == UInt8(ascii: "j") ? nil : 0 }
        guard w.count <= 4 else { return nil }
        var name = ""
        for i in w { name.unicodeScalars.append(Unicode.Scalar(ByteScan.lower(v[i]))) }
        switch name {
        case "ut", "utc", "gmt", "wet", "z", "uct": return 0
        case "est": return -5 * 60
        case "edt": return -4 * 60
        case "cst": return -6 * 60
        case "cdt": return -5 * 60
        case "mst": return -7 * 60
        case "mdt": return -6 * 60
        case "pst": return -8 * 60
        case "pdt": return -7 * 60
        case "akst": return -9 * 60
        case "akdt": return -8 * 60
        case "hst": return -10 * 60
        case "ast": return -4 * 60
        case "adt": return -3 * 60
        case "nst": return -(3 * 60 + 30)
        case "bst", "cet", "met", "mez", "west", "wat": return 60
        case "cest", "mest", "mesz", "eet", "sast", "cat": return 120
        case "eest", "msk", "eat": return 180
        case "ist": return 330
        case "ict", "wib": return 420
        case "hkt", "awst", "sgt", "pht": return 480
        case "jst", "kst": return 540
        case "aest": return 600
        case "aedt": return 660
        case "nzst": return 720
        case "nzdt": return 780
        default: return nil
        }
    }
}
