import Glibc

/// Whole-file reads for single messages (Maildir files, .eml files).
enum FileReading {
    /// The bytes of a regular file.
    /// - Throws: ``MailReaderError`` for a missing, unreadable or non-regular file.
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw MailReaderError.errno(path, "open it") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw MailReaderError.errno(path, "read its size") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw MailReaderError(path: path, "is a folder (use `inbox import maildir` for a Maildir)")
        }
        let size = Int(st.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress! + done, size - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw MailReaderError.errno(path, "read it")
            }
            if n == 0 { break }
            done += n
        }
        if done < size { bytes.removeSubrange(done...) }
        return bytes
    }

    /// True for text with a header line (`Name: value`, or an obsolete `Name : value`) among
    /// its first 64 lines. Binary data (more than 10 % control bytes near the start) is not
    /// mail; malformed mail is, and the parser records what is wrong with it.
    static func looksLikeMail(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        var controls = 0
        for b in head where (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F {
            controls += 1
        }
        if controls * 10 > head.count { return false }
        var lineStart = head.startIndex
        var lines = 0
        while lineStart < head.endIndex, lines < 64 {
            let end = head[lineStart...].firstIndex(of: 0x0A) ?? head.endIndex
            var i = lineStart
            while i < end, head[i] > 0x20, head[i] < 0x7F, head[i] != UInt8(ascii: ":") { i += 1 }
            let nameLength = i - lineStart
            while i < end, head[i] == 0x20 || head[i] == 0x09 { i += 1 }
            if nameLength > 0, i < end, head[i] == UInt8(ascii: ":") { return true }
            lineStart = end + 1
            lines += 1
        }
        return false
    }

    /// Checks that `bytes` look like one mail message and returns them without a leading
    /// mbox `From ` line.
    /// - Throws: ``MailReaderError`` for an empty file or one that does not start with a header.
    static func singleMessage(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        if bytes.isEmpty { throw MailReaderError(path: path, "the file is empty (nothing to import)") }
        var body = bytes
        if bytes.starts(with: Array("From ".utf8)), let nl = bytes.firstIndex(of: 0x0A) {
            body = Array(bytes[(nl + 1)...])
        }
        guard looksLikeMail(body) else {
            throw MailReaderError(
                path: path, "does not look like a mail message: no header line such as \"From: …\" near its start")
        }
        return body
    }
}
