/// The header fields of one entity (a message or a MIME part), as ranges into the raw bytes.
///
/// Splitting is one pass over the lines (each found with `memchr`), so a 1 MB header line
/// costs one scan. Values are unfolded only when asked for.
struct HeaderBlock {
    struct Field {
        var name: HeaderName
        var nameRange: Range<Int>
        /// From just after the colon to the end of the last continuation line (line break excluded).
        var valueRange: Range<Int>
        /// The whole field including its final line break.
        var rawRange: Range<Int>
    }

    var fields: [Field] = []
    /// Where the body starts: just past the empty line, or where the header block was cut short.
    var bodyStart: Int = 0
    /// True when a boundary line of an enclosing multipart ended the block (the body is empty).
    var stoppedAtBoundary = false
    /// Lines that were neither a field nor a continuation and were skipped.
    var skippedLines = 0
    /// The skipped lines that hold text (line break excluded), in order: the parser shows them
    /// at the top of the message text so that nothing the sender wrote is hidden.
    var orphanLines: [Range<Int>] = []
    /// True when a continuation line holding only white space was met (obs-FWS, the "blank"
    /// line with a space in it): from there on, lines that are not fields are skipped up to
    /// the next empty line, as mime4j and CPython read such a block.
    var sawBlankContinuation = false
    /// True when a line was skipped only because of such a blank continuation line (the block's
    /// real end was the line holding white space).
    var brokenSeparator = false
    /// True when a line that is not a header field ended the block without an empty line.
    var endedWithoutBlankLine = false

    /// Splits the header block that starts at `from`.
    ///
    /// - Parameter isBoundary: asked about lines starting with "--": true ends the block there.
    static func parse(_ buf: Bytes, from: Int, to: Int, isBoundary: ((Int) -> Bool)? = nil) -> HeaderBlock {
        var block = HeaderBlock()
        block.fields.reserveCapacity(24)
        var pos = from
        // An mbox "From " separator line left in front of the message.
        if to - pos >= 5 && buf[pos] == UInt8(ascii: "F") && buf[pos + 1] == UInt8(ascii: "r")
            && buf[pos + 2] == UInt8(ascii: "o") && buf[pos + 3] == UInt8(ascii: "m") && buf[pos + 4] == 32
        {
            pos = ByteScan.nextLine(in: buf, from: pos, to: to)
        }
        // True while the lines just read were skipped: a continuation line then belongs to them.
        var inOrphan = false
        while pos < to {
            let c = buf[pos]
            if c == ByteScan.lf {
                block.bodyStart = pos + 1
                return block
            }
            if c == ByteScan.cr && (pos + 1 == to || buf[pos + 1] == ByteScan.lf) {
                block.bodyStart = min(pos + 2, to)
                return block
            }
            let lineEnd = ByteScan.nextLine(in: buf, from: pos, to: to)
            if c == ByteScan.space || c == ByteScan.tab {
                let end = contentEnd(buf, lineStart: pos, lineEnd: lineEnd)
                if !block.fields.isEmpty && !inOrphan {
                    let last = block.fields.count - 1
                    block.fields[last].valueRange = block.fields[last].valueRange.lowerBound..<end
                    block.fields[last].rawRange = block.fields[last].rawRange.lowerBound..<lineEnd
                    if isBlank(buf, pos..<end) { block.sawBlankContinuation = true }
                } else {
                    block.skip(buf, pos..<end)
                }
                pos = lineEnd
                continue
            }
            if c == UInt8(ascii: "-"), let isBoundary, pos + 1 < to, buf[pos + 1] == UInt8(ascii: "-"),
                isBoundary(pos)
            {
                block.bodyStart = pos
                block.stoppedAtBoundary = true
                return block
            }
            if let colon = colonIndex(buf, lineStart: pos, lineEnd: lineEnd) {
                var nameEnd = colon
                while nameEnd > pos && ByteScan.isWSP(buf[nameEnd - 1]) { nameEnd -= 1 }
                let nameRange = pos..<nameEnd
                block.fields.append(
                    Field(
                        name: HeaderName.classify(buf, nameRange), nameRange: nameRange,
                        valueRange: (colon + 1)..<contentEnd(buf, lineStart: colon + 1, lineEnd: lineEnd),
                        rawRange: pos..<lineEnd))
                inOrphan = false
                pos = lineEnd
                continue
            }
            // Not a field. A parameter line ("boundary=…") that lost its indentation continues the
            // previous field; after a blank continuation line, or when a field follows, skip the
            // stray line; otherwise the body starts here.
            if !block.fields.isEmpty && !inOrphan && looksLikeParameter(buf, lineStart: pos, lineEnd: lineEnd) {
                let last = block.fields.count - 1
                block.fields[last].valueRange =
                    block.fields[last].valueRange.lowerBound..<contentEnd(buf, lineStart: pos, lineEnd: lineEnd)
                block.fields[last].rawRange = block.fields[last].rawRange.lowerBound..<lineEnd
                pos = lineEnd
                continue
            }
            let fieldFollows =
                lineEnd < to
                && colonIndex(buf, lineStart: lineEnd, lineEnd: ByteScan.nextLine(in: buf, from: lineEnd, to: to))
                    != nil
            if fieldFollows || block.sawBlankContinuation {
                if !fieldFollows { block.brokenSeparator = true }
                block.skip(buf, pos..<contentEnd(buf, lineStart: pos, lineEnd: lineEnd))
                inOrphan = true
                pos = lineEnd
                continue
            }
            block.bodyStart = pos
            block.endedWithoutBlankLine = true
            return block
        }
        block.bodyStart = to
        return block
    }

