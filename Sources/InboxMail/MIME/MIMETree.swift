#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds the MIME tree of a message in one pass over its lines.
///
/// Boundaries of all open multiparts are kept on a stack; every line starting with "--" is
/// compared against it, innermost first, so an outer boundary also ends any inner part left
/// open, and no byte is scanned twice. A line is a delimiter when the boundary is followed by
/// "--" (close), the line end, or white space (RFC 2046 §5.1.1: "--boundary text" is a
/// delimiter, as in mime4j), so a boundary that is a prefix of another is still told apart.
/// Depth and part count are capped; whatever is cut short is reported.
struct MIMETree {
    static let maxDepth = 50
    static let maxParts = 10_000

    let buf: Bytes
    var problems: ProblemList
    private var boundaries: [[UInt8]] = []
    private var partCount = 0

    init(buf: Bytes, problems: ProblemList) {
        self.buf = buf
        self.problems = problems
    }

    struct BoundaryMatch {
        var lineStart: Int
        /// Just past the delimiter line.
        var lineEnd: Int
        /// Index into the boundary stack.
        var level: Int
        var isClose: Bool
    }

    /// Parses the whole message whose top-level header block is already split.
    mutating func parseMessage(headers: HeaderBlock) -> MIMEPart {
        let (part, _) = parseEntity(
            start: 0, limit: buf.count, path: "", depth: 0, defaultType: .textPlain, headers: headers)
        return part
    }

    // MARK: Entities

    private mutating func parseEntity(
        start: Int, limit: Int, path: String, depth: Int, defaultType: ContentType, headers known: HeaderBlock?
    ) -> (MIMEPart, BoundaryMatch?) {
        let headers: HeaderBlock
        if let known {
            headers = known
        } else if boundaries.isEmpty {
            headers = HeaderBlock.parse(buf, from: start, to: limit)
        } else {
            let stack = boundaries
            let b = buf
            headers = HeaderBlock.parse(
                buf, from: start, to: limit, isBoundary: { MIMETree.match(b, stack, at: $0, limit: limit) != nil })
        }
        var part = describe(headers: headers, defaultType: defaultType, path: path)
        let bodyStart = headers.bodyStart
        if headers.stoppedAtBoundary {
            part.body = bodyStart..<bodyStart
            return (part, MIMETree.match(buf, boundaries, at: bodyStart, limit: limit))
        }
        if part.contentType.isMultipart {
            if depth >= MIMETree.maxDepth {
                problems.add(
                    "MIME parts nested deeper than \(MIMETree.maxDepth) levels in \(part.place); kept as one attachment."
                )
                part.contentType = ContentType(
                    type: "application", subtype: "octet-stream", parameters: MIMEParameters())
            } else if let boundary = part.contentType.parameters["boundary"], !boundary.isEmpty {
                return parseMultipart(
                    part, boundary: Array(boundary.utf8), bodyStart: bodyStart, limit: limit,
                    depth: depth)
            } else {
                problems.add("\(part.placeCapitalized) is multipart but has no boundary; read as text/plain.")
                part.contentType = textPlain(keeping: part.contentType)
            }
        }
        // A multipart at the top level has no number; a single part message's body is part "1".
        if part.path.isEmpty { part.path = "1" }
        let stop = findBoundary(from: bodyStart, limit: limit)
        part.body = bodyStart..<(stop.map { contentEnd(before: $0.lineStart, floor: bodyStart) } ?? limit)
        return (part, stop)
    }

    private mutating func parseMultipart(
        _ container: MIMEPart, boundary: [UInt8], bodyStart: Int, limit: Int, depth: Int
    ) -> (MIMEPart, BoundaryMatch?) {
        var part = container
        boundaries.append(boundary)
        let level = boundaries.count - 1
        let childDefault: ContentType = part.contentType.subtype == "digest" ? .messageRFC822 : .textPlain
        var next = findBoundary(from: bodyStart, limit: limit)
        var stop: BoundaryMatch? = nil
        var closed = false
        var tooMany = false
        while let m = next {
            if m.level != level {
                stop = m
                break
            }
            if m.isClose {
                closed = true
                boundaries.removeLast()
                stop = findBoundary(from: m.lineEnd, limit: limit)
                break
            }
            if partCount >= MIMETree.maxParts {
                if !tooMany {
                    problems.add("More than \(MIMETree.maxParts) MIME parts; the rest were skipped.")
                    tooMany = true
                }
                next = findBoundary(from: m.lineEnd, limit: limit)
                continue
            }
            partCount += 1
            let number = part.children.count + 1
            let childPath = part.path.isEmpty ? String(number) : part.path + "." + String(number)
            let (child, childStop) = parseEntity(
                start: m.lineEnd, limit: limit, path: childPath, depth: depth + 1, defaultType: childDefault,
                headers: nil)
            part.children.append(child)
            next = childStop
        }
        if !closed {
            boundaries.removeLast()
            problems.add("Missing final boundary in \(part.place).")
        }
        let end = stop.map { contentEnd(before: $0.lineStart, floor: bodyStart) } ?? limit
        part.body = bodyStart..<end
        if part.children.isEmpty {
            problems.add("\(part.placeCapitalized) is multipart but has no parts; read as text/plain.")
            part.declaredMultipart = part.contentType
            part.contentType = textPlain(keeping: part.contentType)
            if part.path.isEmpty { part.path = "1" }
            return (part, stop)
        }
        part.isContainer = true
        return (part, stop)
    }

