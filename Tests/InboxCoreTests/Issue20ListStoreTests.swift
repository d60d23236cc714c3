import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 20 in the store: who wrote last, when the customer last wrote, and thanks-only last
/// messages, as the list rows carry them. The reads run on both engines: the store is written
/// on SQLite and read there, or copied to PostgreSQL and read there (``EngineCopy``).
@Suite struct Issue20ListStoreTests {
    let w = WorkflowStoreTests()

    @Test(arguments: EngineStore.engines) func rowsSayWhoWroteLastAndWhenTheCustomerDid(_ engine: StoreEngineKind)
        throws
    {
        let db = try w.makeDB()
        let base = w.base
        func read() throws -> AppDatabase { try EngineCopy.reading(db, on: engine) }
        _ = try db.ingest([w.msg("a@x", date: base)], config: w.config)
        var t = try #require(try read().tickets().first)
        #expect(t.waitingOn == .us && t.lastCustomerAt == Date(timeIntervalSince1970: base) && !t.thanksOnly)

        // We answer: the customer has the next move; their wait is unchanged.
        _ = try db.ingest(
            [
                w.msg(
                    "b@x", from: "support@shop.example", to: "ayse@example.com", inReplyTo: ["a@x"], date: base + 3600,
                    text: "Kargonuz yolda.")
            ],
            config: w.config)
        t = try #require(try read().tickets().first)
        #expect(t.waitingOn == .customer && t.lastCustomerAt == Date(timeIntervalSince1970: base))

        // A note and a triage change neither.
        _ = try db.addNote(
            ticket: t.id, agent: "Ada", text: "Check the warehouse", now: Date(timeIntervalSince1970: base + 7200))
        _ = try db.update([t.id], [.priority(.high)], actor: "Ada", expectedVersion: nil, config: w.config)
        t = try #require(try read().tickets().first)
        #expect(t.waitingOn == .customer && t.lastCustomerAt == Date(timeIntervalSince1970: base))

        // The customer only says thanks: their move again, but nothing to answer.
        _ = try db.ingest(
            [
                w.msg(
                    "c@x", inReplyTo: ["b@x"], date: base + 9000, text: "Çok teşekkürler!\n\nAyşe\n\n> Kargonuz yolda.")
            ],
            config: w.config)
        t = try #require(try read().tickets().first)
        #expect(t.waitingOn == .us && t.thanksOnly && t.lastCustomerAt == Date(timeIntervalSince1970: base + 9000))
        #expect(try read().ticketDetail(t.id).ticket.thanksOnly)

        // The JSON carries the three fields.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(t)) as! [String: Any]
        #expect(
            json["waiting_on"] as? String == "us" && json["thanks_only"] as? Bool == true
                && json["last_customer_at"] != nil)
    }

    /// The view's list on either engine; its count and `is:breaching` (the workflow's and the
    /// search's, on SQLite until those move) share its condition.
    @Test(arguments: EngineStore.engines) func aTicketWhoseCustomerOnlySaidThanksIsNotBreaching(
        _ engine: StoreEngineKind
    ) throws {
        let db = try w.makeDB()
        let base = w.base
        _ = try db.ingest([w.msg("a@x", date: base)], config: w.config)
        let later = Date(timeIntervalSince1970: base + 30 * 86400)
        let breaching = {
            (
                try db.breachingCount(now: later),
                try EngineCopy.reading(db, on: engine).tickets(TicketFilter(breachingAt: later)).count,
                try db.tickets(TicketFilter(text: "is:breaching")).count
            )
        }
        #expect(try breaching() == (1, 1, 1), "the unanswered question is overdue in the view, the list and search")
        _ = try db.ingest(
            [w.msg("c@x", inReplyTo: ["a@x"], date: base + 600, text: "Dziękuję bardzo!\n\nAgnieszka")],
            config: w.config)
        #expect(try breaching() == (0, 0, 0), "thanks alone is not shown as overdue")
        _ = try db.ingest(
            [w.msg("d@x", inReplyTo: ["c@x"], date: base + 900, text: "Ale gdzie jest moja paczka?")],
            config: w.config)
        #expect(try breaching() == (1, 1, 1), "a real question is overdue again")
    }

    static let thanks = [
        "Thanks!", "Thank you so much, Anna", "Dziękuję bardzo!\nKrzysztof", "Dzięki", "Vielen Dank! Grüße, Heike",
        "Çok teşekkürler", "TEŞEKKÜR EDERİM", "Tusen takk!", "ありがとうございます。", "Thanks, got it. Megan",
        "Ok, thanks a lot. On Mon, 2 Nov 2026 at 11:05, Ada wrote: what else?",
    ]
    static let notOnlyThanks = [
        "Thanks, but the parcel is still not here", "Thank you. When will it arrive?",
        "Dziękuję, ale paczka nie dotarła",
        "Danke, aber die Rechnung fehlt noch", "Teşekkürler ama kargo hâlâ gelmedi", "Hello, my order 4411 is late",
        "Thanks for the quick reply, please send the invoice to my office address as well",
        "Type of return: size",
    ]
    /// Folding as the search folds: dotted and dotless I, Polish, German ß, Norwegian ø and
    /// æ, upper case, quoted history and sign-offs.
    static let folded = [
        "DZIĘKUJĘ ŁUKASZ", "Teşekkür ederim, İlkay Işık", "TEŞEKKÜRLER", "Vielen Dank, Grüße aus Gießen",
        "Danke schön, Straße", "Tusen takk, hilsen Bjørn Ødegård", "Mange takk, Ærlig", "Tack så mycket!",
        "Thanks!\n\n> Kargonuz yolda.", "Thanks -- Ada", "Thanks\nSent from my iPhone", "Thanks ? Ayşe",
        "Dziękuję, ale", "Merci beaucoup", "Danke! Am 2. Nov. schrieb Heike Ärger:",
        "Thanks, Ada. Le lundi 2 nov., Zoë a écrit : merci", "Dzięki. W dniu 2.11 Łukasz napisał: gdzie", "谢谢", "감사합니다",
        "Thanks İ ı ł ø ß ab cd", "", "   ",
    ]

    @Test func thanksOnlyIsCareful() {
        for yes in Self.thanks { #expect(ThanksOnly.matches(yes), "\(yes)") }
        for no in Self.notOnlyThanks { #expect(!ThanksOnly.matches(no), "\(no)") }
    }

    /// `inbox_thanks_only`, which the breaching condition calls in SQL, answers as the Swift
    /// function on both engines: registered Swift on SQLite, PL/pgSQL on PostgreSQL
    /// (migration "v10-read-functions").
    @Test(arguments: EngineStore.engines) func theDatabasesThanksOnlyAnswersAsSwift(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "thanks")
        let db = try store.open()
        for text in Self.thanks + Self.notOnlyThanks + Self.folded {
            let answer = try db.snapshot { try $0.value(Int.self, "SELECT inbox_thanks_only(?)", [text]) }
            #expect(answer == (ThanksOnly.matches(text) ? 1 : 0), "\(engine): \(text)")
        }
        #expect(try db.snapshot { try $0.value(Int.self, "SELECT inbox_thanks_only(NULL)") } == 0)
    }
}
