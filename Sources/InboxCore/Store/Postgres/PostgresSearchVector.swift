/// The `tsvector` that PostgreSQL's `inbox_search_vector(subject_words, sender_words,
/// text_words)` makes (migration "v14-pg-ingest-speed"), built in Swift by ingest when all
/// three are ASCII: `to_tsvector` was most of the server's time in an import (7.7 of the 9 s
/// its text search took for the 20k corpus), and reading a vector's text takes a fifth of that.
/// Text with any other character is left to the server (nil), whose parser and `unaccent`
/// decide what a word is there.
///
/// What the server does with such words (punctuation is already spaces,
/// ``PostgresSearchWords``), step by step, as `StoreSearchVectorTests` checks against it:
/// - A word is a run of ASCII letters and digits, except that a run starting with digits,
///   then `e` or `E` and a digit, ends after that exponent's digits (`1e5abc` is `1e5` and
///   `abc`: the parser's scientific notation). Lower case, as the `simple` dictionary.
/// - Words of 2,047 bytes or more are left out and take no position.
/// - Each word takes the next position, counted from 1 and held at 16,383; a word keeps at
///   most 255 positions, its first.
/// - The subject's positions weigh A, the sender's B, the text's D. The sender's positions
///   follow the subject's largest, the text's those of both (`||`); a word in several parts
///   keeps at most 256 positions, and none after one held at 16,383.
enum PostgresSearchVector {
    static let maxWordBytes = 2047
    static let maxPosition = 16_383
    static let maxPositionsPerWord = 255
    static let maxPositionsMerged = 256

    /// The vector's text (`'word':1A,4 'other':2B`), or nil when a part is not all ASCII.
    ///
    /// One pass over the three parts' bytes with a table of its own (an import runs this over
    /// every message; Swift's dictionary of strings cost more than the server's `to_tsvector`).
    static func make(subject: String, sender: String, text: String) -> String? {
        makeBytes(subject: subject, sender: sender, text: text).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The vector in PostgreSQL's binary form (`tsvectorrecv`, what a binary COPY sends): the
    /// number of words, then each word (NUL-terminated, in the server's order) with its
    /// positions, a weight in the top two bits of each.
    static func makeBinary(subject: String, sender: String, text: String) -> [UInt8]? {
        table(subject: subject, sender: sender, text: text).map { $0.table.binary($0.bytes) }
    }

    /// ``make(subject:sender:text:)``'s text as bytes.
    static func makeBytes(subject: String, sender: String, text: String) -> [UInt8]? {
        table(subject: subject, sender: sender, text: text).map { $0.table.bytes($0.bytes) }
    }

    /// The words of the three parts with their positions, and the lower-cased bytes they point
    /// into; nil when a part is not all ASCII.
    private static func table(subject: String, sender: String, text: String) -> (table: WordTable, bytes: [UInt8])? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(subject.utf8.count + sender.utf8.count + text.utf8.count + 3)
        var parts: [Range<Int>] = []
        for part in [subject, sender, text] {
            let start = bytes.count
            for b in part.utf8 {
                guard b < 0x80 else { return nil }
                bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            }
            parts.append(start..<bytes.count)
            bytes.append(0x20)
        }
        var table = WordTable(capacity: bytes.count / 16)
        var mergedMax = 0
        for (k, range) in parts.enumerated() {
            let weight: UInt8 = k == 0 ? 0x41 : k == 1 ? 0x42 : 0
            let offset = mergedMax
            var position = 0
            forEachWord(bytes, range) { start, end in
                position += 1
                let p = min(position, maxPosition)
                let e = table.entry(bytes, start, end)
                // The part's own vector: at most 255 positions a word, each once.
                if table.part[e] != k {
                    table.part[e] = k
                    table.partCount[e] = 0
                    table.partLast[e] = 0
                }
                guard table.partCount[e] < maxPositionsPerWord, table.partLast[e] != p else { return }
                table.partCount[e] += 1
                table.partLast[e] = p
                // `||`: shifted past the left side's largest position, at most 256 a word,
                // none after one held at 16,383.
                guard table.count[e] < maxPositionsMerged, table.last[e] != maxPosition else { return }
                let shifted = min(p + offset, maxPosition)
                table.append(e, shifted, weight)
                mergedMax = max(mergedMax, shifted)
            }
        }
        return (table, bytes)
    }

