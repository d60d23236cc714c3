import ArgumentParser
import Foundation
import InboxCore

struct KBOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Articles folder (default [kb] folder, or $XDG_CONFIG_HOME/inbox/kb).", valueName: "dir"))
    var kb: String?

    func load(_ config: InboxConfig) throws -> KBLibrary {
        try KBLibrary.load(config: config, folder: kb)
    }
}

/// `inbox kb`: the knowledge base (DESIGN §18, docs/kb.md).
struct KBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Knowledge base: inbox kb list|show SLUG|lint|suggest TICKET|build --output DIR|gaps",
        discussion:
            "Articles are Markdown files with front matter (title, language, slug, tags, templates) in [kb] folder (docs/kb.md).",
        subcommands: [KBList.self, KBShow.self, KBLint.self, KBSuggest.self, KBBuild.self, KBGaps.self])
}

struct KBList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every article: slug, language, title, tags.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var kbOptions: KBOptions
    @Option(help: "Only this language (ISO 639-1).") var language: String?
    @Flag(help: "Print JSON.") var json = false

    struct Item: Encodable {
        var slug, language, title, url, file: String
        var tags: [String]
    }

    func run() throws {
        let library = try kbOptions.load(try global.loadConfig())
        let articles = library.articles.filter { language == nil || $0.language == language!.lowercased() }
        if json {
            print(
                try Output.json(
                    articles.map {
                        Item(
                            slug: $0.slug, language: $0.language, title: $0.title, url: library.url($0), file: $0.path,
                            tags: $0.tags)
                    }))
            return
        }
        if library.articles.isEmpty { Output.line("No articles in \(library.folder) (see docs/kb.md).") }
        for a in articles {
            Output.line("\(a.slug)\t\(a.language)\t\(a.title)\t\(a.tags.joined(separator: ","))")
        }
    }
}

struct KBShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One article: inbox kb show SLUG [--language tr] [--html]")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var kbOptions: KBOptions
    @Argument(help: "The article's slug.") var slug: String
    @Option(help: "The language variant (default English, else the first).") var language: String?
    @Flag(help: "Print the article's HTML as the help centre shows it.") var html = false

    func run() throws {
        let library = try kbOptions.load(try global.loadConfig())
        let a = try library.article(slug: slug, language: language)
        if html {
            print(KBMarkdown.html(a.body))
            return
        }
        let others = library.articles.filter { $0.slug == a.slug && $0.language != a.language }.map(\.language)
        var head =
            "title: \(a.title)\nlanguage: \(a.language)\nslug: \(a.slug)\nurl: \(library.url(a))\nfile: \(a.path)"
        if !a.tags.isEmpty { head += "\ntags: " + a.tags.joined(separator: ", ") }
        if !a.templates.isEmpty { head += "\ntemplates: " + a.templates.joined(separator: ", ") }
        if !others.isEmpty { head += "\nother languages: " + others.joined(separator: ", ") }
        Output.line(head + "\n\n" + a.plainText)
    }
}

struct KBLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every article (front matter, duplicates, links) and the templates' {{kb.SLUG.url}}.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var kbOptions: KBOptions
    @OptionGroup var templateOptions: TemplateOptions

    func run() throws {
        let config = try global.loadConfig()
        let library = try kbOptions.load(config)
        // Without templates (none in the folder) there is nothing to check `templates:` against.
        let templates = (try? templateOptions.load(config)).flatMap { $0.templates.isEmpty ? nil : $0 }
        let findings = library.lint(templates: templates)
        for f in findings { Output.line(f.description) }
        let serious = findings.filter { $0.kind != .noBaseURL }
        if serious.isEmpty {
            Output.line("\(library.articles.count) articles in \(library.languages.count) languages, no problems.")
        } else {
            throw ExitCode.failure
        }
    }
}

struct KBSuggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract:
            "Articles for a ticket's latest customer message, the customer's language first: inbox kb suggest 1042 [--json]"
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var kbOptions: KBOptions
    @Argument(help: "Ticket number.") var ticket: String
    @Option(help: "At most this many articles.") var limit: Int = 10
    @Flag(help: "Print JSON (docs/json.md).") var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let id = try ticketNumber(ticket)
        let config = try global.loadConfig()
        let library = try kbOptions.load(config)
        let detail = try global.openOnEitherEngine().ticketDetail(id)
        let suggestions = library.suggest(for: detail, limit: limit)
        if json {
            print(try Output.json(suggestions))
            return
        }
        if library.articles.isEmpty {
            Output.line("No articles in \(library.folder) (see docs/kb.md).")
        } else if suggestions.isEmpty {
            Output.line("No article matches the latest message of #\(id).")
        }
        for s in suggestions {
            Output.line("\(s.slug)\t\(s.language)\t\(String(format: "%.2f", s.score))\t\(s.title)\t\(s.url)")
        }
    }
}

struct KBBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write the static help centre: inbox kb build --output DIR",
        discussion:
            "index.html (a section per language), one page per article, search.html with its index; no server needed.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var kbOptions: KBOptions
    @Option(name: [.short, .long], help: ArgumentHelp("The folder to write.", valueName: "dir")) var output: String
    @Option(help: "The site's title.") var title: String = "Help centre"

    func run() throws {
        let library = try kbOptions.load(try global.loadConfig())
        let summary = try HelpCentre.build(library, output: output, title: title)
        let skipped = library.articles.count - summary.articles
        Output.line(
            "Wrote \(summary.articles) articles in \(summary.languages.count) languages (\(summary.languages.joined(separator: ", "))) to \(output)/index.html"
                + (skipped > 0 ? "; left out \(skipped) with a bad slug or language (inbox kb lint)" : ""))
    }
}

struct KBGaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract:
            "Common complaints (the report's words, pairs and tags) that no article answers: inbox kb gaps [--since 90d]"
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var kbOptions: KBOptions
    @Option(help: ArgumentHelp("Start of the range (default: 90 days ago).", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("End of the range, inclusive of a bare date (default: now).", valueName: "date"))
    var until: String?
    @Option(help: "Only tickets of this queue.") var queue: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let config = try global.loadConfig()
        let library = try kbOptions.load(config)
        let database = try global.openOnEitherEngine()
        let tz = try ReportBuilder(database: database, config: config).calendar(queue: queue).timeZone
        let now = Date()
        let end = try until.map { try ReportDate.parse($0, timeZone: tz, now: now, endOfDay: true) } ?? now
        let start =
            try since.map { try ReportDate.parse($0, timeZone: tz, now: now) } ?? end.addingTimeInterval(-90 * 86400)
        guard start < end else { throw ValidationError("--since must be before --until (the range is empty).") }
        let gaps = try library.gaps(database: database, range: ReportRange(since: start, until: end, queue: queue))
        if json {
            print(try Output.json(gaps))
            return
        }
        if gaps.isEmpty {
            Output.line("Every common complaint has an article (or there are too few tickets in the range).")
        }
        for g in gaps { Output.line("\(g.count)\t\(g.kind)\t\(g.term)") }
    }
}
