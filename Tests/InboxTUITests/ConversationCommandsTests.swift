import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Jumping between messages, thread reasons, and saving or opening attachments.
@Suite struct ConversationCommandsTests {
    static let first = MailFactory.message(
        id: "first@shop.example", subject: "Zwrot", date: "Tue, 03 Nov 2026 10:12:00 +0100",
        body: (1...30).map { "Line \($0) of the first message." }.joined(separator: "\n") + "\n")

    /// A reply with two attachments: a text file with a hostile name, and a small PDF.
    static let second = """
        From: Ayşe Yılmaz <ayse@example.com.tr>
        To: support@shop.example
        Subject: Re: Zwrot
        Date: Tue, 03 Nov 2026 11:12:00 +0100
        Message-ID: <second@example.com.tr>
        In-Reply-To: <first@shop.example>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8

        The photos are attached.
        --b1
        Content-Type: text/plain; name="x.txt"
        Content-Disposition: attachment; filename="../../.evil\u{7}.txt"
        Content-Transfer-Encoding: base64

        \(Data("hello attachment\n".utf8).base64EncodedString())
        --b1
        Content-Type: application/pdf
        Content-Disposition: attachment; filename="report.pdf"
        Content-Transfer-Encoding: base64

        \(Data("%PDF-1.4 fake".utf8).base64EncodedString())
        --b1--

        """

