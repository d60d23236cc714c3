import Glibc

/// One message read from an mbox file.
public struct MboxMessage: Sendable {
    /// The message bytes as originally received: the `From ` separator line removed,
    /// `>From ` lines unescaped, the blank separator line dropped.
    public var raw: [UInt8]
    /// File offset of this message's `From ` line.
    public var offset: Int64
    /// File offset just past this message (the start of the next `From ` line, or the end of file).
    public var endOffset: Int64
    /// Problems noticed while reading (e.g. a last message cut short).
    public var problems: [String]
}

/// How `>From ` lines are unescaped.
public enum MboxFlavor: String, Sendable, CaseIterable {
    /// mboxrd: every `>+From ` line loses one `>` (the default; also right for most mboxo files).
    case mboxrd
    /// mboxo: only `>From ` becomes `From `.
    case mboxo
}

/// Streams the messages of an mbox file in bounded memory (it holds a few MB at a time,
/// whatever the file size). Handles LF and CRLF files and a last message without a newline.
///
/// Not thread-safe: one reader per thread. The file is opened read-only and never modified.
public final class MboxReader {
    public let path: String
    public let fileSize: Int64
    /// `device:inode:first-line fingerprint`, stored with the offset for incremental imports.
    public let identity: String
    private let fd: Int32
    private let flavor: MboxFlavor
    private var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private var bufferStart: Int64
    private var position = 0
    private var eof = false
    private static let chunk = 1 << 22

