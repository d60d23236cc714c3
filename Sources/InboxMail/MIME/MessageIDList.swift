/// Message-ID, In-Reply-To and References values: the `<…>` ids in order, brackets stripped.
enum MessageIDList {
    /// Every `<id>` outside comments and quoted strings, trimmed, empty ones skipped.
    ///
    /// With no bracket at all, a single bare token containing "@" is taken as the id.
    static func ids(_ value: [UInt8]) -> [String] {
        var ids: [String] = []
        var i = 0
        let n = value.count
        var comment = 0
        var inQuote = false
        var sawBracket = false
        while i < n {
            let c = value[i]
            if comment > 0 {
                if c == UInt8(ascii: "(") { comment += 1 } else if c == UInt8(ascii: ")") { comment -= 1 }
                i += 1
                continue
            }
            if inQuote {
                if c == UInt8(ascii: "\\") {
                    i += 1
                } else if c == UInt8(ascii: "\"") {
                    inQuote = false
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "("): comment = 1
            case UInt8(ascii: "\""): inQuote = true
            case UInt8(ascii: "<"):
                sawBracket = true
                var j = i + 1
                while j < n && value[j] != UInt8(ascii: ">") && value[j] != UInt8(ascii: "<") { j += 1 }
                if j < n && value[j] == UInt8(ascii: "<") {
                    i = j
                    continue
                }
                if let id = clean(value[(i + 1)..<j]) { ids.append(id) }
                i = j
            default: break
            }
            i += 1
        }
        if !sawBracket {
            // "id@host" without brackets: accept one bare token.
            let tokens = value.split(whereSeparator: { ByteScan.isWhite($0) })
            let candidates = tokens.filter { $0.contains(UInt8(ascii: "@")) }
            if candidates.count == 1, let id = clean(candidates[0]) { ids.append(id) }
        }
        return ids
    }

    /// The first id, nil when none.
    static func first(_ value: [UInt8]) -> String? { ids(value).first }

    private static func clean(_ slice: ArraySlice<UInt8>) -> String? {
        var lo = slice.startIndex
        var hi = slice.endIndex
        while lo < hi && (ByteScan.isWhite(slice[lo]) || slice[lo] == UInt8(ascii: "<")) { lo += 1 }
        while hi > lo && (ByteScan.isWhite(slice[hi - 1]) || slice[hi - 1] == UInt8(ascii: ">")) { hi -= 1 }
        guard lo < hi else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(hi - lo)
        for c in slice[lo..<hi] where !ByteScan.isWhite(c) { bytes.append(c) }
        return bytes.withUnsafeBufferPointer { Charset.utf8OrWindows1252($0) }
    }

    /// `ids` without repeats, keeping each first occurrence, and without `excluding`.
    static func unique(_ ids: [String], excluding: String?) -> [String] {
        var seen = Set<String>()
        seen.reserveCapacity(ids.count)
        var out: [String] = []
        out.reserveCapacity(ids.count)
        for id in ids where id != excluding && seen.insert(id).inserted { out.append(id) }
        return out
    }
}
