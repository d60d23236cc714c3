import Foundation
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxCore

/// The knowledge base (issue 26): articles, ranking in five languages, the Markdown the help
/// centre shows, lint, `{{kb.SLUG.url}}` and gaps.
@Suite struct KBTests {
    static let demo = TestPaths.demo + "/kb"

    static func library() throws -> KBLibrary {
        try KBLibrary.load(folder: demo, baseURL: "https://help.nordlys.example")
    }

    @Test func theDemoArticlesLoadWithoutProblems() throws {
        let kb = try Self.library()
        #expect(kb.articles.count >= 20)
        #expect(kb.languages == ["de", "en", "no", "pl", "tr"])
        let findings = kb.lint(templates: try TemplateLibrary.load(folder: TestPaths.demo + "/templates"))
        #expect(findings.isEmpty, "\(findings)")
        let tr = try kb.article(slug: "returns", language: "tr")
        #expect(tr.title == "İade ve geri ödeme")
        #expect(kb.url(tr) == "https://help.nordlys.example/tr/returns.html")
        // No Turkish variant of an unknown language: English.
        #expect(try kb.article(slug: "returns", language: "fr").language == "en")
        #expect(throws: InboxError.self) { try kb.article(slug: "nope", language: nil) }
    }

    /// The acceptance: a Turkish return question ranks the Turkish returns article first; and
    /// the same for a question in each of the other four languages.
    @Test(arguments: [
        ("tr", "Merhaba, geçen hafta aldığım montu İADE etmek istiyorum. Paramı ne zaman geri alırım?", "returns"),
        ("pl", "Dzień dobry, plecak przyszedł USZKODZONY, zamek jest zepsuty. Co mam zrobić?", "damaged-item"),
        ("no", "Hei! Kan dere endre leveringsadressen på ordre 5577? Jeg har flyttet.", "change-delivery-address"),
        ("de", "Guten Tag, ich brauche für meine Firma eine Rechnung mit unserer USt-IdNr.", "invoice"),
        (
            "en", "Hi, my order US-55012 still has not been delivered. Where is it? The tracking link shows nothing.",
            "where-is-my-order"
        ),
    ])
    func rankingInFiveLanguages(language: String, message: String, slug: String) throws {
        let kb = try Self.library()
        let s = kb.suggest(text: message, language: language)
        let first = try #require(s.first)
        #expect(first.slug == slug, "\(s.map { "\($0.slug)/\($0.language) \($0.score)" })")
        #expect(first.language == language)
        #expect(first.url == "https://help.nordlys.example/\(language)/\(slug).html")
        // The customer's language comes first: no other language before the last of theirs.
        let langs = s.map(\.language)
        if let lastOwn = langs.lastIndex(of: language) { #expect(langs[...lastOwn].allSatisfy { $0 == language }) }
    }

    /// Case and diacritics are folded as search folds them: `IADE`, `iade`, `İade` are one
    /// word, `zwrot pieniedzy` finds `zwrot pieniędzy`, `rucksendung` finds `Rücksendung`.
    @Test func foldingMatchesSearch() throws {
        let kb = try Self.library()
        for q in ["IADE", "iade", "İade", "İADE"] {
            #expect(
                kb.suggest(text: q, language: "tr").first.map { "\($0.slug)/\($0.language)" } == "returns/tr", "\(q)")
        }
        #expect(KBIndex.words("İADE Iğdır ŁÓDŹ Straße") == ["iade", "igdir", "lodz", "strasse"])
        #expect(kb.suggest(text: "zwrot pieniedzy", language: "pl").first?.slug == "returns")
        #expect(kb.suggest(text: "rucksendung", language: "de").first?.slug == "returns")
        // Word beginnings: "uszkodzonego" meets "uszkodzony".
        #expect(kb.suggest(text: "uszkodzonego plecaka", language: "pl").first?.slug == "damaged-item")
        #expect(kb.suggest(text: "xyzzy plugh", language: "en").isEmpty)
    }

