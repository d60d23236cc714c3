import Foundation
import InboxTestSupport
import Logging
import Testing

@testable import InboxCore

/// The log file: one line per event, escapes neutralised, rotated by size, levels by name.
@Suite struct LogFileTests {
    let dir = TemporaryFolder("inbox-log")

    @Test func linesAreAppendedWithLevelLabelAndMetadata() throws {
        let file = try LogFile.open(path: dir.file("state/inbox/inbox.log"))
        var logger = Logger(label: "inbox.test") { FileLogHandler(label: $0, file: file, level: .info) }
        logger[metadataKey: "account"] = "støtte"
        logger.debug("not at info level")
        logger.info("synced İstanbul order", metadata: ["new": "3"])
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(!text.contains("not at info level"))
        #expect(text.contains(" info inbox.test: synced İstanbul order account=støtte new=3\n"), "\(text)")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600, "the log is private")
    }

    @Test func escapeSequencesAndNewlinesNeverReachTheFile() throws {
        let file = try LogFile.open(path: dir.file("inbox.log"))
        let logger = Logger(label: "inbox.imap") { FileLogHandler(label: $0, file: file, level: .trace) }
        logger.warning("subject \u{1B}[31mred\u{1B}[0m\r\nforged line")
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(!text.contains("\u{1B}"))
        #expect(text.split(separator: "\n").count == 1, "one event, one line: \(text)")
        #expect(text.contains("\\u{1b}[31mred"))
    }

    @Test func rotatesBySizeKeepingThreeOldFiles() throws {
        let file = try LogFile.open(path: dir.file("inbox.log"), maxBytes: 4096, keep: 3)
        let line = String(repeating: "ż", count: 500)  // 1000 bytes of UTF-8
        for i in 0..<40 { file.append("\(i) \(line)") }
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber
        #expect((size?.intValue ?? 0) <= 4096)
        #expect(file.rotatedFiles == [dir.file("inbox.log.1"), dir.file("inbox.log.2"), dir.file("inbox.log.3")])
        #expect(!FileManager.default.fileExists(atPath: dir.file("inbox.log.4")))
        let newest = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(newest.contains("39 "), "the newest line is in the current file")
        let previous = try String(contentsOfFile: dir.file("inbox.log.1"), encoding: .utf8)
        #expect(!previous.contains("39 ") && previous.hasSuffix("\n"), "rotation splits at line ends")
    }

    @Test func levelsByNameAndEnvironment() throws {
        #expect(try InboxLog.level(nil, environment: [:]) == .info)
        #expect(try InboxLog.level("DEBUG", environment: [:]) == .debug)
        #expect(try InboxLog.level(nil, environment: ["INBOX_LOG_LEVEL": "warning"]) == .warning)
        #expect(try InboxLog.level("error", environment: ["INBOX_LOG_LEVEL": "trace"]) == .error, "the option wins")
        do {
            _ = try InboxLog.level("loud", environment: [:])
            Issue.record("an unknown level must be refused")
        } catch {
            #expect("\(error)".contains("use trace, debug, info"))
        }
    }

    @Test func unwritableFolderIsAClearError() throws {
        let blocker = dir.write("state", "a file where the folder should be")
        do {
            _ = try LogFile.open(path: blocker + "/inbox/inbox.log")
            Issue.record("opening under a file must fail")
        } catch {
            #expect("\(error)".contains("XDG_STATE_HOME"), "\(error)")
        }
    }
}
