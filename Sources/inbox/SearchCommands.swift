import ArgumentParser
import Foundation
import InboxCore
import InboxTUI

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find messages: words, \"phrases\", refu*, field:value terms, -negation, OR, ( ).",
        discussion: """
            Fields: \(SearchQuery.fields.map { "\($0.name): \($0.help)" }.joined(separator: "\n        "))
            Diacritics and case do not matter (musteri finds Müşteri, lodz finds Łódź); order
            numbers match whole (PL-7781). See docs/search.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The query (quote it for the shell).") var query: [String]
    @Option(help: "At most this many results.") var limit: Int = 20
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if query.isEmpty { throw ValidationError("Give a query, e.g. inbox search 'refund from:@example.pl'.") }
    }

    func run() throws {
        // Runs on both engines (docs/search.md): PostgreSQL's full text needs no index catch-up.
        let database = try global.openOnEitherEngine()
        let hits = try database.search(query.joined(separator: " "), limit: limit, me: global.me())
        if json {
            print(try Output.json(hits))
            return
        }
        if hits.isEmpty {
            Output.line("No messages match.")
            return
        }
        let bold = Output.stdoutIsTerminal
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        for hit in hits {
            let ticket = hit.ticket.map { "#\($0)" } ?? "quarantine"
            let date = hit.date.map { formatter.string(from: $0) } ?? "----------"
            let from = hit.from.map { $0.name ?? $0.address } ?? ""
            Output.line("\(ticket)  \(date)  \(from)  \(hit.subject)")
            let open = bold ? "\u{1B}[1m" : "["
            let close = bold ? "\u{1B}[0m" : "]"
            // Sanitize the text first, then add our own markers.
            let snippet = Highlighter.Snippet(
                text: TerminalText.sanitize(hit.snippet.text), highlights: hit.snippet.highlights)
            // Not through Output.line: the text is sanitised and the bold markers are ours.
            print("    " + snippet.marked(open: open, close: close))
        }
    }
}

struct ViewsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "views", abstract: "Saved views (searches shown in the TUI sidebar).",
        subcommands: [List.self, Save.self, Delete.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List saved views with their ticket counts.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let views = try global.openOnEitherEngine().savedViews(me: global.me())
            if json {
                print(try Output.json(views))
            } else if views.isEmpty {
                Output.line(
                    "No saved views (save one with `inbox views save NAME QUERY`, or :save-view NAME in the TUI).")
            } else {
                for v in views { Output.line(TerminalText.sanitize("\(v.name)  (\(v.count))  \(v.query)")) }
            }
        }
    }

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save a search as a view.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The view's name.") var name: String
        @Argument(help: "The query.") var query: [String]

        func run() throws {
            let database = try global.openOnEitherEngine()
            try database.saveView(name: name, query: query.joined(separator: " "))
            Output.line("Saved view \(name).")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a saved view.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The view's name.") var name: String

        func run() throws {
            try global.openOnEitherEngine().deleteView(name: name)
            Output.line("Deleted view \(name).")
        }
    }
}
