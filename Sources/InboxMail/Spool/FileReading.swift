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

    /// Checks that `bytes` look like one mail message and returns them without a leading
    /// mbox `From ` line.
    /// - Throws: ``MailReaderError`` for an empty file or one that does not start with a header.
    static func singleMessage(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        if bytes.isEmpty { throw MailReaderError(path: path, "the file is empty (nothing to import)") }
        var body = bytes
        if bytes.starts(with: Array("From ".utf8)), let nl = bytes.firstIndex(of: 0x0A) {
            body = Array(bytes[(nl + 1)...])
        }
        guard MboxReader.looksLikeHeader(Array(body.prefix(256))) else {
            throw MailReaderError(path: path, "does not look like a mail message: it does not start with a header line such as \"From: …\"")
        }
        return body
    }
}
