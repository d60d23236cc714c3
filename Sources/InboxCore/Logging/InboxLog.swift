import Foundation
import Logging

/// The log of long-running commands (sync, import, outbox flush, tick) and of the TUI:
/// `$XDG_STATE_HOME/inbox/inbox.log` (default `~/.local/state/inbox/inbox.log`), rotated by size.
/// Nothing goes to the terminal: the TUI owns the screen and a successful CLI run prints no log lines.
public enum InboxLog {
    /// The default log file: `$XDG_STATE_HOME/inbox/inbox.log`.
    public static var defaultPath: String { InboxPaths.stateDirectory + "/inbox.log" }

    /// Bytes before the log is rotated, and how many old files are kept.
    public static let maxBytes = 5 << 20
    public static let keep = 3

    /// The level named by `--log-level` or `INBOX_LOG_LEVEL` (trace, debug, info, notice,
    /// warning, error, critical); default info.
    /// - Throws: ``InboxError`` of code `.badInput` for a name that is not a level.
    public static func level(_ name: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> Logger.Level
    {
        let given = name ?? environment["INBOX_LOG_LEVEL"]
        guard let given, !given.isEmpty else { return .info }
        guard let level = Logger.Level(rawValue: given.lowercased()) else {
            throw InboxError(
                .badInput,
                "\"\(given)\" is not a log level (use trace, debug, info, notice, warning, error or critical)")
        }
        return level
    }

    /// Sends every `Logger` of this process to the log file at `path` from now on, and writes a
    /// first line with the version and what started. Call once, at the start of a command.
    /// - Returns: the open file.
    /// - Throws: ``InboxError`` when the file cannot be opened; logging is then switched off
    ///   (loggers discard their messages), so the command can go on and say so once.
    @discardableResult
    public static func start(command: String, level: Logger.Level, path: String = defaultPath) throws -> LogFile {
        let file: LogFile
        do {
            file = try LogFile.open(path: path, maxBytes: maxBytes, keep: keep)
        } catch {
            LoggingSystem.bootstrap { SwiftLogNoOpLogHandler($0) }
            throw error
        }
        LoggingSystem.bootstrap { FileLogHandler(label: $0, file: file, level: level) }
        Logger(label: "inbox").notice("inbox \(InboxVersion.current) started: \(command) (pid \(getpid()))")
        return file
    }
}