    @Test(arguments: EngineStore.engines)
    func suggestionsForAStoredTicketUseItsLatestCustomerMessage(_ engine: StoreEngineKind) throws {
        let config = InboxConfig()
        let store = try EngineDB.make(engine, "kb-suggest", config: config)
        let db = store.db
        var batch: [IncomingMessage] = []
        for (id, reply, date, body) in [
            (
                "t1@x", nil as String?, "Tue, 03 Nov 2026 10:12:00 +0300",
                "Merhaba, kargom nerede? Sipariş TR-40277 hâlâ gelmedi."
            ),
            (
                "t2@x", "t1@x", "Wed, 04 Nov 2026 09:00:00 +0300",
                "Geldi ama ürün hasarlı, çadırın direkleri kırık.\n\nAyşe\n\n3 Kas 2026 Sal, Ada şunu yazdı:\nFaturanız ve kargo takibi ekte.\n\n> Merhaba, kargom nerede?"
            ),
        ] {
            let raw = Array(
                MailFactory.message(
                    id: id, from: "Ayşe Yılmaz <ayse@example.com.tr>", subject: "Siparişim", date: date,
                    inReplyTo: reply, body: body
                ).utf8)
            batch.append(
                IncomingMessage(
                    raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test"))
        }
        _ = try db.ingest(batch, config: config)
        let detail = try db.ticketDetail(try #require(try db.tickets().first).id)
        let q = KBLibrary.query(for: detail)
        #expect(q.text.contains("hasarlı") && !q.text.contains("kargom") && !q.text.contains("Faturanız"))
        let s = try Self.library().suggest(for: detail)
        #expect(s.first?.slug == "damaged-item")
        #expect(s.first?.language == "tr")
    }

    @Test func articleFrontMatterProblemsAreNamed() throws {
        #expect(throws: InboxError.self) { try KBArticle.parse("no front matter", path: "a.md") }
        #expect(throws: InboxError.self) { try KBArticle.parse("---\nlanguage: en\n---\ntext", path: "a.md") }
        let a = try KBArticle.parse(
            "---\ntitle: Zwroty\nlanguage: polish\nslug: Zwroty Ł\ncolour: red\n---\n", path: "kb/zwroty.pl.md")
        #expect(a.frontMatterProblems.contains { $0.contains("line 5: unknown key \"colour\"") })
        #expect(a.frontMatterProblems.contains { $0.contains("not a two-letter") })
        #expect(a.frontMatterProblems.contains { $0.contains("slug \"Zwroty Ł\"") })
        #expect(a.frontMatterProblems.contains { $0.contains("no text") })
        let noSlug = try KBArticle.parse("---\ntitle: Zwroty\nlanguage: pl\n---\nTekst", path: "kb/zwroty.pl.md")
        #expect(noSlug.slug == "zwroty")
    }

    @Test func lintFindsDuplicatesUnsafeLinksAndUnknownNames() throws {
        let dir = TemporaryFolder("kb-lint")
        dir.write(
            "kb/a.md",
            "---\ntitle: A\nlanguage: en\nslug: a\ntemplates: [ghost]\n---\nSee [this](javascript:alert(1)).\n")
        dir.write("kb/sub/a2.md", "---\ntitle: A again\nlanguage: en\nslug: a\n---\nText\n")
        dir.write("kb/broken.md", "title: no fence\n")
        dir.write("templates/t.md", "---\nname: t\nlanguage: en\n---\nRead {{kb.a.url}} and {{kb.missing.url}}\n")
        let kb = try KBLibrary.load(folder: dir.file("kb"))
        let findings = kb.lint(templates: try TemplateLibrary.load(folder: dir.file("templates")))
        let kinds = Set(findings.map(\.kind))
        #expect(
            kinds == [.badFrontMatter, .duplicateVariant, .unknownTemplate, .unsafeLink, .unknownArticle, .noBaseURL],
            "\(findings)")
        #expect(findings.contains { $0.kind == .unsafeLink && $0.message.contains("line 1") })
        #expect(findings.contains { $0.kind == .unknownArticle && $0.message.contains("{{kb.missing.url}}") })
        // A template that names kb.SLUG.url is not an unknown placeholder.
        let t = try TemplateLibrary.load(folder: dir.file("templates"))
        #expect(!t.lint().contains { $0.kind == .unknownPlaceholder && $0.message.contains("kb.a.url") })
    }

    @Test func templatesRenderArticleLinksInTheCustomersLanguage() throws {
        let kb = try Self.library()
        var context = ReplyContext(
            ticketID: 7, ticketSubject: "İade", customerEmail: "a@b.tr", customerLanguage: "tr", agentName: "Ada")
        context.kbLinks = kb.links(language: "tr")
        let ok = try TemplateRenderer.render("Bkz. {{kb.returns.url}} ve {{kb.damaged-item.url}}", context: context)
        #expect(
            ok.text
                == "Bkz. https://help.nordlys.example/tr/returns.html ve https://help.nordlys.example/tr/damaged-item.html"
        )
        #expect(ok.unresolved.isEmpty)
        let missing = try TemplateRenderer.render("See {{kb.nope.url}}", context: context)
        #expect(missing.unresolved == ["kb.nope.url"])
    }

    @Test func markdownIsEscapedAndHostileLinksLoseTheirHref() {
        let md = """
            # Title <b>
            Text with **bold**, *em*, `<code>` and [a link](https://x.example/?a=1&b=2), [bad](javascript:alert(1)) \u{1B}[31mred.
            snake_case_word stays.

            - one
            - two <script>
            1. first

            > quoted

            ```
            <raw> & code
            ```
            """
        let html = KBMarkdown.html(md)
        #expect(html.contains("<h2>Title &lt;b&gt;</h2>"))
        #expect(
            html.contains("<strong>bold</strong>") && html.contains("<em>em</em>")
                && html.contains("<code>&lt;code&gt;</code>"))
        #expect(html.contains("<a href=\"https://x.example/?a=1&amp;b=2\">a link</a>"))
        #expect(!html.contains("javascript") && html.contains("bad"))
        #expect(!html.contains("\u{1B}") && html.contains("snake_case_word"))
        #expect(html.contains("<ul><li>one</li><li>two &lt;script&gt;</li></ul>\n<ol><li>first</li></ol>"))
        #expect(
            html.contains(
                "<p>Text with <strong>bold</strong>, <em>em</em>, <code>&lt;code&gt;</code> and <a href=\"https://x.example/?a=1&amp;b=2\">a link</a>, bad [31mred. snake_case_word stays.</p>"
            ))
        #expect(html.contains("<blockquote><p>quoted</p></blockquote>"))
        #expect(html.contains("<pre><code>&lt;raw&gt; &amp; code</code></pre>"))
        #expect(!html.contains("<script"))
        let plain = KBMarkdown.plainText(md)
        #expect(plain.hasPrefix("Title <b>\nText with bold, em, <code> and a link (https://x.example/?a=1&b=2), bad"))
        #expect(plain.contains("- two <script>") && plain.contains("1. first"))
    }

    @Test func theHelpCentreHasAPagePerArticleAndAnEscapedIndex() throws {
        let dir = TemporaryFolder("kb-site")
        dir.write("kb/x.md", "---\ntitle: \"<img src=x onerror=alert(1)>\"\nlanguage: en\nslug: x\n---\nHello\n")
        let hostile = try KBLibrary.load(folder: dir.file("kb"))
        try HelpCentre.build(hostile, output: dir.file("site"))
        let index = try String(contentsOfFile: dir.file("site/index.html"), encoding: .utf8)
        #expect(!index.contains("<img") && index.contains("&lt;img src=x onerror=alert(1)&gt;"))

        let summary = try HelpCentre.build(try Self.library(), output: dir.file("demo"))
        #expect(summary.articles == 25 && summary.languages == ["de", "en", "no", "pl", "tr"])
        let page = try String(contentsOfFile: dir.file("demo/tr/returns.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"tr\">") && page.contains("<meta name=\"viewport\""))
        #expect(page.contains("<h1>İade ve geri ödeme</h1>"))
        #expect(page.contains("hreflang=\"pl\""))
        let demoIndex = try String(contentsOfFile: dir.file("demo/index.html"), encoding: .utf8)
        for lang in ["de", "en", "no", "pl", "tr"] {
            #expect(demoIndex.contains("<section lang=\"\(lang)\" aria-labelledby=\"lang-\(lang)\">"))
        }
        #expect(demoIndex.contains("<label for=\"q\">"))
        let script = try String(contentsOfFile: dir.file("demo/search-index.js"), encoding: .utf8)
        #expect(script.hasPrefix("// The help centre") && script.contains("window.KB_INDEX = {"))
    }
}
