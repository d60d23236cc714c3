import ArgumentParser
import Foundation
import InboxCore
import Logging

extension GlobalOptions {
    /// Sends this run's log to `$XDG_STATE_HOME/inbox/inbox.log` (long-running commands and the
    /// TUI). A log file that cannot be opened is one warning on stderr; the command goes on.
    func startLog(_ command: String) throws {
        let level: Logger.Level
        do {
            level = try InboxLog.level(logLevel)
        } catch {
            throw ValidationError("--log-level: \(error)")
        }
        do {
            try InboxLog.start(command: command, level: level)
        } catch {
            Output.error("warning: \(error); this run is not logged")
        }
    }
}