    /// Calls `body` with each word's bytes (`start..<end`) of `range`: runs of ASCII letters
    /// and digits, a run of digits with an exponent (`1e5`) ending after it, words of 2,047
    /// bytes or more left out. `bytes` are lower case already.
    private static func forEachWord(_ bytes: [UInt8], _ range: Range<Int>, _ body: (Int, Int) -> Void) {
        func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        func isAlnum(_ b: UInt8) -> Bool { b &- 0x30 < 10 || b &- 0x61 < 26 }
        var i = range.lowerBound
        let n = range.upperBound
        while i < n {
            guard isAlnum(bytes[i]) else {
                i += 1
                continue
            }
            var end = i
            if isDigit(bytes[i]) {
                while end < n, isDigit(bytes[end]) { end += 1 }
                if end + 1 < n, bytes[end] == 0x65, isDigit(bytes[end + 1]) {
                    end += 1
                    while end < n, isDigit(bytes[end]) { end += 1 }
                } else {
                    while end < n, isAlnum(bytes[end]) { end += 1 }
                }
            } else {
                while end < n, isAlnum(bytes[end]) { end += 1 }
            }
            if end - i < maxWordBytes { body(i, end) }
            i = end
        }
    }

    /// The words of one vector (open addressing over their bytes) and their positions (a
    /// list per word in one array).
    private struct WordTable {
        var slots: [Int32]
        var mask: Int
        var start: [Int] = []
        var end: [Int] = []
        var hash: [UInt32] = []
        var part: [Int] = []
        var partCount: [Int] = []
        var partLast: [Int] = []
        var count: [Int] = []
        var last: [Int] = []
        var head: [Int32] = []
        var tail: [Int32] = []
        var positions: [UInt16] = []
        var weights: [UInt8] = []
        var next: [Int32] = []

        init(capacity: Int) {
            var size = 64
            while size < capacity * 2 { size <<= 1 }
            slots = Array(repeating: -1, count: size)
            mask = size - 1
        }

        /// The entry of the word `bytes[s..<e]`, added when new.
        mutating func entry(_ bytes: [UInt8], _ s: Int, _ e: Int) -> Int {
            var h: UInt32 = 2_166_136_261
            for k in s..<e { h = (h ^ UInt32(bytes[k])) &* 16_777_619 }
            var slot = Int(h) & mask
            while true {
                let found = Int(slots[slot])
                if found < 0 { break }
                if hash[found] == h, end[found] - start[found] == e - s,
                    bytes[start[found]..<end[found]].elementsEqual(bytes[s..<e])
                {
                    return found
                }
                slot = (slot + 1) & mask
            }
            let index = start.count
            slots[slot] = Int32(index)
            start.append(s)
            end.append(e)
            hash.append(h)
            part.append(-1)
            partCount.append(0)
            partLast.append(0)
            count.append(0)
            last.append(0)
            head.append(-1)
            tail.append(-1)
            if start.count * 2 > slots.count { grow() }
            return index
        }

        private mutating func grow() {
            slots = Array(repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (index, h) in hash.enumerated() {
                var slot = Int(h) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index)
            }
        }

        mutating func append(_ e: Int, _ position: Int, _ weight: UInt8) {
            let index = Int32(positions.count)
            positions.append(UInt16(position))
            weights.append(weight)
            next.append(-1)
            if tail[e] >= 0 { next[Int(tail[e])] = index } else { head[e] = index }
            tail[e] = index
            count[e] += 1
            last[e] = position
        }

        /// The binary form (``PostgresSearchVector/makeBinary(subject:sender:text:)``): words in
        /// the server's order (bytewise, a prefix first), so it has nothing to sort.
        func binary(_ bytes: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(positions.count * 2 + start.count * 12 + 4)
            let order = (0..<start.count).filter { head[$0] >= 0 }.sorted {
                bytes[start[$0]..<end[$0]].lexicographicallyPrecedes(bytes[start[$1]..<end[$1]])
            }
            let n = UInt32(order.count)
            out += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
            for e in order {
                out.append(contentsOf: bytes[start[e]..<end[e]])
                out.append(0)
                let c = UInt16(count[e])
                out += [UInt8(c >> 8), UInt8(c & 0xFF)]
                var i = Int(head[e])
                while i >= 0 {
                    let w: UInt16 = weights[i] == 0x41 ? 3 : weights[i] == 0x42 ? 2 : 0
                    let packed = w << 14 | positions[i]
                    out += [UInt8(packed >> 8), UInt8(packed & 0xFF)]
                    i = Int(next[i])
                }
            }
            return out
        }

        /// `'word':1A,2 'other':3B`, in the order the words came.
        func bytes(_ bytes: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(positions.count * 6 + start.count * 10)
            var digits: [UInt8] = []
            for e in 0..<start.count where head[e] >= 0 {
                if !out.isEmpty { out.append(0x20) }
                out.append(0x27)
                out.append(contentsOf: bytes[start[e]..<end[e]])
                out.append(0x27)
                out.append(0x3A)
                var i = Int(head[e])
                var first = true
                while i >= 0 {
                    if !first { out.append(0x2C) }
                    first = false
                    var v = Int(positions[i])
                    digits.removeAll(keepingCapacity: true)
                    repeat {
                        digits.append(UInt8(0x30 + v % 10))
                        v /= 10
                    } while v > 0
                    out.append(contentsOf: digits.reversed())
                    if weights[i] != 0 { out.append(weights[i]) }
                    i = Int(next[i])
                }
            }
            return out
        }
    }
}
