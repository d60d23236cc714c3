import ArgumentParser
import Foundation
import InboxCore
import InboxMail

/// `inbox doctor`: checks the setup and says what to fix, one line per check.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the config, permissions, database, templates and mail servers; say what to fix.",
        discussion: """
            One line per check, ✔ when fine and ✘ with what to do when not. Each IMAP account and the \
            SMTP server are connected to and signed in to (no mail is read or sent). Exits 1 when a \
            check fails.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions

    @Flag(help: "Skip the IMAP and SMTP servers (no network).")
    var offline = false

    func run() async throws {
        try global.startLog("doctor")
        let configPath = global.configPath
        let databasePath = global.databasePath
        let folder = templateOptions.templates
        let servers = !offline
        let report = await DoctorReport.run(
            configPath: configPath, databasePath: databasePath, templatesFolder: folder, servers: servers)
        Output.line("inbox \(report.version)")
        for check in report.checks { Output.line(check.line) }
        Output.line("log: \(InboxLog.defaultPath)")
        if !report.passed { throw ExitCode.failure }
    }
}