    func makeController(_ engine: StoreEngineKind, rows: Int = 20) throws -> (AppController, TemporaryFolder) {
        let config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        let db = try StoreFixture.database(engine, config)
        let incoming = [Self.first, Self.second].map { text in
            let raw = Array(text.utf8)
            return IncomingMessage(
                raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test")
        }
        _ = try db.ingest(incoming, config: config)
        let c = AppController(data: DatabaseDataSource(db, agent: "ada", config: config), rows: rows, cols: 80)
        let folder = TemporaryFolder("inbox-downloads")
        c.downloadFolder = URL(fileURLWithPath: folder.path)
        c.handle(.enter)
        return (c, folder)
    }

    @Test(arguments: EngineStore.engines) func bracesJumpBetweenMessages(_ engine: StoreEngineKind) throws {
        let (c, _) = try makeController(engine)
        let conversation = try #require(c.state.conversation)
        #expect(conversation.detail.messages.count == 2)
        // Both are the customer's: the ticket opens at the newer one (issue 20), selected.
        #expect(conversation.selectedMessage == 1)
        #expect(conversation.messageStarts.count == 2)
        let secondStart = conversation.messageStarts[1]
        #expect(conversation.scroll == min(secondStart, c.state.conversationLines - c.state.conversationPage))
        c.handle(.char("{"))
        #expect(c.state.conversation?.selectedMessage == 0 && c.state.conversation?.scroll == 0)
        #expect(c.state.message == "Message 1 of 2")
        c.handle(.char("}"))
        #expect(c.state.conversation?.selectedMessage == 1)
        #expect(c.state.message == "Message 2 of 2")
        let scroll = try #require(c.state.conversation?.scroll)
        #expect(scroll == min(secondStart, c.state.conversationLines - c.state.conversationPage) && scroll > 0)
        // The selected message's head line is drawn reversed.
        let screen = c.screen()
        let col = c.state.layout.body.col
        let heads = (0..<screen.rows).filter { screen.line($0).dropFirst(col).hasPrefix("▶ Ayşe Yılmaz") }
        #expect(heads.count == 1)  // the first message's head is scrolled away
        #expect(heads.allSatisfy { screen[$0, col].style.reverse })
        c.handle(.char("}"))
        #expect(c.state.message == "This is the last message")
        c.handle(.char("{"))
        #expect(c.state.conversation?.selectedMessage == 0 && c.state.conversation?.scroll == 0)
        c.handle(.char("{"))
        #expect(c.state.message == "This is the first message")
        // In the list they say what to do.
        c.handle(.char("q"))
        c.handle(.char("}"))
        #expect(c.state.message == "Open a ticket first (Enter on a row)")
    }

    @Test(arguments: EngineStore.engines) func wShowsEachMessagesThreadReason(_ engine: StoreEngineKind) throws {
        let (c, _) = try makeController(engine, rows: 60)
        #expect(!c.screen().text().contains("why here:"))
        c.handle(.char("w"))
        let text = c.screen().text()
        let reasons = try #require(c.state.conversation?.detail.messages.map(\.threadReason))
        #expect(text.components(separatedBy: "why here:").count == 3, "\(text)")
        for r in reasons { #expect(text.contains("why here: \(r.prefix(30))"), "\(r)") }
        #expect(text.contains("reasons shown"))
        c.handle(.char("w"))
        #expect(!c.screen().text().contains("why here:"))
    }

    @Test(arguments: EngineStore.engines) func sSavesTheSelectedMessagesAttachmentsUnderSafeUniqueNames(
        _ engine: StoreEngineKind
    ) throws {
        let (c, folder) = try makeController(engine)
        c.handle(.char("{"))
        c.handle(.char("S"))
        #expect(c.state.message == "Message 1 has no attachments (} and { move between messages)")
        c.handle(.char("}"))
        #expect(c.screen().text().contains("📎 1. "))
        c.handle(.char("S"))
        #expect(c.state.message?.hasPrefix("Saved 2 attachments to ") == true, "\(c.state.message ?? "")")
        c.handle(.char("S"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["evil.txt", "evil (2).txt", "report.pdf", "report (2).pdf"].sorted(), "\(names)")
        #expect(try String(contentsOfFile: folder.file("evil.txt"), encoding: .utf8) == "hello attachment\n")
        #expect(try String(contentsOfFile: folder.file("report (2).pdf"), encoding: .utf8) == "%PDF-1.4 fake")
    }

    @Test(arguments: EngineStore.engines) func oOpensAnAttachmentWithTheViewer(_ engine: StoreEngineKind) throws {
        let (c, _) = try makeController(engine)
        var opened: [String] = []
        c.openFile = { opened.append(try String(contentsOf: $0, encoding: .utf8)) }
        c.handle(.char("}"))
        c.handle(.char("o"))  // two attachments: which one?
        #expect(c.state.commandLine == "open-attachment ")
        for ch in "2" { c.handle(.char(ch)) }
        c.handle(.enter)
        #expect(opened == ["%PDF-1.4 fake"])
        #expect(c.state.message == "Opened report.pdf")
        c.handle(.char(":"))
        for ch in "open-attachment 3" { c.handle(.char(ch)) }
        c.handle(.enter)
        #expect(c.state.message == "Give an attachment number from 1 to 2 (:open-attachment 1)")
        // Without xdg-open the message line says so.
        c.openFile = { try ExternalViewer.open($0, environment: ["PATH": "/nonexistent"]) }
        c.handle(.char(":"))
        for ch in "open-attachment 1" { c.handle(.char(ch)) }
        c.handle(.enter)
        #expect(
            c.state.message
                == "Cannot open evil.txt: xdg-open is not installed (install xdg-utils, or press S to save it)")
    }

    @Test func attachmentFilesNeverOverwriteAndStayInTheFolder() throws {
        let folder = TemporaryFolder("inbox-attachments")
        let url = URL(fileURLWithPath: folder.path + "/new")
        let a = try AttachmentFiles.write(
            Array("1".utf8), named: "../../etc/passwd", contentType: "text/plain", into: url)
        let b = try AttachmentFiles.write(Array("2".utf8), named: "passwd", contentType: "text/plain", into: url)
        let c = try AttachmentFiles.write([], named: ".bashrc", contentType: nil, into: url)
        let d = try AttachmentFiles.write([], named: "\u{1B}]0;x\u{7}", contentType: "application/pdf", into: url)
        #expect([a, b, c, d].map(\.lastPathComponent) == ["passwd", "passwd (2)", "bashrc", "]0;x"])
        #expect([a, b, c, d].allSatisfy { $0.deletingLastPathComponent().path == url.path })
        #expect(try String(contentsOf: a, encoding: .utf8) == "1")
        #expect(
            AttachmentActions.downloadFolder(environment: ["XDG_DOWNLOAD_DIR": "/srv/dl", "HOME": "/home/ada"]).path
                == "/srv/dl")
        #expect(AttachmentActions.downloadFolder(environment: ["HOME": "/home/ada"]).path == "/home/ada/Downloads")
    }
}
