import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// What an agent working the demo inbox saw go wrong (session 9), each read off the pure screen.
@Suite(.serialized) struct AgentWalkTests {
    static func lines(_ c: AppController, now: Date = Date()) -> [String] {
        c.screen(now: now).text().components(separatedBy: "\n")
    }

    /// A template reply on the review screen of Zofia's ticket.
    static func review(_ engine: StoreEngineKind) throws -> (AppController, AppDatabase, TemporaryFolder) {
        let (c, db, dir) = try ComposeTests.setUp(engine)
        ComposeTests.open(c, try ComposeTests.ticket(db, subject: "Gdzie jest paczka?"))
        ComposeTests.write(c, "t", "ship", then: .enter)
        return (c, db, dir)
    }

    @Test(arguments: EngineStore.engines) func questionMarkOpensTheHelpOnTheReviewScreenAndAnyOtherKeyOnlyClosesIt(
        _ engine: StoreEngineKind
    ) throws {
        let (c, _, dir) = try Self.review(engine)
        defer { withExtendedLifetime(dir) {} }
        #expect(c.state.compose?.stage == .review)
        // The status line says "? help" on the review screen too; ? did nothing there.
        #expect(try #require(Self.lines(c).last).contains("? help"))
        c.handle(.char("?"))
        #expect(c.state.showHelp)
        #expect(c.screen().text().contains("Keys — every key runs a command"))
        // j scrolls the help, as on every screen.
        c.handle(.char("j"))
        #expect(c.state.helpScroll == 1)
        // p is "priority" in the list's map but "postpone" here: over a compose it only closes the help.
        c.handle(.char("p"))
        #expect(!c.state.showHelp)
        #expect(c.state.compose?.stage == .review, "the reply is still on the review screen")
        #expect(c.screen().text().contains("Review reply to #"))
        // ? then q: back on the review, the reply not discarded.
        c.handle(.char("?"))
        c.handle(.char("q"))
        #expect(!c.state.showHelp && c.state.compose?.stage == .review)
    }

    @Test(arguments: EngineStore.engines) func reviewScreenGAndEndGoToTheEndOfTheText(_ engine: StoreEngineKind) throws
    {
        let (c, _, dir) = try Self.review(engine)
        defer { withExtendedLifetime(dir) {} }
        let last = try #require(c.state.compose?.body.components(separatedBy: "\n").count) - 1
        c.handle(.char("G"))
        #expect(c.state.compose?.scroll == last)
        c.handle(.char("g"))
        #expect(c.state.compose?.scroll == 0)
        c.handle(.end)
        #expect(c.state.compose?.scroll == last)
    }

