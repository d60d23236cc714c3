import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// `inbox --version`, and the log file of long-running commands (`--log-level`).
@Suite struct VersionAndLogTests {
    let dir = TemporaryFolder("inbox-log-cli")
    var env: [String: String] {
        [
            "INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": dir.file("config.toml"),
            "XDG_STATE_HOME": dir.file("state"),
        ]
    }
    var log: String { (try? String(contentsOfFile: dir.file("state/inbox/inbox.log"), encoding: .utf8)) ?? "" }

    @Test func versionIsTheOneInTheLibrary() throws {
        let r = try CommandRunner.inbox(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout == InboxVersion.current + "\n")
    }

    @Test func importLogsToTheStateFolderAndKeepsStderrQuiet() throws {
        let mbox = dir.write("a.mbox", MailFactory.mbox([MailFactory.message(id: "a@x", subject: "Sipariş İade")]))
        let r = try CommandRunner.inbox(["import", "mbox", "--log-level", "debug", mbox], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "a successful run prints no log lines: \(r.stderr)")
        #expect(log.contains("inbox \(InboxVersion.current) started: import mbox"), "\(log)")
        let quiet = try CommandRunner.inbox(
            ["import", "mbox", mbox], environment: env.merging(["INBOX_LOG_LEVEL": "error"]) { $1 })
        #expect(quiet.status == 0)
        #expect(
            log.components(separatedBy: "started: import mbox").count == 2,
            "the start line is a notice, below error: \(log)")
    }

    @Test func unknownLogLevelIsBadUsage() throws {
        let mbox = dir.write("a.mbox", MailFactory.mbox([MailFactory.message(id: "a@x")]))
        let r = try CommandRunner.inbox(["import", "mbox", "--log-level", "loud", mbox], environment: env)
        #expect(r.status == 2)
        #expect(r.stderr.contains("\"loud\" is not a log level (use trace, debug, info"), "\(r.stderr)")
    }
}
