import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// `inbox kb …` in the real binary (issue 26): suggest --json, lint, build and the help centre
/// in headless Chromium, gaps.
@Suite(.serialized) struct KBCLITests {
    let dir = TemporaryFolder("inbox-kb")
    let store: StoreLocation
    var env: [String: String] { ["INBOX_DB": store.location, "INBOX_CONFIG": dir.file("config.toml")] }

    init() { store = StoreLocation(sqlite: dir.file("inbox.sqlite")) }

    func inbox(_ args: [String]) throws -> CommandResult { try CommandRunner.inbox(args, environment: env) }

    /// A config whose `[kb]` is the demo's articles; a fresh database holding `mails`.
    func setUp(_ mails: [String] = []) throws {
        dir.write(
            "config.toml",
            """
            [agent]
            name = "Ada"
            email = "ada@nordlys.example"
            [[queue]]
            name = "Support"
            addresses = ["support@shop.example"]
            default = true
            [kb]
            folder = "\(TestPaths.demo)/kb"
            base_url = "https://help.nordlys.example/"
            """)
        try #require(try inbox(["init"]).status == 0)
        for (i, m) in mails.enumerated() { dir.write("in/\(i).eml", m) }
        if !mails.isEmpty {
            let r = try inbox(["import", "eml", dir.file("in")])
            try #require(r.status == 0, "\(r.stderr)")
        }
    }

    @Test(arguments: EngineStore.engines)
    func suggestJSONPutsTheTurkishReturnsArticleFirst(_ engine: StoreEngineKind) throws {
        try store.use(engine, "kb-suggest-cli")
        try setUp([
            MailFactory.message(
                id: "tr1@x", subject: "İade talebi",
                body: "Merhaba,\naldığım ayakkabıyı İADE etmek istiyorum. Param ne zaman geri gelir?\n")
        ])
        let list = try inbox(["tickets", "--json"])
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let id = try #require(tickets.first?["id"] as? Int)
        let r = try inbox(["kb", "suggest", String(id), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let first = try #require(items.first)
        #expect(Set(first.keys) == ["slug", "language", "title", "url", "score"])
        #expect(first["slug"] as? String == "returns")
        #expect(first["language"] as? String == "tr")
        #expect(first["title"] as? String == "İade ve geri ödeme")
        #expect(first["url"] as? String == "https://help.nordlys.example/tr/returns.html")
        #expect((first["score"] as? Double ?? 0) > 0)
        let text = try inbox(["kb", "suggest", String(id)])
        #expect(text.stdout.hasPrefix("returns\ttr\t"))
        #expect(try inbox(["kb", "suggest", "999"]).status != 0)
    }

    @Test func listShowAndLint() throws {
        try setUp()
        let list = try inbox(["kb", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 25)
        let show = try inbox(["kb", "show", "returns", "--language", "pl"])
        #expect(show.stdout.contains("title: Zwroty i zwrot pieniędzy"))
        #expect(show.stdout.contains("url: https://help.nordlys.example/pl/returns.html"))
        #expect(show.stdout.contains("Jak zwrócić produkt?"))
        #expect(!show.stdout.contains("## "))
        let lint = try inbox(["kb", "lint"])
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(lint.stdout.contains("25 articles in 5 languages, no problems."))
        dir.write("bad/x.md", "---\ntitle: X\nlanguage: english\n---\ntext\n")
        let bad = try inbox(["kb", "lint", "--kb", dir.file("bad")])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("x.md: bad-front-matter: language \"english\" is not a two-letter ISO 639-1 code"))
        let missing = try inbox(["kb", "show", "nope"])
        #expect(
            missing.status == 1
                && missing.stderr.contains("There is no article \"nope\" (known: change-delivery-address"))
    }

    @Test(.enabled(if: ExportTests.chromium != nil, "chromium is not installed (`make deps` installs it)"))
    func theHelpCentreSearchesFromFileURLsInChromium() throws {
        let chromium = HeadlessChromium(try #require(ExportTests.chromium), profileIn: dir)
        try setUp()
        let site = dir.file("site")
        let build = try inbox(["kb", "build", "--output", site, "--title", "Nordlys help centre"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("Wrote 25 articles in 5 languages (de, en, no, pl, tr)"))
        func dom(_ query: String) throws -> String {
            let r = try chromium.dom("file://\(site)/search.html?q=\(query)")
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        // "İADE" (percent-encoded), folded as the index folds it.
        var page = try dom("%C4%B0ADE")
        #expect(page.contains("<a href=\"tr/returns.html\">İade ve geri ödeme</a>"), "\(page)")
        #expect(page.contains("1 article matches"))
        #expect(!page.contains("pl/returns.html"))
        // Without diacritics, and two words that must both be there.
        page = try dom("zwrot+pieniedzy")
        #expect(page.contains("<a href=\"pl/returns.html\">Zwroty i zwrot pieniędzy</a>"))
        #expect(!page.contains("tr/returns.html"))
        page = try dom("damaged")
        #expect(page.contains("en/damaged-item.html"))
        #expect(!page.contains("en/returns.html"))
        page = try dom("xyzzy")
        #expect(page.contains("No article matches"))

        let (shot, colours) = try chromium.screenshot(
            "file://\(site)/index.html", to: dir.file("index.png"), width: 412, height: 915)
        #expect(shot.status == 0, "\(shot.stderr)")
        #expect(colours > 10, "the screenshot has \(colours) colours: blank?")
    }

    @Test(arguments: EngineStore.engines)
    func gapsListComplaintsNoArticleAnswersMostFrequentFirst(_ engine: StoreEngineKind) throws {
        try store.use(engine, "kb-gaps-cli")
        var mails: [String] = []
        for i in 0..<3 {
            mails.append(
                MailFactory.message(
                    id: "z\(i)@x", from: "C\(i) <c\(i)@example.com>", subject: "Jacket \(i)",
                    body: "Hello, the zipper broke again on my jacket.\n"))
        }
        for i in 0..<2 {
            mails.append(
                MailFactory.message(
                    id: "r\(i)@x", from: "R\(i) <r\(i)@example.com>", subject: "Money \(i)",
                    body: "Hello, when will the refund arrive?\n"))
        }
        try setUp(mails)
        let r = try inbox(["kb", "gaps", "--since", "2020-01-01", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let gaps = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let terms = gaps.compactMap { $0["term"] as? String }
        #expect(terms.contains("zipper") && terms.contains("zipper broke"))
        #expect(!terms.contains("refund"), "the returns article answers refunds: \(terms)")
        #expect(gaps.first?["count"] as? Int == 3)
        let counts = gaps.compactMap { $0["count"] as? Int }
        #expect(counts == counts.sorted(by: >))
        let text = try inbox(["kb", "gaps", "--since", "2020-01-01"])
        #expect(text.stdout.contains("3\tword\tzipper"))
    }
}
