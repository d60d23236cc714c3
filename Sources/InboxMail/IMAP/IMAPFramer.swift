#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits the bytes a server sends into whole responses: a line ending in CRLF, or, when the
/// line ends with a literal announcement (`{123}`, `{123+}`, `~{123}`), that line, the literal's
/// bytes and whatever follows, up to the first line that announces no literal.
///
/// Bytes may arrive in any chunking (one byte at a time, a literal split across reads); the
/// framer only looks at each byte once. A bare LF ends a line too (some servers send one).
public struct IMAPFramer: Sendable {
    /// The largest literal accepted; a bigger announcement is a protocol error.
    public var maximumLiteral: Int

    private var buffer: [UInt8] = []
    /// Start of the response being assembled.
    private var frameStart = 0
    /// Everything before this index (from `frameStart`) has been examined.
    private var scanned = 0
    /// Start of the current line within the response.
    private var lineStart = 0
    /// Literal bytes still to skip before looking for a line end again.
    private var literalRemaining = 0

    public init(maximumLiteral: Int = 1 << 30) {
        self.maximumLiteral = maximumLiteral
    }

    /// Bytes received but not yet returned as a response.
    public var bufferedBytes: Int { buffer.count - frameStart }

    public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, or nil when more bytes are needed.
    /// - Throws: ``IMAPProtocolError`` for a literal larger than ``maximumLiteral``.
    public mutating func next() throws -> [UInt8]? {
        while true {
            if literalRemaining > 0 {
                let take = min(literalRemaining, buffer.count - scanned)
                scanned += take
                literalRemaining -= take
                if literalRemaining > 0 { return nil }
                lineStart = scanned
            }
            guard let lf = findLF(from: scanned) else {
                scanned = buffer.count
                return nil
            }
            scanned = lf + 1
            if let literal = try literalLength(lineEnd: lf) {
                literalRemaining = literal
                if literal == 0 { lineStart = scanned }
                continue
            }
            let frame = Array(buffer[frameStart..<scanned])
            frameStart = scanned
            lineStart = scanned
            compact()
            return frame
        }
    }

    private func findLF(from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { p -> Int? in
            guard start < p.count, let base = p.baseAddress else { return nil }
            guard let hit = memchr(base + start, 0x0A, p.count - start) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The literal size announced at the end of the line ending at `lf`, if any.
    private func literalLength(lineEnd lf: Int) throws -> Int? {
        var end = lf
        if end > lineStart, buffer[end - 1] == 0x0D { end -= 1 }
        guard end > lineStart, buffer[end - 1] == UInt8(ascii: "}") else { return nil }
        var i = end - 2
        if i >= lineStart, buffer[i] == UInt8(ascii: "+") || buffer[i] == UInt8(ascii: "-") { i -= 1 }
        var value = 0
        var multiplier = 1
        var digits = 0
        while i >= lineStart, buffer[i] >= 0x30, buffer[i] <= 0x39 {
            digits += 1
            if digits > 12 { return nil }
            value += Int(buffer[i] - 0x30) * multiplier
            multiplier *= 10
            i -= 1
        }
        guard digits > 0, i >= lineStart, buffer[i] == UInt8(ascii: "{") else { return nil }
        if value > maximumLiteral {
            throw IMAPProtocolError(
                "the server announced a literal of \(value) bytes, more than the \(maximumLiteral) accepted")
        }
        return value
    }

    /// Drops returned bytes once they are the larger part of the buffer.
    private mutating func compact() {
        if frameStart == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            frameStart = 0
            scanned = 0
            lineStart = 0
        } else if frameStart > 1 << 16, frameStart > buffer.count / 2 {
            buffer.removeSubrange(0..<frameStart)
            scanned -= frameStart
            lineStart -= frameStart
            frameStart = 0
        }
    }
}

/// The server sent something that is not IMAP as the client understands it.
public struct IMAPProtocolError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