    private func textPlain(keeping old: ContentType) -> ContentType {
        var ct = ContentType.textPlain
        ct.parameters = old.parameters
        return ct
    }

    /// Reads the MIME fields of a header block.
    private mutating func describe(headers: HeaderBlock, defaultType: ContentType, path: String) -> MIMEPart {
        var part = MIMEPart(path: path, headers: headers, contentType: defaultType, body: 0..<0)
        var unknownCharset: String? = nil
        var sawType = false
        var sawEncoding = false
        var sawDisposition = false
        for field in headers.fields {
            switch field.name {
            case .contentType where !sawType:
                sawType = true
                part.contentType = ContentType.parse(
                    HeaderBlock.unfold(buf, field), fallback: defaultType, unknownCharset: &unknownCharset)
                if !part.contentType.isValid {
                    problems.add(
                        "Content-Type of \(path.isEmpty ? "the message" : "part " + path) could not be read; used \(part.contentType.mimeType)."
                    )
                }
            case .contentTransferEncoding where !sawEncoding:
                sawEncoding = true
                part.encoding = TransferEncoding.parse(HeaderBlock.unfold(buf, field))
            case .contentDisposition where !sawDisposition:
                sawDisposition = true
                part.disposition = ContentDisposition.parse(
                    HeaderBlock.unfold(buf, field), unknownCharset: &unknownCharset)
            case .contentID where part.contentID == nil:
                part.contentID = MessageIDList.first(HeaderBlock.unfold(buf, field))
            default:
                break
            }
        }
        if case .unknown(let name) = part.encoding {
            let place = path.isEmpty ? "the message" : "part \(path)"
            problems.add("Unknown Content-Transfer-Encoding \"\(name)\" in \(place); read as 8bit.")
        }
        if let unknownCharset {
            problems.add("Unknown charset \"\(unknownCharset)\" in a MIME parameter; decoded as UTF-8 or windows-1252.")
        }
        return part
    }

    // MARK: Boundary scanning

    /// The first delimiter line of any open multipart at or after `from` (a line start).
    private func findBoundary(from: Int, limit: Int) -> BoundaryMatch? {
        guard !boundaries.isEmpty else { return nil }
        var pos = from
        let dash = UInt8(ascii: "-")
        while pos + 1 < limit {
            if buf[pos] == dash && buf[pos + 1] == dash,
                let m = MIMETree.match(buf, boundaries, at: pos, limit: limit)
            {
                return m
            }
            guard let lf = ByteScan.find(ByteScan.lf, in: buf, from: pos, to: limit) else { return nil }
            pos = lf + 1
        }
        return nil
    }

    /// The delimiter on the line starting at `pos`, innermost boundary first.
    static func match(_ buf: Bytes, _ stack: [[UInt8]], at pos: Int, limit: Int) -> BoundaryMatch? {
        guard pos + 1 < limit, buf[pos] == UInt8(ascii: "-"), buf[pos + 1] == UInt8(ascii: "-"),
            let base = buf.baseAddress
        else { return nil }
        var level = stack.count - 1
        while level >= 0 {
            let b = stack[level]
            let s = pos + 2
            if s + b.count <= limit,
                b.withUnsafeBufferPointer({ memcmp(base + s, $0.baseAddress!, b.count) }) == 0
            {
                var j = s + b.count
                var isClose = false
                if j + 1 < limit && buf[j] == UInt8(ascii: "-") && buf[j + 1] == UInt8(ascii: "-") {
                    isClose = true
                    j += 2
                }
                let lineEnd = ByteScan.nextLine(in: buf, from: j, to: limit)
                // RFC 2046 §5.1.1: the boundary need only appear in its entirety at the start of
                // the line. It must end there, though (line end or white space), so that a longer
                // boundary it is a prefix of ("--b" vs "--b-alt") is told apart.
                let ends = isClose || j >= lineEnd || ByteScan.isWhite(buf[j])
                if ends { return BoundaryMatch(lineStart: pos, lineEnd: lineEnd, level: level, isClose: isClose) }
            }
            level -= 1
        }
        return nil
    }

    /// The end of content before a delimiter line: the line break before it belongs to the delimiter.
    private func contentEnd(before lineStart: Int, floor: Int) -> Int {
        var e = lineStart
        if e > floor && buf[e - 1] == ByteScan.lf { e -= 1 }
        if e > floor && buf[e - 1] == ByteScan.cr { e -= 1 }
        return max(e, floor)
    }
}
