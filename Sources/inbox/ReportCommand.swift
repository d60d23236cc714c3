import ArgumentParser
import Foundation
import InboxCore

/// `inbox report`: KPIs over a date range (DESIGN §10, docs/reports.md).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Team KPIs over a date range as text, JSON, CSV or HTML (see docs/reports.md).",
        discussion: """
            The range is [--since, --until): the last 30 days by default. Dates are read in the \
            SLA calendar's time zone: \(ReportDate.forms). A bare --until date includes that day.

            --agent NAME (the global option) keeps the tickets assigned to NAME.

            --format csv writes one file per table into the folder --output names.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Start of the range (default: 30 days ago).", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("End of the range, inclusive of a bare date (default: now).", valueName: "date"))
    var until: String?
    @Option(help: "Only tickets of this queue.") var queue: String?
    @Option(help: "text, json, csv or html.") var format: String = "text"
    @Option(
        name: [.short, .long],
        help: ArgumentHelp("File to write (a folder for csv); default standard output.", valueName: "path"))
    var output: String?
    @Option(help: "Width of the text report in columns (at least 60).") var width: Int = 80
    @Flag(help: "Print what each number means and exit.") var explain = false

    static let formats = ["text", "json", "csv", "html"]

    func validate() throws {
        guard Self.formats.contains(format) else {
            throw ValidationError("--format must be one of: \(Self.formats.joined(separator: ", ")).")
        }
        if format == "csv" && output == nil && !explain {
            throw ValidationError("--format csv writes one file per table: name a folder with --output DIR.")
        }
        if width < 60 { throw ValidationError("--width must be at least 60.") }
    }

    func run() throws {
        if explain {
            Output.line(ReportDefinitions.text(width: width), terminator: "")
            return
        }
        let database = try global.openOnEitherEngine()
        let config = try global.loadConfig()
        var builder = try ReportBuilder(database: database, config: config)
        builder.login = global.agentName
        let now = Date()
        let tz = builder.calendar(queue: queue).timeZone
        let end = try until.map { try ReportDate.parse($0, timeZone: tz, now: now, endOfDay: true) } ?? now
        let start =
            try since.map { try ReportDate.parse($0, timeZone: tz, now: now) } ?? end.addingTimeInterval(-30 * 86400)
        guard start < end else {
            throw ValidationError("--since must be before --until (the range is empty).")
        }
        // The global --agent names who acts; given on the command line it narrows the report.
        let report = try builder.build(
            ReportRange(since: start, until: end, queue: queue, agent: global.agent), now: now)
        switch format {
        case "json": try emit(ReportJSON.render(report))
        case "html": try emit(ReportHTML.render(report))
        case "csv":
            let dir = output!
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for t in ReportCSV.tables(report) {
                    try Data(t.csv.utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent(t.name + ".csv"))
                }
            } catch {
                throw InboxError(
                    .io,
                    "Cannot write the CSV tables into \(dir): \(error.localizedDescription) (choose another --output folder)"
                )
            }
            Output.line(
                "Wrote \(ReportCSV.tableNames.count) tables to \(dir): \(ReportCSV.tableNames.map { $0 + ".csv" }.joined(separator: ", "))"
            )
        default: try emit(ReportText.render(report, width: width))
        }
    }

    private func emit(_ text: String) throws {
        guard let output else {
            Output.line(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw InboxError(
                .io, "Cannot write \(output): \(error.localizedDescription) (choose another --output path)")
        }
    }
}
