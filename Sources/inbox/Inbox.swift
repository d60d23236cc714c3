import ArgumentParser
import Foundation
import InboxCore

/// `inbox`: the terminal helpdesk. Argument parsing only; every command calls the libraries.
struct Inbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "A terminal helpdesk: work support queues, answer customers, review conversations.",
        version: InboxVersion.current,
        subcommands: [
            TUICommand.self, InitCommand.self, ImportCommand.self, QueuesCommand.self, TicketsCommand.self,
            ShowCommand.self, SearchCommand.self, ViewsCommand.self, ParseCommand.self, SetCommand.self,
            MergeCommand.self, SplitCommand.self, UndoCommand.self, PresenceCommand.self, CustomerCommand.self,
            QuarantineCommand.self, ExportCommand.self, ReviewCommand.self, SyncCommand.self, ReplyCommand.self,
            ForwardCommand.self,
            NoteCommand.self, OutboxCommand.self, TemplatesCommand.self, ReportCommand.self,
            RulesCommand.self, TickCommand.self, SnoozeCommand.self, AgentsCommand.self, KBCommand.self,
            OrdersCommand.self, DoctorCommand.self, DbCommand.self,
        ],
        defaultSubcommand: TUICommand.self)
}

@main
enum Main {
    static func main() async {
        setlocale(LC_ALL, "")
        do {
            var command = try Inbox.parseAsRoot(
                GlobalArguments.reorder(Array(CommandLine.arguments.dropFirst()), root: Inbox.self))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = Inbox.exitCode(for: error)
            let message = Inbox.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            if !message.isEmpty { Output.error(message) }
            if code == .validationFailure { exit(2) }
            exit(code == .failure || error is ExitCode ? code.rawValue : 1)
        }
    }
}
