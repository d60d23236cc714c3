import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

/// Issue 24's end to end: solve a ticket in the TUI; after the delay `inbox tick` sends the
/// survey, in the customer's language, to an SMTP server on loopback; the customer's answer
/// is imported; the rating is stored, the ticket stays solved, the report and the TUI show
/// it; a low score reopens the ticket.
@Suite(.serialized) struct SurveyTmuxTests {
    static let surveyPL = MailFactory.surveyTemplatePL
    static let surveyEN = MailFactory.surveyTemplateEN

    /// The customer's answer to `survey` (quoting it, as mail programs do).
    static func answer(_ text: String, survey: ParsedMessage, id: String) -> String {
        let quoted = survey.text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(
            separator: "\n")
        return MailFactory.message(
            id: id, from: "Zofia Wójcik <zofia@example.pl>", subject: "Odp: " + survey.subject,
            date: MessageBuilder.rfc5322Date(Date(), timeZone: .current), inReplyTo: survey.messageID,
            body: text + "\n\nW dniu 7.12.2026 o 10:00, Ada Lindqvist (Support) <support@shop.example> pisze:\n"
                + quoted + "\n")
    }

    /// The survey in Polish and English, sent 2 h after solving; a score below 3 reopens.
    static func config(_ folder: TemporaryFolder, port: Int) -> String {
        let templates = ["survey.pl.md": surveyPL, "survey.en.md": surveyEN]
        return TestDesk.agentConfig(
            TestDesk.smtp(port: port) + TestDesk.replies(templates: templates, in: folder, "undo_window = 0\n")
                + "[survey]\nafter = \"2h\"\ntemplate = \"survey\"\nreopen_below = 3\n")
    }

    @Test(.needsTmux, .needsSMTPSink)
    func solveInTheTUISurveyAnswerReportReopen() async throws {
        let (desk, sink) = try TestDesk.tmuxWithSink("inbox-tui-survey", config: Self.config)
        defer { sink.stop() }
        let dir = desk.dir
        let mail = MailFactory.message(
            id: "pl-survey@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
            date: MessageBuilder.rfc5322Date(Date().addingTimeInterval(-600), timeZone: .current),
            body: "Dzień dobry,\nzamówienie PL-7781 jeszcze nie dotarło. Kiedy dotrze?\n")
        let id = try desk.importOne(mail)

        // 1. Solve it in the TUI (the `:` line, as any status change).
        do {
            let session = try desk.tmux(prefix: "VISUAL= EDITOR=true", columns: 120, rows: 32)
            defer { session.kill() }
            try await session.openTicket(listing: "Gdzie jest paczka?", showing: "│ #\(id) │")
            try session.send(":")
            try session.send("-l", "status solved")
            try await session.press("Enter") { $0.contains("solved") }
            try await session.quit()
        }

        // 2. Before the delay nothing goes out; after it, one survey in Polish reaches the server.
        let early = try desk.inbox(["tick"])
        #expect(early.status == 0 && !early.stdout.contains("survey queued"), "\(early.stdout)\(early.stderr)")
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3 * 3600))
        let tick = try desk.inbox(["tick", "--at", later])
        #expect(tick.status == 0, "\(tick.stdout)\(tick.stderr)")
        #expect(tick.stdout.contains("#\(id) survey queued") && tick.stdout.contains("pl)"), "\(tick.stdout)")
        #expect(tick.stdout.contains("outbox: 1 sent"), "\(tick.stdout)")
        #expect(sink.messages().count == 1)
        let survey = MessageParser.parse(try #require(sink.messages().first))
        #expect(survey.subject == "Jak nam poszło? [#\(id)]")
        #expect(survey.text.contains("Odpowiedz liczbą od 1 (źle) do 5"))
        #expect(survey.to.first?.address == "zofia@example.pl")
        _ = try desk.inbox(["tick", "--at", later])
        #expect(sink.messages().count == 1, "a second tick sends nothing")

        // 3. The answer comes in (quoting the survey's "1" and "5"); 4. the rating is stored, the ticket stays solved.
        let answer = dir.write(
            "in/answer.eml", Self.answer("4 - szybko i miło, dziękuję", survey: survey, id: "pl-answer1@example.pl"))
        let imported = try desk.inbox(["import", "eml", answer])
        #expect(imported.status == 0, "\(imported.stderr)")
        var show = try desk.inbox(["show", String(id), "--json"])
        var json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "solved")
        var rating = try #require(json["satisfaction"] as? [String: Any])
        #expect(rating["score"] as? Int == 4)
        #expect(rating["comment"] as? String == "szybko i miło, dziękuję")
        #expect(rating["at"] as? String != nil)

        // 5. The report shows the rating.
        let report = try desk.inbox(["report", "--since", "2026-01-01", "--until", "2031-01-01", "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let r = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let total = try #require((r["satisfaction"] as? [String: Any])?["total"] as? [String: Any])
        #expect(total["sent"] as? Int == 1 && total["answered"] as? Int == 1)
        #expect(total["csat"] as? Double == 1.0)
        let text = try desk.inbox(["report", "--since", "2026-01-01", "--until", "2031-01-01"])
        #expect(text.stdout.contains("SATISFACTION") && text.stdout.contains("CSAT 100%"), "\(text.stdout)")

        // The TUI shows the rating in the ticket's header and the customer pane.
        do {
            let session = try desk.tmux(prefix: "VISUAL= EDITOR=true", columns: 130, rows: 32)
            defer { session.kill() }
            let screen = try await session.openTicket(listing: "Gdzie jest paczka?", showing: "rated 4/5")
            #expect(screen.contains("rating 4/5 (survey)"))
            try await session.quit()
        }

        // A low score reopens the ticket.
        let low = dir.write(
            "in/answer2.eml",
            Self.answer("1 - jednak paczka jest uszkodzona", survey: survey, id: "pl-answer2@example.pl"))
        #expect(try desk.inbox(["import", "eml", low]).status == 0)
        show = try desk.inbox(["show", String(id), "--json"])
        json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "open")
        rating = try #require(json["satisfaction"] as? [String: Any])
        #expect(rating["score"] as? Int == 1)
    }
}
