import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 25's acceptance in the real binary: the list shows a chat ticket's channel, the
/// ticket opens with its transcript and channel tag, and `r` replies through the channel's
/// `send_command` (a real script that records what it got).
@Suite(.serialized) struct TmuxChannelTests {
    @Test(.needsTmux)
    func aChatTicketOpensWithItsTranscriptAndRepliesThroughSendCommand() async throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let dir = TemporaryFolder("inbox-tui-channel")
        let send = dir.write(
            "send.sh",
            "#!/bin/sh\ncat > \"\(dir.path)/reply.json\"\necho \"$INBOX_IDEMPOTENCY_KEY\" >> \"\(dir.path)/delivered\"\n"
        )
        chmod(send, 0o755)
        let editor = dir.write(
            "editor.sh",
            "#!/bin/sh\nprintf 'Subject: Kargo [#%s]\\n\\nKargonuz yarın sabah teslim edilecek.\\n' \"$TICKET\" > \"$1\"\n"
        )
        chmod(editor, 0o755)
        let desk = TestDesk(dir, bin: bin) {
            $0.write(
                "config.toml",
                TestDesk.agentConfig(
                    "[[channel]]\nname = \"chat\"\nsend_command = \"\(send)\"\n[replies]\nundo_window = 0\nretry_base = 1\n"
                ))
        }
        // The first chat of the fixtures: the customer's question and the agent's answer.
        let lines =
            try String(contentsOfFile: TestPaths.fixtures + "/channels/chat.jsonl", encoding: .utf8)
            .split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        try desk.inboxSucceeds([["init"], ["import", "jsonl", dir.write("chat.jsonl", lines)]])
        let id = try desk.firstTicket()

        let session = try desk.tmux(prefix: "VISUAL= EDITOR='\(editor)' TICKET=\(id)", columns: 120, rows: 32)
        defer { session.kill() }
        var screen = try await session.waitFor { $0.contains("LIST │") && $0.contains("Merhaba, siparişim") }
        #expect(screen.contains("[chat] Merhaba, siparişim"))
        screen = try await session.press("Enter") { $0.contains("TICKET │") && $0.contains("hemen kontrol ediyorum") }
        #expect(screen.contains("[chat tawk-5001]"))
        #expect(screen.contains("ne yapmalıyım?"))
        #expect(screen.contains("◀ Ada · 2026-11-02"))
        screen = try await session.press("r") { $0.contains("Review reply to #\(id)") }
        #expect(screen.contains("Kargonuz yarın sabah teslim edilecek."))
        try await session.sendReviewedReply()

        let reply = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("reply.json"))))
                as? [String: Any])
        #expect(reply["conversation"] as? String == "tawk-5001")
        #expect((reply["text"] as? String)?.hasPrefix("Kargonuz yarın sabah teslim edilecek.") == true)
        let delivered = try String(contentsOfFile: dir.file("delivered"), encoding: .utf8).split(separator: "\n")
        #expect(delivered.count == 1 && String(delivered[0]) == reply["idempotency_key"] as? String)
        #expect(try desk.inbox(["outbox", "list"]).stdout.contains("\tsent\t"))
        try await session.quit()
    }
}

/// A channel message's attachment, copied into the store by `inbox import jsonl`, is saved
/// from the conversation like a mail attachment.
@Suite struct ChannelAttachmentTests {
    @Test func aChatAttachmentIsSavedFromTheStore() throws {
        let db = try AppDatabase.inMemory()
        let config = InboxConfig(agent: .init(name: "Ada", email: "ada@shop.example"))
        try db.syncQueues(config)
        let folder = TestPaths.fixtures + "/channels"
        _ = try ChannelImporter(database: db, config: config, options: IngestOptions())
            .importFile(folder + "/chat.jsonl")
        let data = DatabaseDataSource(db, agent: "Ada", config: config)
        let ticket = try #require(
            try db.tickets(TicketFilter(text: "channel:chat")).first { $0.subject.hasPrefix("Merhaba") })
        let message = try #require(try db.ticketDetail(ticket.id).messages.first { !$0.attachments.isEmpty })
        let out = TemporaryFolder("channel-attachment")
        let said = AttachmentActions.save(message, data: data, to: URL(fileURLWithPath: out.path))
        #expect(said.hasPrefix("Saved 1 attachment"), "\(said)")
        let saved = FileManager.default.contents(atPath: out.file("ezik-kutu.jpg"))
        #expect(saved == FileManager.default.contents(atPath: folder + "/files/ezik-kutu.jpg"))
    }
}
