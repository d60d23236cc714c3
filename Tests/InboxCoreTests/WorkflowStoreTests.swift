import Foundation
import GRDB
import InboxTestSupport
import Synchronization
import Testing

@testable import InboxCore

/// The store's workflow: changes, events, versions, the solved → closed rule, SLA bookkeeping,
/// merge/split/undo, quarantine actions and customer profiles.
@Suite struct WorkflowStoreTests: StoreSuite {
    var config = StoreFixture.config { $0.sla = StoreFixture.aroundTheClockSLA }

    let msg = StoreFixture.Messages(
        from: "ayse@example.com", to: "support@shop.example", subject: "Kargom nerede?",
        text: "Merhaba, siparişim hala gelmedi. Lütfen yardım edin.")

    /// On both engines (issue 22): the ticket is read back through the store seam.
    @Test(arguments: EngineStore.engines)
    func setLogsEventsBumpsVersionAndRefusesStaleVersions(_ engine: StoreEngineKind) throws {
        let desk = try makeStore(engine, "set-events", ingesting: [msg("a@x", date: base)])
        let db = desk.db
        let before = try db.seamTicket(1001)
        #expect(before.version == 1)
        let r = try db.update(
            [1001],
            [
                .status(.pending), .assignee("Ada"), .priority(.high), .addTag("refund"), .addTag("vip"),
                .removeTag("vip"),
            ],
            actor: "Ada", expectedVersion: before.version, config: config)
        #expect(
            r[0].applied == ["status=pending", "assignee=Ada", "priority=high", "tag+=refund", "tag+=vip", "tag-=vip"])
        let after = try db.seamTicket(1001)
        #expect(after.status == "pending" && after.assignee == "Ada" && after.priority == "high")
        #expect(after.tags == ["refund"])
        #expect(after.version == 2)
        let kinds = try db.seamEvents(1001).filter { $0.actor == "Ada" }.map {
            "\($0.kind) \($0.oldValue ?? "") → \($0.newValue ?? "")"
        }
        #expect(
            kinds == [
                "status new → pending", "assignee  → Ada", "priority normal → high", "tag  → refund", "tag  → vip",
                "tag vip → ",
            ])
        // Someone who read version 1 is refused, and nothing of theirs is saved.
        #expect {
            try db.update([1001], [.assignee("Bob")], actor: "Bob", expectedVersion: 1, config: config)
        } throws: { error in
            let e = error as? InboxError
            return e?.code == .conflict && e!.description.contains("#1001 was changed by someone else")
                && e!.description.contains("Ada")
        }
        #expect(try db.seamTicket(1001).assignee == "Ada")
        // A change that is already true is no change: no event, no new version.
        let same = try db.update([1001], [.status(.pending)], actor: "Ada", config: config)
        #expect(same[0].applied.isEmpty && same[0].version == 2)
        // Rules: new is never re-entered; merged only by merging.
        #expect(throws: InboxError.self) { try db.update([1001], [.status(.new)], actor: "Ada", config: config) }
        #expect(throws: InboxError.self) { try db.update([1001], [.status(.merged)], actor: "Ada", config: config) }
        // Undo restores the fields of the last change.
        let undone = try db.undo(ticket: 1001, actor: "Ada", config: config)
        #expect(undone.kind == "change")
        let restored = try db.seamTicket(1001)
        #expect(restored.status == "new" && restored.assignee == nil && restored.priority == "normal")
        #expect(restored.tags.isEmpty)
    }

    /// Two agents change the same version at once, each in a store value of its own (two
    /// processes): one wins, the other is refused with the conflict, on both engines. On
    /// PostgreSQL the loser's SERIALIZABLE transaction is run again and then finds the new version.
    @Test(arguments: EngineStore.engines)
    func twoChangesOfOneVersionAtOnceOneWins(_ engine: StoreEngineKind) throws {
        let desk = try makeStore(engine, "set-race", ingesting: [msg("a@x", date: base)])
        for round in 0..<5 {
            let version = try desk.db.seamTicket(1001).version
            let agents = ["Ada", "Bob"]
            let outcomes = Mutex<[String]>([])
            let config = self.config
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let outcome: String
                do {
                    let db = try desk.store.open()
                    try db.update(
                        [1001], [.priority(i == 0 ? .high : .low), .addTag("r\(round)-\(agents[i])")],
                        actor: agents[i], expectedVersion: version, config: config)
                    outcome = "won"
                } catch let e as InboxError where e.code == .conflict {
                    outcome = "conflict"
                } catch {
                    outcome = "error: \(error)"
                }
                outcomes.withLock { $0.append(outcome) }
            }
            #expect(outcomes.withLock { $0.sorted() } == ["conflict", "won"])
            let after = try desk.db.seamTicket(1001)
            #expect(after.version == version + 1)
            #expect(after.tags.filter { $0.hasPrefix("r\(round)-") }.count == 1)
        }
    }

    @Test func parsesSetArguments() throws {
        #expect(try TicketChange.parse("status=on-hold", agent: "ada") == .status(.onHold))
        #expect(try TicketChange.parse("assignee=me", agent: "ada") == .assignee("ada"))
        #expect(try TicketChange.parse("assignee=", agent: "ada") == .assignee(nil))
        #expect(try TicketChange.parse("tag+=refund", agent: "ada") == .addTag("refund"))
        #expect(try TicketChange.parse("tag-=vip", agent: "ada") == .removeTag("vip"))
        #expect(try TicketChange.parse("priority=URGENT", agent: "ada") == .priority(.urgent))
        #expect(throws: InboxError.self) { try TicketChange.parse("status=done", agent: "ada") }
        #expect(throws: InboxError.self) { try TicketChange.parse("colour=red", agent: "ada") }
    }

    @Test func solvedClosesAfterFourDaysAndAReplyThenOpensALinkedTicket() throws {
        let db = try makeDB()
        let now = Date()
        _ = try db.ingest([msg("a@x", date: now.timeIntervalSince1970 - 86400)], config: config)
        try db.update([1001], [.status(.solved)], actor: "Ada", config: config, now: now)
        #expect(try db.runMaintenance(now: now.addingTimeInterval(3.9 * 86400)).isEmpty)
        // A reply within the four days reopens.
        _ = try db.ingest([msg("b@x", inReplyTo: ["a@x"], date: now.timeIntervalSince1970 + 60)], config: config)
        #expect(try db.ticketDetail(1001).ticket.status == .open)
        try db.update([1001], [.status(.solved)], actor: "Ada", config: config, now: now)
        #expect(try db.runMaintenance(now: now.addingTimeInterval(4.1 * 86400)) == [1001])
        let closed = try db.ticketDetail(1001)
        #expect(closed.ticket.status == .closed)
        #expect(closed.events.last?.kind == "status" && closed.events.last?.actor == "inbox")
        #expect(throws: InboxError.self) { try db.update([1001], [.status(.open)], actor: "Ada", config: config) }
        _ = try db.ingest([msg("c@x", inReplyTo: ["b@x"], date: now.timeIntervalSince1970 + 120)], config: config)
        let follow = try db.ticketDetail(1002)
        #expect(follow.linkedTicket == 1001 && follow.ticket.status == .new)
    }

    @Test func archiveTicketsCloseFourDaysAfterTheImportNotAfterTheirOldDate() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("old@x", date: 1_600_000_000)], config: config, options: IngestOptions(archive: true))
        #expect(try db.runMaintenance().isEmpty)
        #expect(try db.runMaintenance(now: Date().addingTimeInterval(5 * 86400)) == [1001])
    }

    @Test func dueTimesAreStoredAndFollowEveryChange() throws {
        let db = try makeDB()
        let start = Date().addingTimeInterval(-3 * 3600).timeIntervalSince1970.rounded()
        func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: start + minutes * 60) }
        _ = try db.ingest([msg("a@x", date: start)], config: config)
        func dues() throws -> (Double?, Double?, Double?, Double?) {
            try db.reader.read { d in
                let r = try Row.fetchOne(
                    d, sql: "SELECT first_response_due, next_response_due, resolution_due, sla_warn_at FROM ticket")!
                return (r[0], r[1], r[2], r[3])
            }
        }
        var d = try dues()
        #expect(d.0 == start + 4 * 3600)
        #expect(d.2 == start + 3 * 86400)
        #expect(d.3 == start + 3 * 3600)  // 1 h warning by default
        try db.update([1001], [.status(.pending)], actor: "Ada", config: config, now: at(10))
        d = try dues()
        #expect(d.0 == nil && d.2 == nil && d.3 == nil)  // paused
        try db.update([1001], [.status(.open)], actor: "Ada", config: config, now: at(20))
        d = try dues()
        #expect(d.0 == start + 4 * 3600 + 600)  // ten minutes paused
        // The agent's reply meets the first response; the customer's next message starts next response.
        _ = try db.ingest(
            [msg("b@x", from: "ada@shop.example", to: "ayse@example.com", inReplyTo: ["a@x"], date: start + 30 * 60)],
            config: config)
        d = try dues()
        #expect(d.0 == nil && d.1 == nil)
        _ = try db.ingest([msg("c@x", inReplyTo: ["b@x"], date: start + 40 * 60)], config: config)
        d = try dues()
        #expect(d.1 == start + 40 * 60 + 8 * 3600)
        let report = try #require(try db.slaReport(1001, config: config))
        #expect(report.clocks.map(\.metric) == [.firstResponse, .resolution, .nextResponse])
        #expect(report.clocks[0].state == .met && report.clocks[0].spent == 20 * 60)
        #expect(report.timeline.contains { $0.kind == .paused } && report.timeline.contains { $0.kind == .met })
        #expect(try db.breachingCount(now: Date()) == 0)
        #expect(try db.breachingCount(now: Date().addingTimeInterval(8 * 3600)) == 1)
    }

    @Test func mergeMovesMessagesAndLaterRepliesThenUndo() throws {
        let db = try makeDB()
        _ = try db.ingest(
            [msg("a@x", date: base), msg("b@x", subject: "Order 4411 again", date: base + 60)], config: config)
        try db.update([1002], [.addTag("dup")], actor: "Ada", config: config)
        try db.merge(1002, into: 1001, actor: "Ada", config: config)
        var a = try db.ticketDetail(1001)
        let b = try db.ticketDetail(1002)
        #expect(a.messages.count == 2 && a.messages[1].threadReason == "merged from #1002")
        #expect(a.ticket.tags == ["dup"])
        #expect(b.ticket.status == .merged && b.mergedInto == 1001 && b.messages.isEmpty)
        // A reply to B's message threads into A.
        _ = try db.ingest([msg("c@x", inReplyTo: ["b@x"], date: base + 120)], config: config)
        a = try db.ticketDetail(1001)
        #expect(a.messages.count == 3)
        // Undo (from either ticket) moves B's message back; the new reply stays in A.
        let u = try db.undo(ticket: 1002, actor: "Ada", config: config)
        #expect(u.kind == "merge")
        a = try db.ticketDetail(1001)
        let b2 = try db.ticketDetail(1002)
        #expect(a.messages.count == 2 && a.ticket.tags.isEmpty)
        #expect(b2.ticket.status == .new && b2.mergedInto == nil && b2.messages.first?.threadReason == "new ticket")
    }

    @Test func splitMovesChosenMessagesAndUndoRemovesTheNewTicket() throws {
        let db = try makeDB()
        _ = try db.ingest(
            [
                msg("a@x", date: base), msg("b@x", inReplyTo: ["a@x"], date: base + 60),
                msg("c@x", from: "mehmet@example.com", subject: "Başka bir konu", inReplyTo: ["b@x"], date: base + 120),
            ], config: config)
        #expect(throws: InboxError.self) { try db.split(1001, positions: [1, 2, 3], actor: "Ada", config: config) }
        #expect(throws: InboxError.self) { try db.split(1001, positions: [4], actor: "Ada", config: config) }
        let created = try db.split(1001, positions: [3], actor: "Ada", config: config)
        #expect(created == 1002)
        let n = try db.ticketDetail(created)
        #expect(n.messages.count == 1 && n.messages[0].threadReason == "split from #1001")
        #expect(n.ticket.customer.address == "mehmet@example.com" && n.ticket.subject == "Başka bir konu")
        #expect(try db.ticketDetail(1001).messages.count == 2)
        _ = try db.undo(ticket: 1001, actor: "Ada", config: config)
        #expect(try db.ticketDetail(1001).messages.count == 3)
        #expect(throws: InboxError.self) { try db.ticketDetail(created) }
    }

    @Test(arguments: EngineStore.engines) func quarantineReleaseBlockAndBouncing(_ engine: StoreEngineKind) throws {
        var auto = LoopHeaders()
        auto.autoSubmitted = "auto-replied"
        let desk = try makeStore(
            engine, "quarantine", ingesting: [msg("ooo@x", from: "robot@vendor.example", date: base, loop: auto)])
        let db = desk.db
        let held = try db.quarantine()
        #expect(held.count == 1 && held[0].automatic)
        let ticket = try db.release(message: held[0].id, actor: "Ada", config: config)
        #expect(try db.quarantine().isEmpty)
        let t = try db.ticketDetail(ticket)
        #expect(t.ticket.status == .new && t.messages[0].threadReason.hasPrefix("released from the quarantine by Ada"))
        // Blocking a sender (or its domain) quarantines its next mail, even a plain one.
        try db.blockSender("@vendor.example", actor: "Ada")
        let s = try db.ingest([msg("spam@x", from: "sales@vendor.example", date: base + 60)], config: config)
        #expect(s.quarantined == 1 && s.newTickets == 0)
        #expect(try db.quarantine().first?.reason.contains("blocked") == true)
        try db.markBouncing("Ayse@Example.com", actor: "Ada")
        #expect(try db.customer(address: "ayse@example.com").failing)
    }

    @Test func customerProfileDetectsLanguageAndCountsTickets() throws {
        let db = try makeDB()
        _ = try db.ingest(
            [
                msg("a@x", date: base), msg("b@x", subject: "İade", date: base + 60),
                msg(
                    "c@x", from: "ola@example.no", subject: "Bestilling", date: base + 120,
                    text: "Hei, jeg har ikke fått pakken ennå. Hvor er bestillingen min? Vennlig hilsen Ola"),
            ], config: config)
        try db.update([1002], [.status(.solved)], actor: "Ada", config: config)
        let p = try #require(try db.ticketDetail(1001).customerProfile)
        #expect(p.address == "ayse@example.com" && p.ticketCount == 2 && p.openCount == 1)
        #expect(p.language == "tr" && p.languageSource == "detected")
        #expect(p.firstContact == Date(timeIntervalSince1970: base))
        #expect(try db.ticketDetail(1003).customerProfile?.language == "no")
        try db.updateCustomer(address: "ayse@example.com", field: "language", value: "de", actor: "Ada")
        let set = try db.customer(address: "ayse@example.com")
        #expect(set.language == "de" && set.languageSource == "set")
    }

    @Test(arguments: [
        ("Hello, I have not received my order yet. Could you please check where it is? Thanks", "en"),
        ("Merhaba, siparişim hala gelmedi. Kargom nerede? Lütfen yardım edin, teşekkürler.", "tr"),
        ("Dzień dobry, moje zamówienie jeszcze nie dotarło. Proszę o zwrot pieniędzy. Pozdrawiam", "pl"),
        ("Hei, jeg har ikke fått pakken min ennå. Kan dere sjekke bestillingen? Vennlig hilsen", "no"),
        ("Hallo, ich habe meine Bestellung noch nicht erhalten. Bitte um Rückmeldung. Mit freundlichen Grüßen", "de"),
        ("Hola, todavía no he recibido mi pedido. ¿Dónde está? Gracias y saludos", "es"),
        (
            "Bonjour, je n'ai toujours pas reçu ma commande. Pouvez-vous vérifier où est le colis ? Merci, cordialement",
            "fr"
        ),
    ])
    func languageGuess(text: String, expected: String) {
        #expect(LanguageGuess.guess(text) == expected)
    }

    /// The ASCII fast path (words looked up by their bytes) gives the String lookup's answers:
    /// upper case, a word that leaves ASCII half-way, a decomposed letter, words longer than
    /// any key, and a tie for the best language.
    @Test func languageGuessReadsWordsThatLeaveASCIIAndTies() {
        #expect(LanguageGuess.guess("BITTE DANKE RÜCKSENDUNG UND") == "de")
        #expect(LanguageGuess.guess("ru\u{308}cksendung RU\u{308}CKSENDUNG") == "de")
        #expect(LanguageGuess.guess("Rücksendung rücksendung") == "de")
        #expect(LanguageGuess.guess("the and und ich") == nil)
        #expect(LanguageGuess.guess("the and und") == "en")
        #expect(LanguageGuess.guess("thethethethethethethe andandandandandandand undundundundund") == nil)
        #expect(LanguageGuess.guess("teşekkürler teşekkür ederim the") == "tr")
        #expect(LanguageGuess.guess("Wo ist meine Bestellung? Mit freundlichen Grüßen") == "de")
        // Lines are split as `split(separator: "\n")` splits them: `\r\n` is one Character,
        // not a line feed, so the `>` after it starts no quoted line.
        #expect(LanguageGuess.guess("the and\n> und und und und") == "en")
        #expect(LanguageGuess.guess("> und und und und\nthe and") == "en")
        #expect(LanguageGuess.guess("the and\r\n> und und und und") == "de")
        #expect(LanguageGuess.guess(">\u{301} und und\nthe") == "de")
    }

    @Test func languageGuessAbstainsOnThinEvidence() {
        #expect(LanguageGuess.guess("OK") == nil)
        #expect(LanguageGuess.guess("") == nil)
        #expect(LanguageGuess.guess("> the order is shipped and you will get it") == nil)
    }
}
