import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// `inbox review` shows the customer's survey score beside the reviewer's (issue 24), read
/// from a real export archive of a store on each engine.
@Suite struct SurveyReviewTests {
    @Test(arguments: EngineStore.engines) func theCustomersScoreShowsBesideTheReviewersInThePaneAndTheSummary(
        _ engine: StoreEngineKind
    ) throws {
        let dir = TemporaryFolder("inbox-survey-review")
        var config = InboxConfig(
            agent: .init(name: "Ada", email: "ada@shop.example"),
            queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        config.survey = SurveySettings(after: "1h")
        let db = try StoreFixture.database(engine, config)
        let base = Date().addingTimeInterval(-86_400)
        func msg(_ id: String, inReplyTo: [String] = [], text: String, at: Date) -> IncomingMessage {
            var p = ParsedMessage(
                messageID: id, inReplyTo: inReplyTo, from: MailAddress(address: "tom@example.com"),
                to: [MailAddress(address: "support@shop.example")], date: at, subject: "Parcel", text: text)
            p.spans = []
            let raw = Array("Message-ID: \(id)\n\n\(text)".utf8)
            return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
        }
        _ = try db.ingest([msg("q1@example.com", text: "Where is my parcel? It is late.", at: base)], config: config)
        _ = try db.update([1001], [.status(.solved)], actor: "Ada", config: config, now: base.addingTimeInterval(60))
        let templates = TemporaryFolder("inbox-survey-review-t")
        templates.write("survey.en.md", "---\nname: survey\nlanguage: en\n---\nHow did we do? 1 to 5.\n")
        let queued = try Surveys.queueDue(
            database: db, config: config, templates: try TemplateLibrary.load(folder: templates.path),
            now: base.addingTimeInterval(7200))
        try #require(queued.queued.count == 1, "\(queued.lines)")
        let survey = try #require(
            try db.ticketDetail(1001).messages.compactMap(\.messageID).first { $0.hasPrefix("survey-") })
        _ = try db.ingest(
            [msg("a1@example.com", inReplyTo: [survey], text: "4 - fine", at: base.addingTimeInterval(9000))],
            config: config)

        let archive = dir.file("review.sqlite")
        _ = try Exporter(database: db).export(.all, format: .archive, to: archive)
        let review = try AppDatabase.openArchive(path: archive)
        try review.saveReview(
            TicketReview(ticket: 1001, reviewer: "rita", scores: ["tone": 3], notes: "", updatedAt: Date()))
        let summary = try review.reviewSummary()
        #expect(summary.reviews.first?.customerScore == 4)
        #expect(ReviewText.summary(summary).contains { $0.contains("tone 3/5 · customer 4/5") })

        var pane = ReviewPane(rubric: .standard, reviewer: "rita")
        pane.load(ticket: 1001, nil)
        pane.customer = try ArchiveReviewStore(review, reviewer: "rita").customerRating(ticket: 1001)
        var screen = Screen(rows: 8, cols: 100)
        ReviewPaneView.draw(pane, into: &screen, rect: Rect(row: 0, col: 0, rows: 8, cols: 100))
        #expect(screen.text().contains("Review of #1001 by rita · customer 4/5"), "\(screen.text())")
    }
}
