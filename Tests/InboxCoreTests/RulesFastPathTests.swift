import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// The import evaluates rules in Swift (``RulePredicate``, ``RuleTextMatcher``; issue 23) and
/// `inbox rules test` replays them in SQL: both must give every condition the answer of
/// `inbox search` (folding, Turkish İ/ı, Polish letters, diacritics, separators).
@Suite struct RulesFastPathTests {
    let config = InboxConfig(
        agent: .init(name: "Ada", email: "ada@shop.example"),
        queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])

    let base: Double = 1_793_606_400

    func msg(
        _ id: String, from: String, name: String? = nil, subject: String, text: String, attachment: Bool = false,
        loop: LoopHeaders = LoopHeaders(), offset: Double
    ) -> IncomingMessage {
        let attachments =
            attachment
            ? [
                ParsedAttachment(
                    filename: "a.pdf", safeFilename: "a.pdf", contentType: "application/pdf", size: 10, contentID: nil,
                    inline: false,
                    partPath: "2")
            ] : []
        let p = ParsedMessage(
            messageID: id, from: MailAddress(name: name, address: from),
            to: [MailAddress(address: "support@shop.example")],
            date: Date(timeIntervalSince1970: base + offset), subject: subject, text: text, attachments: attachments,
            loop: loop)
        let raw = Array("Message-ID: \(id)\nFrom: \(from)\nSubject: \(subject)\n\n\(text)".utf8)
        return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
    }

    var messages: [IncomingMessage] {
        [
            msg(
                "m1@x", from: "ralf@linux-mips.org", name: "Ralf Baechle", subject: "[PATCH] MIPS_TLB flush",
                text: "The memory-cache patch for MIPS_TLB is here.\nSigned-off-by: Ralf", offset: 0),
            msg(
                "m2@x", from: "pierre@example.fr", name: "Pierre Lefèvre", subject: "Café au lait",
                text: "Un café, naïve résumé. KERNEL PANIC at boot.", attachment: true, offset: 60),
            msg(
                "m3@x", from: "zolw@example.pl", name: "Żółw Łącki", subject: "Zwrot zamówienia",
                text: "Dzień dobry, proszę o zwrot. Zamówienie nie dotarło, dziękuję bardzo.", offset: 120),
            msg(
                "m4@x", from: "ayse@example.com.tr", name: "Ayşe Yılmaz", subject: "İADE talebi",
                text: "İADE istiyorum. Ilık su, İstanbul'dan yazıyorum.", offset: 180),
            msg(
                "m5@x", from: "bob@example.com", subject: "memoryX cache_line",
                text: "panic kernel; cachepatch memory\u{301}",
                offset: 240),
            msg(
                "m6@x", from: "Carol.Smith@Example.COM", name: "carol", subject: "Re: order 12-34",
                text: "Order PL-7781 is late. Pre-fetch, co-operate.", offset: 300),
        ]
    }

    static let queries = [
        "tlb", "\"memory cache\"", "mips*", "patc*", "\"cache patch\"", "cafe", "CAFÉ", "resume", "zamowienia",
        "subject:zwrot",
        "subject:memory*", "subject:tlb", "from:zolw", "from:@example.pl", "from:ZOLW@EXAMPLE.PL", "from:@example.com",
        "from:lefevre", "customer:lacki", "customer:ayse", "customer:smith", "iade", "ISTANBUL", "\"ılık su\"",
        "\"kernel panic\"",
        "\"panic kernel\"", "memory", "-memory", "-cafe status:new", "status:new,open", "priority:normal",
        "priority:high",
        "tag:r0", "-tag:r0", "lang:pl", "lang:tr", "lang:fr", "is:automatic", "is:inbound", "is:unassigned",
        "is:snoozed",
        "queue:Support", "assignee:none", "to:support@shop.example", "(tlb OR cafe) -iade", "channel:email",
        "has:attachment",
        "pl-7781", "\"pre fetch\"", "co*", "cache*", "12", "\"order 12 34\"", "linux-mips", "signed*", "ralf OR zwrot",
        "-(memory OR cafe) -iade", "memory\u{301}", "dzien", "dziękuję",
    ]

    /// A `message-in` rule `rI` tagging `rI` for each query kept, I its index in ``queries``.
    static func rulesTOML(_ kept: [(offset: Int, element: String)]) -> String {
        kept.map { (i: Int, q: String) -> String in
            let condition = q.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "[[rule]]\nname = \"r\(i)\"\non = \"message-in\"\nif = \"\(condition)\"\nthen = [\"tag+=r\(i)\"]\n"
        }.joined(separator: "\n")
    }

    /// The import with the rules evaluated in Swift, and the replay of the same mail (imported
    /// without rules) with every condition in SQL, agree, on either engine (issue 22: for
    /// PostgreSQL the mail is copied there; `lang:` there is `inbox_guess_language` in PL/pgSQL).
    @Test(arguments: EngineStore.engines)
    func importInSwiftAndReplayInSQLAgreeOnEveryCondition(_ engine: StoreEngineKind) throws {
        let kept = Array(Self.queries.enumerated())
        let (rules, findings) = RuleBook.parse(Self.rulesTOML(kept), path: "rules.toml")
        try #require(findings.isEmpty, "\(findings)")
        // The import, with the rules evaluated in Swift.
        let imported = try AppDatabase.inMemory()
        try imported.syncQueues(config)
        var options = IngestOptions()
        options.rules = rules
        _ = try imported.ingest(messages, config: config, options: options)
        var swift = Set<String>()
        for ticket in try imported.reader.read({ try Int64.fetchAll($0, sql: "SELECT id FROM ticket ORDER BY id") }) {
            for tag in try imported.ticketDetail(ticket).ticket.tags { swift.insert("\(tag) #\(ticket)") }
        }
        // The replay of the same mail, imported without rules, with every condition in SQL.
        let store = try EngineStore.make(engine, "fast-path")
        let source = engine == .sqlite ? store.location : store.folder.file("source.sqlite")
        let replayed = try AppDatabase.open(path: source)
        try replayed.syncQueues(config)
        _ = try replayed.ingest(messages, config: config)
        if engine == .postgresql { _ = try DatabaseCopy.run(from: source, to: store.location) }
        let outcomes = try store.open().testRules(rules, config: config, since: Date(timeIntervalSince1970: 0))
        let sql = Set(outcomes.map { "\($0.rule) #\($0.ticket)" })
        #expect(swift.count > 40, "too few matches to compare: \(swift.sorted())")
        for (i, q) in kept {
            let a = swift.filter { $0.hasPrefix("r\(i) #") }.sorted()
            let b = sql.filter { $0.hasPrefix("r\(i) #") }.sorted()
            #expect(a == b, "\(q): import \(a), replay on \(engine) \(b)")
        }
        // And the words as `inbox search` finds them.
        for q in ["tlb", "\"memory cache\"", "cafe", "zamowienia", "iade", "\"ılık su\"", "pl-7781", "memory"] {
            let i = Self.queries.firstIndex(of: q)!
            let searched = Set(try imported.search(q).compactMap(\.ticket).map { "r\(i) #\($0)" })
            #expect(swift.filter { $0.hasPrefix("r\(i) #") } == searched, "\(q)")
        }
    }

    @Test func wordsInASCIIAreDecidedWithoutSQLAndOtherCharactersAreLeftToFTS5() throws {
        func answer(_ query: String, _ text: String, subject: String = "") throws -> RuleTextMatcher.Answer {
            guard case .text(let term) = try SearchQuery.parse(query) else {
                throw InboxError(.badInput, "not a text term: \(query)")
            }
            let columns = [
                RuleTextMatcher.Column(name: "subject", text: SearchFold.fold(subject)),
                RuleTextMatcher.Column(name: "sender", text: ""),
                RuleTextMatcher.Column(name: "text", text: SearchFold.fold(text)),
            ]
            return RuleTextMatcher(term).answer(columns)
        }
        #expect(try answer("tlb", "flush MIPS_TLB now") == .yes)
        #expect(try answer("tlb", "tlbflush") == .no)
        #expect(try answer("\"memory cache\"", "memory-cache") == .yes)
        #expect(try answer("\"memory cache\"", "memory x cache") == .no)
        #expect(try answer("mem*", "MEMORY") == .yes)
        #expect(try answer("subject:mem*", "memory") == .no)
        #expect(try answer("subject:mem*", "", subject: "Memory") == .yes)
        // FTS5 decides: the text has a letter outside ASCII, or the query has.
        #expect(try answer("cafe", "un café") == .unknown)
        #expect(try answer("cafe", "un café, a cafe") == .yes)
        #expect(try answer("zwrot", "zwrót") == .unknown)
        #expect(try answer("dziękuję", "dziekuje") == .unknown)
        #expect(RulePredicate.like("Carol.Smith@Example.COM", "@example.com", anyBefore: true, anyAfter: false))
        #expect(!RulePredicate.like("ÇAROL", "çarol", anyBefore: false, anyAfter: false))
        #expect(RulePredicate.like("a_b%c", "_b%", anyBefore: true, anyAfter: true))
    }
}