    /// Opens `path` and positions the reader at `offset` (which must be the start of a
    /// `From ` line, or the end of the file).
    /// - Throws: ``MailReaderError`` when the file cannot be opened, is empty, or is not an mbox.
    public init(path: String, offset: Int64 = 0, flavor: MboxFlavor = .mboxrd) throws {
        self.path = path
        self.flavor = flavor
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw MailReaderError.errno(path, "open it") }
        var st = stat()
        if fstat(fd, &st) != 0 {
            let error = MailReaderError.errno(path, "read its size")
            Glibc.close(fd)
            throw error
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw MailReaderError(
                path: path, "is a folder, not an mbox file (use `inbox import maildir` for a Maildir)")
        }
        self.fd = fd
        self.fileSize = Int64(st.st_size)
        var head = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &head, 256, 0)
        head = Array(head.prefix(max(0, n)))
        if head.isEmpty {
            Glibc.close(fd)
            throw MailReaderError(path: path, "the file is empty (nothing to import)")
        }
        if !head.starts(with: Array("From ".utf8)) {
            Glibc.close(fd)
            let hint =
                MboxReader.looksLikeHeader(head)
                ? "it starts with a header, so it may be a single message: use `inbox import eml`"
                : "it is not mail"
            throw MailReaderError(path: path, "not an mbox file: it does not start with a \"From \" line (\(hint))")
        }
        let firstLine = head.prefix { $0 != 0x0A }
        var fingerprint: UInt64 = 1_469_598_103_934_665_603
        for b in firstLine {
            fingerprint = (fingerprint ^ UInt64(b)) &* 1_099_511_628_211
        }
        self.identity = "\(st.st_dev):\(st.st_ino):\(String(fingerprint, radix: 16))"
        self.bufferStart = min(max(offset, 0), fileSize)
        if lseek(fd, off_t(bufferStart), SEEK_SET) < 0 {
            Glibc.close(fd)
            throw MailReaderError.errno(path, "seek in it")
        }
    }

    deinit { Glibc.close(fd) }

    /// True when `offset` is the end of the file or the start of a `From ` line: a stored
    /// checkpoint is only trusted when this holds.
    public func isMessageBoundary(_ offset: Int64) -> Bool {
        if offset == fileSize { return true }
        if offset > fileSize || offset < 0 { return false }
        var head = [UInt8](repeating: 0, count: 5)
        guard pread(fd, &head, 5, off_t(offset)) == 5 else { return false }
        guard head == Array("From ".utf8) else { return false }
        if offset == 0 { return true }
        var prev: UInt8 = 0
        return pread(fd, &prev, 1, off_t(offset - 1)) == 1 && prev == 0x0A
    }

    static func looksLikeHeader(_ bytes: [UInt8]) -> Bool {
        var sawName = false
        for b in bytes {
            if b == UInt8(ascii: ":") { return sawName }
            if b <= 0x20 || b >= 0x7F { return false }
            sawName = true
        }
        return false
    }

    // MARK: - Reading

    /// Reads more of the file into the buffer. Returns false at end of file.
    private func fill() throws -> Bool {
        if eof { return false }
        let fd = self.fd
        var failed = false
        let chunkData = [UInt8](unsafeUninitializedCapacity: MboxReader.chunk) { raw, initialized in
            var n: Int
            repeat {
                n = Glibc.read(fd, raw.baseAddress!, MboxReader.chunk)
            } while n < 0 && errno == EINTR
            if n < 0 { failed = true }
            initialized = max(0, n)
        }
        if failed { throw MailReaderError.errno(path, "read it") }
        let readCount = chunkData.count
        buffer.append(contentsOf: chunkData)
        if readCount == 0 { eof = true }
        return readCount > 0
    }

    /// Index just past the next LF at or after `from`, reading more as needed; nil at end of file.
    private func lineEnd(from: Int) throws -> Int? {
        var start = from
        while true {
            let count = buffer.count
            if start < count {
                let found: Int? = buffer.withUnsafeBytes { raw in
                    guard let p = memchr(raw.baseAddress! + start, 0x0A, count - start) else { return nil }
                    return raw.baseAddress!.distance(to: UnsafeRawPointer(p)) + 1
                }
                if let found { return found }
                start = count
            }
            if try !fill() { return nil }
        }
    }

    /// The next message, or nil at the end of the file.
    public func next() throws -> MboxMessage? {
        if position >= buffer.count, try !fill() { return nil }
        // Skip stray blank lines between messages.
        while position < buffer.count, buffer[position] == 0x0A || buffer[position] == 0x0D {
            position += 1
            if position >= buffer.count, try !fill() { return nil }
        }
        if position >= buffer.count { return nil }
        // position is at a "From " line. Drop what was consumed; only here, between messages,
        // because the scan below keeps indices into the buffer.
        if position >= MboxReader.chunk {
            buffer.removeSubrange(0..<position)
            bufferStart += Int64(position)
            position = 0
        }
        let fromLine = position
        let messageOffset = bufferStart + Int64(fromLine)
        guard let bodyStart = try lineEnd(from: fromLine) else {
            position = buffer.count
            return MboxMessage(
                raw: [], offset: messageOffset, endOffset: bufferStart + Int64(buffer.count),
                problems: ["The file ends with a \"From \" line and no message after it (it may be truncated)."])
        }
        var lineStart = bodyStart
        var previousBlank = true  // a From line right after the separator counts as a new message
        var escapes: [Int] = []
        var end = -1
        var firstLine = true
        while true {
            // The lines already in the buffer, scanned in one pass (one memchr a line); a line
            // cut by the end of the buffer is scanned again after the next read.
            let count = buffer.count
            let separator: Int? = buffer.withUnsafeBufferPointer { p -> Int? in
                guard let base = p.baseAddress else { return nil }
                while lineStart < count {
                    guard let lf = memchr(base + lineStart, 0x0A, count - lineStart) else { return nil }
                    let next = UnsafeRawPointer(lf) - UnsafeRawPointer(base) + 1
                    let first = base[lineStart]
                    if !firstLine, first == UInt8(ascii: "F"),
                        isSeparator(lineStart, next, previousBlank: previousBlank)
                    {
                        return lineStart
                    }
                    firstLine = false
                    if first == UInt8(ascii: ">"), isEscapedFrom(lineStart, next) {
                        escapes.append(lineStart)
                    }
                    let length = next - lineStart
                    previousBlank = length == 1 || (length == 2 && first == 0x0D)
                    lineStart = next
                }
                return nil
            }
            if let separator {
                end = separator
                break
            }
            if try !fill() {
                end = buffer.count
                break
            }
        }
        var problems: [String] = []
        var stop = end
        if end == buffer.count {
            // Last message of the file.
            if end > bodyStart, buffer[end - 1] != 0x0A {
                problems.append("The last message of the file ends without a newline (the file may be truncated).")
            }
        }
        // Drop the blank separator line that mbox writers add after each message.
        if stop - bodyStart >= 2, buffer[stop - 1] == 0x0A, buffer[stop - 2] == 0x0A {
            stop -= 1
        } else if stop - bodyStart >= 4, buffer[stop - 1] == 0x0A, buffer[stop - 2] == 0x0D, buffer[stop - 3] == 0x0A,
            buffer[stop - 4] == 0x0D
        {
            stop -= 2
        }
        var raw: [UInt8]
        if escapes.isEmpty {
            raw = Array(buffer[bodyStart..<stop])
        } else {
            raw = []
            raw.reserveCapacity(stop - bodyStart)
            var copied = bodyStart
            for e in escapes where e < stop {
                raw.append(contentsOf: buffer[copied..<e])
                copied = e + 1  // drop one '>'
            }
            raw.append(contentsOf: buffer[copied..<stop])
        }
        if raw.isEmpty {
            problems.append("An empty message (a \"From \" line with nothing after it).")
        }
        position = end
        return MboxMessage(
            raw: raw, offset: messageOffset, endOffset: bufferStart + Int64(end), problems: problems)
    }

    private func isEscapedFrom(_ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end, buffer[i] == UInt8(ascii: ">") { i += 1 }
        let count = i - start
        guard flavor == .mboxrd || count == 1 else { return false }
        return end - i >= 5 && buffer[i] == 0x46 && buffer[i + 1] == 0x72 && buffer[i + 2] == 0x6F
            && buffer[i + 3] == 0x6D && buffer[i + 4] == 0x20
    }

    /// A `From ` line after a blank line separates messages; without the blank line it must
    /// also look like a separator (`From sender date` with a time of day in it).
    private func isSeparator(_ start: Int, _ end: Int, previousBlank: Bool) -> Bool {
        guard end - start >= 5, buffer[start + 1] == 0x72, buffer[start + 2] == 0x6F, buffer[start + 3] == 0x6D,
            buffer[start + 4] == 0x20
        else { return false }
        if previousBlank { return true }
        // "From x@y Tue Nov  3 10:12:00 2026": look for dd:dd
        var i = start + 5
        while i + 4 < end {
            if buffer[i + 2] == UInt8(ascii: ":"), isDigit(buffer[i]), isDigit(buffer[i + 1]), isDigit(buffer[i + 3]),
                isDigit(buffer[i + 4])
            {
                return true
            }
            i += 1
        }
        return false
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