    @Test(arguments: EngineStore.engines) func statusLineNamesTheOutboxNotTheListUnderIt(_ engine: StoreEngineKind)
        throws
    {
        let (c, db, dir) = try Self.review(engine)
        defer { withExtendedLifetime(dir) {} }
        c.handle(.char("y"))
        #expect(try db.outbox().count == 1)
        ComposeTests.type(c, ":outbox")
        c.handle(.enter)
        let status = try #require(Self.lines(c).last)
        #expect(status.hasPrefix(" OUTBOX │ 1/1"), "\(status)")
        #expect(!status.contains("LIST"), "\(status)")
        // A row due in seconds (the undo window) counts them; one due hours later (a survey
        // queued by inbox tick) shows when, not "in 7374 s".
        let row = try #require(Self.lines(c).first { $0.hasPrefix(" queued") })
        #expect(row.contains(" s") && row.contains("in "), "\(row)")
        let hoursBefore = try #require(
            Self.lines(c, now: Date().addingTimeInterval(-7200)).first { $0.hasPrefix(" queued") })
        #expect(hoursBefore.contains("  at 20") && !hoursBefore.contains(" s"), "\(hoursBefore)")
        c.handle(.char("q"))
        #expect(try #require(Self.lines(c).last).hasPrefix(" LIST │ All tickets"))
    }

    @Test(arguments: EngineStore.engines) func queuedWithoutSMTPSaysWhereTheReplyWaitsFirst(_ engine: StoreEngineKind)
        throws
    {
        let (c, _, dir) = try Self.review(engine)
        defer { withExtendedLifetime(dir) {} }
        c.handle(.char("y"))
        let message = try #require(c.state.message)
        // The status line cuts long messages at the right: what happens to the reply comes first.
        let waits = try #require(message.range(of: "waits in the outbox"))
        let smtp = try #require(message.range(of: "no [smtp]"))
        #expect(waits.lowerBound < smtp.lowerBound, "\(message)")
    }

    @Test(arguments: EngineStore.engines, [(24, 80), (50, 200)])
    func reportSaysItIsTheReportAndGReachesItsEnd(_ engine: StoreEngineKind, size: (Int, Int)) throws {
        let c = try ReportScreenTests().controller(engine)
        c.resize(rows: size.0, cols: size.1)
        ComposeTests.type(c, ":report")
        c.handle(.enter)
        var status = try #require(Self.lines(c).last)
        #expect(status.hasPrefix(" REPORT │ month (current)"), "\(status)")
        c.handle(.char("["))
        status = try #require(Self.lines(c).last)
        #expect(status.hasPrefix(" REPORT │ month (1 back)"), "\(status)")
        c.handle(.char("]"))
        let report = try #require(c.state.report)
        let lastText = try #require(report.lines.last { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }).text
        // G: the last number, and the end of the report in sight (? says "G last").
        c.handle(.char("G"))
        #expect(c.state.report?.selected == report.selectable.last)
        #expect(c.screen().text().contains(lastText), "\(c.screen().text())")
        c.handle(.char("g"))
        #expect(c.state.report?.selected == report.selectable.first && c.state.report?.scroll == 0)
        #expect(c.screen().text().contains("VOLUME"))
        c.handle(.end)
        #expect(c.state.report?.selected == report.selectable.last)
        c.handle(.home)
        #expect(c.state.report?.scroll == 0)
    }

    @Test func tabOnTheLineKnowsReportAndTheQuarantineVerbs() {
        let c = CommandLineHistoryTests().app()
        // `:re` Tab offered refresh, reply and resume-draft, not report or release.
        CommandLineHistoryTests().type(c, ":re", enter: false)
        c.handle(.tab)
        #expect(c.state.history.candidates.contains("report"), "\(c.state.history.candidates)")
        #expect(c.state.history.candidates.contains("release"))
        c.handle(.escape)
        CommandLineHistoryTests().type(c, ":repo", enter: false)
        c.handle(.tab)
        #expect(c.state.commandLine == "report")
        CommandLineHistoryTests().type(c, " q", enter: false)
        c.handle(.tab)
        #expect(c.state.commandLine == "report quarter")
        c.handle(.enter)
        #expect(c.state.report?.length == .quarter)
        c.handle(.char("q"))
        CommandLineHistoryTests().type(c, ":unlink", enter: false)
        c.handle(.tab)
        #expect(c.state.commandLine == "unlink-order ")
    }

    @Test(arguments: EngineStore.engines) func aListKeyOnTheOutboxOrTheReportSaysWhereItWorks(_ engine: StoreEngineKind)
        throws
    {
        let c = try ReportScreenTests().controller(engine)
        for screen in [":outbox", ":report"] {
            ComposeTests.type(c, screen)
            c.handle(.enter)
            // `/` did nothing at all on these screens.
            c.handle(.char("/"))
            #expect(c.state.message == "/ (search) works in the ticket list: q goes back to it", "\(screen)")
            #expect(c.state.lineEditor == nil)
            c.handle(.char("%"))
            #expect(c.state.message?.contains("is not bound") == true, "\(c.state.message ?? "")")
            // `:` and `?` still work there.
            c.handle(.char("?"))
            #expect(c.state.showHelp)
            c.handle(.char("?"))
            c.handle(.char("q"))
            #expect(c.state.mode == .list)
        }
    }

    @Test(arguments: EngineStore.engines) func qFromAHeldMessageLeavesNoReleaseHintOnTheList(_ engine: StoreEngineKind)
        throws
    {
        let (c, _) = try QuarantineScreenTests().controller(engine)
        c.handle(.enter)
        #expect(c.state.quarantine.reading != nil)
        #expect(c.state.message?.contains("Enter releases") == true, "\(c.state.message ?? "")")
        // Back on the list the hint stayed, though Enter there reads the message again.
        c.handle(.char("q"))
        #expect(c.state.quarantine.reading == nil)
        #expect(c.state.message == nil, "\(c.state.message ?? "")")
        #expect(try #require(Self.lines(c).last).contains("? help"))
    }
}
