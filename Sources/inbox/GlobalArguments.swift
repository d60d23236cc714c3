import ArgumentParser

/// Lets the global options (`--db`, `--config`, `--agent`) come before the subcommand, as in
/// git and aerc: `inbox --config X queues` is read as `inbox queues --config X`.
///
/// argument-parser only accepts a command's options after its name, and the root command
/// has none (a leading option went to the default `tui` command, which then rejected
/// `queues`). So the global options written before the subcommand path are moved to just
/// after it, before `main` parses.
enum GlobalArguments {
    static let optionNames: Set<String> = ["--db", "--config", "--agent"]

    static func reorder(_ arguments: [String], root: any ParsableCommand.Type) -> [String] {
        var path: [String] = []
        var moved: [String] = []
        var command = root
        var i = 0
        walk: while i < arguments.count {
            let a = arguments[i]
            if optionNames.contains(a), i + 1 < arguments.count {
                moved += [a, arguments[i + 1]]
                i += 2
            } else if let eq = a.firstIndex(of: "="), optionNames.contains(String(a[..<eq])) {
                moved.append(a)
                i += 1
            } else if let sub = command.configuration.subcommands.first(where: { $0._commandName == a }) {
                path.append(a)
                command = sub
                i += 1
            } else {
                break walk
            }
        }
        return path + moved + arguments[i...]
    }
}
