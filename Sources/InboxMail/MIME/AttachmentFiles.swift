import Foundation
import InboxCore

#if canImport(Glibc)
    import Glibc
#endif

/// Attachments taken out of a stored message and written to files.
///
/// Names are made safe with ``SafeFilename`` (no path separators, no leading dot, no control
/// characters) and never replace an existing file: a second `report.pdf` becomes
/// `report (2).pdf`.
public enum AttachmentFiles {
    /// The decoded content of the part at `partPath` of a raw message; nil when there is no
    /// such part. With several entities on the path (an embedded message's top part), the one
    /// of `contentType` is taken.
    public static func content(of raw: [UInt8], partPath: String, contentType: String? = nil) -> [UInt8]? {
        let candidates = MessageParser.structure(raw).allEntities.filter { $0.path == partPath && !$0.isMultipart }
        let part = candidates.first { $0.contentType == contentType?.lowercased() } ?? candidates.first
        return part?.decodedBody()
    }

    /// Writes `content` into `folder` (created when missing) under a safe form of `name`,
    /// adding " (2)", " (3)", … before the extension when the name is taken. Returns the file.
    /// - Throws: ``InboxError`` `.io` saying what to check.
    public static func write(_ content: [UInt8], named name: String?, contentType: String?, into folder: URL) throws
        -> URL
    {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw InboxError(
                .io,
                "Cannot create the folder \(folder.path): \(error.localizedDescription) (check that it is writable)")
        }
        let safe = SafeFilename.make(name, contentType: contentType)
        let (stem, ext) = split(safe)
        for n in 1...10_000 {
            let candidate = n == 1 ? safe : "\(stem) (\(n))\(ext)"
            let path = folder.appendingPathComponent(candidate).path
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw InboxError(
                    .io,
                    "Cannot create \(path): \(String(cString: strerror(errno))) (check that the folder is writable)")
            }
            defer { close(fd) }
            var written = 0
            try content.withUnsafeBytes { buf in
                while written < buf.count {
                    let r = Glibc.write(fd, buf.baseAddress! + written, buf.count - written)
                    if r < 0 {
                        if errno == EINTR { continue }
                        throw InboxError(
                            .io, "Cannot write \(path): \(String(cString: strerror(errno))) (is the disk full?)")
                    }
                    written += r
                }
            }
            return URL(fileURLWithPath: path)
        }
        throw InboxError(
            .io, "Cannot save \(safe) in \(folder.path): 10,000 files of that name exist (clean the folder up)")
    }

    /// "report.pdf" → ("report", ".pdf"); a name without an extension keeps it all in the stem.
    static func split(_ name: String) -> (stem: String, ext: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
            name.distance(from: dot, to: name.endIndex) <= 16
        else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }
}
