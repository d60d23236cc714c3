import ArgumentParser
import Foundation
import InboxCore

/// `inbox templates list|show|lint`: the canned replies of the templates folder.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Canned replies: inbox templates [list|show NAME [--ticket N]|lint]",
        discussion: "Templates are Markdown files with front matter and a Mustache body (docs/replies.md).",
        subcommands: [TemplatesList.self, TemplatesShow.self, TemplatesLint.self],
        defaultSubcommand: TemplatesList.self)
}

struct TemplatesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every template with its language and tags.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions

    func run() throws {
        let (config, library) = try templateOptions.load(global)
        if library.templates.isEmpty {
            Output.line(
                "No templates in \(templateOptions.templates ?? TemplateLibrary.defaultFolder(config: config)).")
        }
        for t in library.templates.sorted(by: { ($0.name, $0.language) < ($1.name, $1.language) }) {
            Output.line(TerminalText.columns([t.name, t.language, t.tags.joined(separator: ",")]))
        }
    }
}

struct TemplatesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A template as written, or rendered for a ticket: inbox templates show NAME [--ticket N]")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions
    @Argument(help: "The template's name.") var name: String
    @Option(help: "Render for this ticket's customer.") var ticket: String?
    @Option(help: "The language variant.") var language: String?

    func run() throws {
        let (config, library) = try templateOptions.load(global)
        if let ticket {
            let id = try ticketNumber(ticket)
            let database = try global.openOnEitherEngine()
            let detail = try database.ticketDetail(id)
            let t = try library.template(named: name, language: language ?? detail.customerProfile?.language)
            let context = try database.replyContext(
                detail, agent: global.actingAgent(config), config: config, kb: try? KBLibrary.load(config: config))
            let r = try TemplateRenderer.render(t, context: context)
            Output.line("Subject: \(r.subject)\n\n\(r.body)")
            if let why = r.blockingReason { Output.error(why) }
            return
        }
        let t = try library.template(named: name, language: language)
        Output.line("name: \(t.name)\nlanguage: \(t.language)\ntags: \(t.tags.joined(separator: ", "))")
        if let s = t.subject { Output.line("subject: \(s)") }
        let a = t.actions
        let actions = [
            a.status.map { "status=\($0)" }, a.tags.isEmpty ? nil : "tags=" + a.tags.joined(separator: ","),
            a.assignee.map { "assignee=\($0)" },
        ].compactMap { $0 }
        if !actions.isEmpty { Output.line("actions: " + actions.joined(separator: " ")) }
        Output.line("\n" + t.body)
    }
}

struct TemplatesLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check every template: front matter, placeholders, language variants.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions

    func run() throws {
        let library = try templateOptions.load(global).library
        let findings = library.lint()
        for f in findings { Output.line(f.description) }
        guard findings.isEmpty else { throw ExitCode.failure }
        Output.line("\(library.templates.count) templates, no problems.")
    }
}