    /// Counts a skipped line and keeps it when it holds text.
    private mutating func skip(_ buf: Bytes, _ content: Range<Int>) {
        skippedLines += 1
        if !HeaderBlock.isBlank(buf, content) { orphanLines.append(content) }
    }

    /// True when the range holds only spaces and tabs.
    private static func isBlank(_ buf: Bytes, _ range: Range<Int>) -> Bool {
        for i in range where !ByteScan.isWSP(buf[i]) { return false }
        return true
    }

    /// Index of the colon when the line is `name:` with a printable ASCII name (spaces allowed
    /// before the colon), else nil.
    @inline(__always)
    private static func colonIndex(_ buf: Bytes, lineStart: Int, lineEnd: Int) -> Int? {
        var i = lineStart
        while i < lineEnd {
            let c = buf[i]
            if c == UInt8(ascii: ":") { break }
            if c <= 32 || c >= 127 { break }
            i += 1
        }
        guard i > lineStart, i < lineEnd else { return nil }
        if buf[i] == UInt8(ascii: ":") { return i }
        while i < lineEnd && ByteScan.isWSP(buf[i]) { i += 1 }
        return i < lineEnd && buf[i] == UInt8(ascii: ":") ? i : nil
    }

    /// True for a line like `boundary="x"` or `charset=utf-8;`.
    private static func looksLikeParameter(_ buf: Bytes, lineStart: Int, lineEnd: Int) -> Bool {
        var i = lineStart
        while i < lineEnd {
            let c = buf[i]
            if c == UInt8(ascii: "=") { return i > lineStart }
            let ok =
                ByteScan.isAlpha(c) || ByteScan.isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "*")
                || c == UInt8(ascii: "_")
            if !ok { return false }
            i += 1
        }
        return false
    }

    @inline(__always)
    private static func contentEnd(_ buf: Bytes, lineStart: Int, lineEnd: Int) -> Int {
        var e = lineEnd
        if e > lineStart && buf[e - 1] == ByteScan.lf { e -= 1 }
        if e > lineStart && buf[e - 1] == ByteScan.cr { e -= 1 }
        return e
    }

    func first(_ name: HeaderName) -> Field? {
        for f in fields where f.name == name { return f }
        return nil
    }

    /// The value with line breaks removed, NUL bytes turned into spaces and outer whitespace trimmed.
    static func unfold(_ buf: Bytes, _ field: Field) -> [UInt8] {
        let r = ByteScan.trim(buf, field.valueRange)
        if ByteScan.find(ByteScan.lf, in: buf, from: r.lowerBound, to: r.upperBound) == nil
            && ByteScan.find(ByteScan.cr, in: buf, from: r.lowerBound, to: r.upperBound) == nil
            && ByteScan.find(0, in: buf, from: r.lowerBound, to: r.upperBound) == nil
        {
            return Array(buf[r])
        }
        var out = [UInt8]()
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            let c = buf[i]
            if c == ByteScan.cr || c == ByteScan.lf {
                i += 1
                continue
            }
            out.append(c == 0 ? ByteScan.space : c)
            i += 1
        }
        return out
    }
}
