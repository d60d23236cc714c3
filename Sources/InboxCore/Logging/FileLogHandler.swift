import Foundation
import Logging
import Synchronization

/// A swift-log handler that appends one line per message to a log file and rotates it by size:
/// when a write would take the file over `maxBytes`, `inbox.log` becomes `inbox.log.1` (the older
/// `.1` becomes `.2`, …, up to `keep` old files) and a new file starts.
///
/// What the caller must know:
/// - Nothing is ever written to the terminal: a file that cannot be opened is skipped silently
///   (``LogFile/open(path:maxBytes:keep:)`` reports it once, so the caller can say so).
/// - Messages and metadata are written as given: callers must not put secrets in them.
///   Control characters are escaped, so a log line never holds a terminal escape sequence.
/// - Safe to use from any thread: every write takes the file's lock.
public struct FileLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let label: String
    let file: LogFile

    public init(label: String, file: LogFile, level: Logger.Level) {
        self.label = label
        self.file = file
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        var line = "\(LogFile.timestamp()) \(event.level) \(label): \(event.message)"
        if !all.isEmpty {
            line += " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        file.append(LogFile.clean(line))
    }
}

/// The log file that ``FileLogHandler``s share: one open descriptor behind a lock, rotated by size.
public final class LogFile: Sendable {
    public let path: String
    public let maxBytes: Int
    public let keep: Int
    private struct State {
        var fd: Int32
        var size: Int
    }
    private let state: Mutex<State>

    private init(path: String, fd: Int32, size: Int, maxBytes: Int, keep: Int) {
        self.path = path
        self.maxBytes = maxBytes
        self.keep = keep
        state = Mutex(State(fd: fd, size: size))
    }

    deinit { state.withLock { if $0.fd >= 0 { close($0.fd) } } }

    /// Opens (creating, mode 0600, with its folder) the log file for appending.
    /// - Throws: ``InboxError`` naming the file and what to do when it cannot be opened.
    public static func open(path: String, maxBytes: Int = 5 << 20, keep: Int = 3) throws -> LogFile {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw InboxError(
                .io,
                "Cannot create the log folder \(folder): \(error.localizedDescription) (check its parent's owner and mode, or set XDG_STATE_HOME)"
            )
        }
        let fd = Foundation.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw InboxError(
                .io,
                "Cannot open the log file \(path): \(String(cString: strerror(errno))) (check its owner and mode, or set XDG_STATE_HOME)"
            )
        }
        var st = stat()
        let size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        return LogFile(path: path, fd: fd, size: size, maxBytes: max(1024, maxBytes), keep: max(1, keep))
    }

    /// Appends `line` and a newline, rotating first when the file would grow past `maxBytes`.
    public func append(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        state.withLock { s in
            if s.size > 0, s.size + bytes.count > maxBytes { rotate(&s) }
            guard s.fd >= 0 else { return }
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { write(s.fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                written += n
            }
            s.size += written
        }
    }

    private func rotate(_ s: inout State) {
        close(s.fd)
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(path).\(keep)")
        if keep > 1 {
            for n in stride(from: keep - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(path).\(n)") {
                rename("\(path).\(n)", "\(path).\(n + 1)")
            }
        }
        rename(path, "\(path).1")
        s.fd = Foundation.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        s.size = 0
    }

    /// The old files kept beside the log, newest first (`inbox.log.1`, `.2`, …) that exist.
    public var rotatedFiles: [String] {
        (1...keep).map { "\(path).\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    static func timestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
    }

    /// Control characters (escape sequences, CR, LF) as `\u{…}`: one event stays one line.
    static func clean(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
