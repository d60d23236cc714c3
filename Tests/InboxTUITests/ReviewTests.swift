import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The review pane of `inbox review`: reducer, rendering, and the real binary in tmux.
@Suite(.serialized) struct ReviewTests {
    @Test func scoringAndNotesProduceSaveEffects() {
        var pane = ReviewPane(rubric: .standard, reviewer: "rita")
        pane.load(ticket: 1001, nil)
        var state = AppState(rows: 30, cols: 100, review: pane)
        var effects = state.handle(.char("4"), keyMap: .review)
        guard case .saveReview(let saved)? = effects.first else {
            Issue.record("no save effect")
            return
        }
        #expect(saved.ticket == 1001 && saved.scores == ["correctness": 4] && saved.reviewer == "rita")
        #expect(state.review?.criterion == 1)
        _ = state.handle(.tab, keyMap: .review)
        effects = state.handle(.char("2"), keyMap: .review)
        #expect(state.review?.scores == ["correctness": 4, "speed": 2])
        _ = state.handle(.char("e"), keyMap: .review)
        for ch in "Polite" { _ = state.handle(.char(ch), keyMap: .review) }
        // Keys type into the note while it is edited: "q" does not quit.
        _ = state.handle(.char("q"), keyMap: .review)
        #expect(state.running && state.noteEditor?.text == "Politeq")
        _ = state.handle(.backspace, keyMap: .review)
        effects = state.handle(.enter, keyMap: .review)
        guard case .saveReview(let withNote)? = effects.first else {
            Issue.record("no save effect for the note")
            return
        }
        #expect(withNote.notes == "Polite" && withNote.scores["speed"] == 2)
        // Outside review mode the keys are not bound and nothing is saved.
        var inbox = AppState(rows: 30, cols: 100)
        #expect(inbox.handle(.char("4")).isEmpty)
        #expect(inbox.apply(.score4).isEmpty && inbox.message?.contains("inbox review") == true)
    }

    @Test func paneIsDrawnUnderTheList() {
        var pane = ReviewPane(rubric: Rubric(["accuracy", "empathy"]), reviewer: "rita")
        pane.load(
            ticket: 1001,
            TicketReview(ticket: 1001, reviewer: "rita", scores: ["empathy": 3], notes: "ok", updatedAt: Date()))
        let state = AppState(rows: 20, cols: 100, review: pane)
        let text = (0..<20).map { AppRenderer.render(state, keyMap: .review).line($0) }.joined(separator: "\n")
        #expect(text.contains("Review of #1001 by rita"))
        #expect(text.contains("▸ accuracy") && text.contains("empathy") && text.contains("3/5"))
        #expect(text.contains("Note: ok") && text.contains("REVIEW LIST"))
        #expect(state.layout.listRows == 20 - 1 - 4 - 1)
    }

    @Test(.needsTmux)
    func scoreATicketQuitAndSeeTheSummary() async throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let desk = try TestDesk.demo("inbox-review-e2e", bin: bin)
        let archive = desk.dir.file("review.archive")
        try desk.inboxSucceeds([
            ["init"], ["import", "mbox", TestPaths.demo + "/support.mbox"],
            ["export", "--all", "--format", "archive", "--output", archive],
        ])
        // Review reads the archive alone: no INBOX_DB.
        let session = try TmuxSession(
            command:
                "env LANG=C.UTF-8 INBOX_CONFIG='\(desk.config)' '\(bin)' review '\(archive)' --agent rita; echo EXITED $?; sleep 600",
            columns: 110, rows: 32)
        defer { session.kill() }
        var screen = try await session.waitFor { $0.contains("REVIEW LIST") && $0.contains("Review of #") }
        let ticket = try #require(
            screen.split(separator: "\n").first { $0.contains("Review of #") }.flatMap { line in
                line.split(separator: "#").dropFirst().first?.prefix { $0.isNumber }
            }.map(String.init))
        try session.send("Enter")
        screen = try await session.waitFor { $0.contains("REVIEW TICKET") && $0.contains("│ #\(ticket) │") }
        try session.send("4", "Tab", "2", "e")
        screen = try await session.waitFor { $0.contains("Note (Enter saves") }
        try session.send("-l", "Quick and kind")
        try session.send("Enter")
        screen = try await session.waitFor { $0.contains("Note: Quick and kind") }
        #expect(screen.contains("4/5") && screen.contains("2/5"))
        try await session.quit()

        let summary = try desk.inbox(["review", archive, "--summary"])
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.hasPrefix("1 of ") && summary.stdout.contains(" tickets reviewed"), "\(summary.stdout)")
        #expect(summary.stdout.contains("#\(ticket) ") && summary.stdout.contains("— rita"))
        #expect(summary.stdout.contains("correctness 4/5, speed 2/5"))
        #expect(summary.stdout.contains("> Quick and kind"))
        // The conversation itself is untouched: reviewing is read-only.
        let detail = try AppDatabase.openArchive(path: archive).ticketDetail(try #require(Int64(ticket)))
        #expect(
            !detail.messages.contains { $0.text.contains("Quick and kind") }
                && detail.events.allSatisfy { $0.actor != "rita" })
    }
}
