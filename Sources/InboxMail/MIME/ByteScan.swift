#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parser's view of raw bytes: a borrowed buffer, valid only during one parse call.
typealias Bytes = UnsafeBufferPointer<UInt8>

/// Small byte-level helpers shared by the MIME parser.
///
/// Everything works on indices into a borrowed buffer so that no copy is made until a final value is built.
enum ByteScan {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9

    /// Index of the first `byte` in `buf[from..<to]`, found with `memchr`.
    @inline(__always)
    static func find(_ byte: UInt8, in buf: Bytes, from: Int, to: Int) -> Int? {
        guard from < to, let base = buf.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Index just past the end of the line that starts at or contains `from` (past its LF),
    /// or `to` when the last line has no LF.
    @inline(__always)
    static func nextLine(in buf: Bytes, from: Int, to: Int) -> Int {
        if let lf = find(lf, in: buf, from: from, to: to) { return lf + 1 }
        return to
    }

    /// Index of the first occurrence of `needle` in `buf[from..<to]`.
    static func find(_ needle: [UInt8], in buf: Bytes, from: Int, to: Int) -> Int? {
        guard !needle.isEmpty, to - from >= needle.count, let base = buf.baseAddress else { return nil }
        return needle.withUnsafeBufferPointer { n -> Int? in
            let first = n[0]
            var i = from
            let last = to - n.count
            while i <= last {
                guard let hit = find(first, in: buf, from: i, to: last + 1) else { return nil }
                if memcmp(base + hit, n.baseAddress!, n.count) == 0 { return hit }
                i = hit + 1
            }
            return nil
        }
    }

    @inline(__always)
    static func isWSP(_ c: UInt8) -> Bool { c == space || c == tab }

    /// Space, tab, CR or LF.
    @inline(__always)
    /// Index just past the comment opening at `from` (nested comments and quoted pairs
    /// honoured), or `limit` when it is never closed.
    static func skipComment(_ v: Bytes, from: Int, limit: Int) -> Int {
        var depth = 0
        var i = from
        while i < limit {
            let c = v[i]
            if c == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if c == UInt8(ascii: "(") {
                depth += 1
            } else if c == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return limit
    }

    static func isWhite(_ c: UInt8) -> Bool { c == space || c == tab || c == cr || c == lf }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

    @inline(__always)
    static func isAlpha(_ c: UInt8) -> Bool { let l = c | 0x20; return l >= 97 && l <= 122 }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    /// `range` without leading and trailing space, tab, CR and LF.
    static func trim(_ buf: Bytes, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi && isWhite(buf[lo]) { lo += 1 }
        while hi > lo && isWhite(buf[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// True when `buf[at...]` starts with the lower-case ASCII `literal`, ignoring case.
    static func hasPrefixIgnoringCase(_ buf: Bytes, at: Int, end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - at >= n else { return false }
        let p = literal.utf8Start
        for i in 0..<n where lower(buf[at + i]) != p[i] { return false }
        return true
    }

    /// True when `buf[range]` equals the lower-case ASCII `literal`, ignoring case.
    static func equalsIgnoringCase(_ buf: Bytes, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount
            && hasPrefixIgnoringCase(buf, at: range.lowerBound, end: range.upperBound, literal)
    }

    /// The bytes of `range` as a String, assuming UTF-8 (invalid bytes become U+FFFD).
    @inline(__always)
    static func string(_ buf: Bytes, _ range: Range<Int>) -> String {
        String(decoding: Bytes(rebasing: buf[range]), as: UTF8.self)
    }

    /// True when every byte is below 0x80.
    static func isASCII(_ buf: Bytes) -> Bool {
        guard let base = buf.baseAddress else { return true }
        let n = buf.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                return false
            }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// The number of well-formed multi-byte UTF-8 sequences and of bytes that are not part of one.
    static func utf8SequenceCounts(_ buf: Bytes) -> (valid: Int, invalid: Int) {
        var valid = 0
        var invalid = 0
        var i = 0
        let n = buf.count
        while i < n {
            let c = buf[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let len: Int
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0...0xEF: len = 3
            case 0xF0...0xF4: len = 4
            default: len = 0
            }
            var ok = len > 0 && i + len <= n
            if ok {
                for k in 1..<len where buf[i + k] & 0xC0 != 0x80 {
                    ok = false
                    break
                }
            }
            if ok {
                valid += 1
                i += len
            } else {
                invalid += 1
                i += 1
            }
        }
        return (valid, invalid)
    }

    /// True when `buf` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    static func isValidUTF8(_ buf: Bytes) -> Bool {
        guard let base = buf.baseAddress else { return true }
        let n = buf.count
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            if i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let c = base[i]
            if c < 0x80 {
                i += 1
                continue
            }
            if c >= 0xC2 && c <= 0xDF {
                guard i + 1 < n, base[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if c >= 0xE0 && c <= 0xEF {
                guard i + 2 < n else { return false }
                let c1 = base[i + 1]
                let c2 = base[i + 2]
                guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 else { return false }
                if c == 0xE0 && c1 < 0xA0 { return false }
                if c == 0xED && c1 > 0x9F { return false }
                i += 3
            } else if c >= 0xF0 && c <= 0xF4 {
                guard i + 3 < n else { return false }
                let c1 = base[i + 1]
                guard c1 & 0xC0 == 0x80, base[i + 2] & 0xC0 == 0x80, base[i + 3] & 0xC0 == 0x80 else {
                    return false
                }
                if c == 0xF0 && c1 < 0x90 { return false }
                if c == 0xF4 && c1 > 0x8F { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
