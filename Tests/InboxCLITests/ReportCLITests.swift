import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// `inbox report` through the real binary over the demo mailbox (DESIGN §10, issue 10), on
/// both engines (issue 22).
@Suite(.serialized) struct ReportCLITests {
    let dir = TemporaryFolder("inbox-report")
    let stores = EngineStores()
    var env: [String: String] { ["INBOX_DB": stores.main.location, "INBOX_CONFIG": dir.file("config.toml")] }
    let range = ["--since", "2000-01-01", "--until", "2100-01-01"]

    func loadDemo() throws {
        try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: dir.file("config.toml"))
        try CommandRunner.inboxSucceeds(EngineStores.demoImports, environment: env)
    }

    func inbox(_ args: [String]) throws -> CommandResult { try CommandRunner.inbox(args, environment: env) }

    @Test(arguments: EngineStore.engines) func textFitsEightyColumnsAndCountsTheDemo(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "report")
        try loadDemo()
        let r = try inbox(["report"] + range)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        for heading in [
            "VOLUME", "RESPONSE TIMES", "SLA COMPLIANCE", "BACKLOG", "BUSIEST HOURS", "COMMON COMPLAINTS",
            "REPEAT CONTACTS", "AGENTS",
        ] {
            #expect(r.stdout.contains(heading), "missing \(heading)")
        }
        let tickets = try stores.main.open().tickets().filter {
            ![.spam, .merged].contains($0.status)
        }.count
        #expect(r.stdout.contains(String(format: "  Tickets created  %6d", tickets)))
    }

    @Test(arguments: EngineStore.engines) func jsonCsvAndHtmlFormats(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "report")
        try loadDemo()
        let json = try inbox(["report", "--format", "json"] + range)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        for key in [
            "period", "volume", "first_response", "resolution", "sla", "backlog", "busiest_hours", "complaints",
            "repeat_contacts", "agents",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let volume = try #require(object["volume"] as? [String: Any])
        #expect((volume["created"] as? Int ?? 0) > 0)
        let heat = try #require((object["busiest_hours"] as? [String: Any])?["counts"] as? [[Int]])
        #expect(heat.count == 7 && heat.allSatisfy { $0.count == 24 })

        let csvDir = dir.file("csv")
        let csv = try inbox(["report", "--format", "csv", "--output", csvDir] + range)
        #expect(csv.status == 0, "\(csv.stderr)")
        for name in ReportCSV.tableNames {
            let text = try String(contentsOfFile: csvDir + "/\(name).csv", encoding: .utf8)
            #expect(text.hasSuffix("\r\n"), "\(name).csv")
        }
        let summary = try String(contentsOfFile: csvDir + "/summary.csv", encoding: .utf8)
        #expect(
            summary.hasPrefix("metric,value\r\n")
                && summary.contains("\r\ncreated,\(volume["created"] as? Int ?? -1)\r\n"))
        let noDir = try inbox(["report", "--format", "csv"] + range)
        #expect(noDir.status == 2 && noDir.stderr.contains("--output DIR"))

        let html = try inbox(["report", "--format", "html", "--output", dir.file("r.html")] + range)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: dir.file("r.html"), encoding: .utf8)
        #expect(
            page.hasPrefix("<!DOCTYPE html>") && !page.contains("<script") && !page.contains("<link")
                && !page.contains("src="))
        #expect(page.components(separatedBy: "<svg").count - 1 >= 4)
    }

    @Test(arguments: EngineStore.engines) func explainAndBadInput(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "report")
        let explain = try inbox(["report", "--explain"])
        #expect(explain.status == 0)
        for d in ReportDefinitions.all { #expect(explain.stdout.contains(d.metric + "\n")) }
        #expect(explain.stdout.contains("ceil(0.9·n)"))
        #expect(explain.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // The definitions in docs/reports.md are the same words.
        let doc = try String(contentsOfFile: TestPaths.root + "/docs/reports.md", encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        for d in ReportDefinitions.all {
            #expect(doc.contains(d.definition), "docs/reports.md lacks the definition of \(d.metric)")
        }

        try loadDemo()
        let bad = try inbox(["report", "--since", "last tuesday"])
        #expect(
            bad.status == 1 && bad.stderr.contains("Cannot read the date \"last tuesday\"")
                && bad.stderr.contains("2026-03-01"))
        let format = try inbox(["report", "--format", "pdf"])
        #expect(format.status == 2 && format.stderr.contains("text, json, csv, html"))
        let queue = try inbox(["report", "--queue", "Nope"])
        #expect(queue.status == 1 && queue.stderr.contains("There is no queue \"Nope\""))
        let empty = try inbox(["report", "--since", "2026-03-02", "--until", "2026-03-01"])
        #expect(empty.status == 2 && empty.stderr.contains("--since must be before --until"))
        let agent = try inbox(["report", "--agent", "Nobody", "--format", "json"] + range)
        #expect(agent.status == 0 && agent.stdout.contains("\"agent\" : \"Nobody\""))
    }

    @Test(
        .enabled(if: ExportTests.chromium != nil, "chromium is not installed (`make deps` installs it)"),
        arguments: EngineStore.engines)
    func htmlRendersInHeadlessChromium(_ engine: StoreEngineKind) throws {
        let chromium = HeadlessChromium(try #require(ExportTests.chromium), profileIn: dir)
        try stores.start(engine, "report")
        try loadDemo()
        // SLA targets and a tag, so that every chart has something to draw.
        let config = try String(contentsOfFile: dir.file("config.toml"), encoding: .utf8)
        _ = dir.write(
            "config.toml",
            config + "\n[sla]\ncalendar = \"Mon-Fri 09:00-17:00\"\nfirst_response = \"4h\"\nresolution = \"3d\"\n")
        let first = try #require(try stores.main.open().tickets().first?.id)
        #expect(try inbox(["set", String(first), "tag+=refund"]).status == 0)
        let html = dir.file("report.html")
        let r = try inbox(["report", "--format", "html", "-o", html] + range)
        #expect(r.status == 0, "\(r.stderr)")
        let dom = try chromium.dom("file://\(html)")
        #expect(dom.status == 0, "\(dom.stderr)")
        // Columns, SLA, two backlog charts, the heatmap, tags and agents: every chart survived parsing.
        let svgs = dom.stdout.components(separatedBy: "<svg").count - 1
        #expect(svgs >= 7, "only \(svgs) <svg> elements in the rendered DOM")
        #expect(dom.stdout.contains("Messages in by weekday and hour") && dom.stdout.contains("<rect"))
        let (shot, colours) = try chromium.screenshot(
            "file://\(html)", to: dir.file("shot.png"), width: 1000, height: 1400)
        #expect(shot.status == 0, "\(shot.stderr)")
        #expect(colours > 20, "the screenshot has \(colours) colours: blank?")
    }
}
