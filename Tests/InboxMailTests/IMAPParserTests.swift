import Foundation
import InboxTestSupport
import Testing

@testable import InboxMail

/// Framer + response parser over transcripts and imaptest's expected responses, fed in every chunking.
@Suite struct IMAPParserTests {
    /// A session as Dovecot 2.3 sends it (modelled on a rawlog capture): greeting, login,
    /// SELECT with CONDSTORE, a FETCH with literals (one of them empty, one with a CRLF at a
    /// split-prone place), an IDLE, flags updates and logout.
    static let transcriptLines: [String] = [
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n",
        "A1 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE] Logged in\r\n",
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n",
        "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n",
        "* 3 EXISTS\r\n",
        "* 0 RECENT\r\n",
        "* OK [UIDVALIDITY 1763900000] UIDs valid\r\n",
        "* OK [UIDNEXT 4] Predicted next UID\r\n",
        "* OK [HIGHESTMODSEQ 7] Highest\r\n",
        "A2 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).\r\n",
        "* SEARCH 1 2 3\r\n",
        "A3 OK Search completed (0.001 + 0.000 secs).\r\n",
        "* 1 FETCH (UID 1 FLAGS (\\Seen) INTERNALDATE \"23-Nov-2026 10:00:00 +0100\" RFC822.SIZE 43 MODSEQ (3) BODY[] {43}\r\n",
        "Subject: a\r\nMessage-ID: <a@x>\r\n\r\nbody {5}\r\n)\r\n",
        "* 2 FETCH (UID 2 FLAGS () INTERNALDATE \"23-Nov-2026 10:00:01 +0100\" RFC822.SIZE 0 BODY[] {0}\r\n)\r\n",
        "* 3 FETCH (UID 3 FLAGS (\\Seen $Forwarded) BODY[HEADER.FIELDS (SUBJECT FROM)] {12}\r\nSubject: c\r\n BODY[] {3}\r\nx\r\n)\r\n",
        "A4 OK Fetch completed (0.002 + 0.000 secs).\r\n",
        "+ idling\r\n",
        "* 4 EXISTS\r\n",
        "* 1 FETCH (FLAGS (\\Seen \\Answered) MODSEQ (9))\r\n",
        "A5 OK Idle completed (0.5 + 0.5 + 0.1 secs).\r\n",
        "* VANISHED (EARLIER) 5:7\r\n",
        "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"\r\n",
        "* LIST (\\Noselect) \"/\" {6}\r\nT&AOQ-\r\n",
        "* ESEARCH (TAG \"A6\") UID ALL 4:6,9\r\n",
        "* ID (\"name\" \"Dovecot\")\r\n",
        "* BYE Logging out\r\n",
        "A7 OK Logout completed.\r\n",
    ]
    static let transcript: [UInt8] = Array(transcriptLines.joined().utf8)

    static func frames(_ bytes: [UInt8], chunks: [Int]) throws -> [[UInt8]] {
        var framer = IMAPFramer()
        var out: [[UInt8]] = []
        var start = 0
        for size in chunks {
            let end = min(bytes.count, start + size)
            framer.append(bytes[start..<end])
            start = end
            while let f = try framer.next() { out.append(f) }
        }
        framer.append(bytes[start...])
        while let f = try framer.next() { out.append(f) }
        #expect(framer.bufferedBytes == 0)
        return out
    }

    static func parseAll(_ bytes: [UInt8], chunks: [Int]) throws -> [IMAPResponse] {
        try frames(bytes, chunks: chunks).map { try IMAPResponseParser.parse($0) }
    }

    @Test func transcriptParses() throws {
        let r = try Self.parseAll(Self.transcript, chunks: [])
        #expect(r.count == 27)
        guard case .status(.ok, let code?, _) = r[0] else {
            Issue.record("greeting")
            return
        }
        #expect(code.name == "CAPABILITY" && code.values.count == 10)
        #expect(r[4] == .exists(3))
        guard case .status(.ok, let uv?, _) = r[6] else { return }
        #expect(uv.name == "UIDVALIDITY" && uv.number == 1_763_900_000)
        guard case .tagged("A2", .ok, let ro?, _) = r[9] else {
            Issue.record("tagged A2")
            return
        }
        #expect(ro.name == "READ-ONLY")
        #expect(r[10] == .search([1, 2, 3]))
        guard case .fetch(let f1) = r[12], case .fetch(let f2) = r[13], case .fetch(let f3) = r[14] else {
            Issue.record("fetches")
            return
        }
        #expect(f1.uid == 1 && f1.flags == ["\\Seen"] && f1.size == 43 && f1.modseq == 3)
        #expect(f1.internalDate == "23-Nov-2026 10:00:00 +0100")
        #expect(f1.body == Array("Subject: a\r\nMessage-ID: <a@x>\r\n\r\nbody {5}\r\n".utf8))
        #expect(f2.uid == 2 && f2.body == [])
        #expect(f3.value("BODY[HEADER.FIELDS (SUBJECT FROM)]")?.bytes == Array("Subject: c\r\n".utf8))
        #expect(f3.body == Array("x\r\n".utf8) && f3.flags == ["\\Seen", "$Forwarded"])
        #expect(r[16] == .continuation("idling"))
        #expect(r[20] == .vanished(earlier: true, set: "5:7"))
        #expect(
            r[21] == .list(attributes: ["\\HasNoChildren", "\\Sent"], delimiter: "/", name: Array("Sent Items".utf8)))
        #expect(r[22] == .list(attributes: ["\\Noselect"], delimiter: "/", name: Array("T&AOQ-".utf8)))
        #expect(r[23] == .search([4, 5, 6, 9]))
        guard case .status(.bye, _, _) = r[25] else {
            Issue.record("bye")
            return
        }
    }

    /// `count` fixed pseudo-random ways (from `seed`) to cut `length` bytes into reads of 1 to
    /// `largest` bytes.
    static func randomChunkings(of length: Int, count: Int, largest: Int, seed: UInt64) -> [[Int]] {
        var rng = SplitMix(seed: seed)
        return (0..<count).map { _ in
            var chunks: [Int] = []
            var total = 0
            while total < length {
                let n = Int(rng.next() % UInt64(largest)) + 1
                chunks.append(n)
                total += n
            }
            return chunks
        }
    }

    /// One byte at a time, every split into two reads, and fixed pseudo-random chunkings give
    /// the same responses as one read.
    @Test func everyChunkingGivesTheSameResponses() throws {
        let bytes = Self.transcript
        let whole = try Self.parseAll(bytes, chunks: [])
        #expect(try Self.parseAll(bytes, chunks: Array(repeating: 1, count: bytes.count)) == whole)
        for split in 0...bytes.count {
            #expect(try Self.frames(bytes, chunks: [split]).count == whole.count)
        }
        for chunks in Self.randomChunkings(of: bytes.count, count: 200, largest: 40, seed: 42) {
            #expect(try Self.parseAll(bytes, chunks: chunks) == whole)
        }
    }

    @Test func bareLineFeedsAndLowercase() throws {
        let r = try Self.parseAll(
            Array("* 2 exists\n* 1 fetch (uid 7 body[] {2}\nab)\na1 ok done\n".utf8), chunks: [3, 5])
        #expect(r[0] == .exists(2))
        guard case .fetch(let f) = r[1] else {
            Issue.record("fetch")
            return
        }
        #expect(f.uid == 7 && f.body == Array("ab".utf8))
        #expect(r[2] == .tagged(tag: "a1", status: .ok, code: nil, text: "done"))
    }

    @Test func malformedResponsesThrowWithoutBreakingFraming() throws {
        let bytes = Array("* 1 FETCH (UID 1 BODY[] \"unterminated\r\n* 2 EXISTS\r\n".utf8)
        let frames = try Self.frames(bytes, chunks: [7])
        #expect(frames.count == 2)
        #expect(throws: IMAPProtocolError.self) { try IMAPResponseParser.parse(frames[0]) }
        #expect(try IMAPResponseParser.parse(frames[1]) == .exists(2))
    }

    @Test func oversizedLiteralIsRefused() throws {
        var framer = IMAPFramer(maximumLiteral: 100)
        framer.append(Array("* 1 FETCH (BODY[] {1000}\r\n".utf8))
        #expect(throws: IMAPProtocolError.self) { try framer.next() }
    }

    @Test func sequenceSets() {
        #expect(IMAPSequenceSet.compress([1, 2, 3, 5, 7, 8]) == "1:3,5,7:8")
        #expect(IMAPSequenceSet.expand("1:3,5,8:7") == [1, 2, 3, 5, 7, 8])
        #expect(ModifiedUTF7.encode("Tä & Ö") == "T&AOQ- &- &ANY-")
        #expect(ModifiedUTF7.encode("INBOX") == "INBOX")
    }

    // MARK: - imaptest scripts

    /// The expected untagged responses of imaptest's scripts, as a server would send them:
    /// `{{{ … }}}` blocks become literals and `$variables` plausible values.
    static func imaptestResponses(_ text: String) -> [String] {
        var out: [String] = []
        let lines = text.components(separatedBy: "\n")
        var k = 0
        func substitute(_ s: String) -> String {
            var s = s.replacingOccurrences(of: #"\$!\w+(=[^\s)]*)?"#, with: "", options: .regularExpression)
            s = s.replacingOccurrences(of: #"\$\{\w+\}"#, with: "box", options: .regularExpression)
            s = s.replacingOccurrences(
                of: #"\$(uid\w*|\d+|size|modseq\w*|uidnext|uidvalidity\w*)\b"#, with: "7", options: .regularExpression)
            s = s.replacingOccurrences(of: #"\$\w+"#, with: "x", options: .regularExpression)
            s = s.replacingOccurrences(of: "$", with: "NIL")
            return s
        }
        while k < lines.count {
            let line = lines[k]
            k += 1
            guard line.hasPrefix("* ") else { continue }
            var response = ""
            var current = line
            while current.hasSuffix("{{{") {
                response += substitute(String(current.dropLast(3)))
                var body: [String] = []
                while k < lines.count, !lines[k].hasPrefix("}}}") {
                    body.append(lines[k])
                    k += 1
                }
                let literal = body.joined(separator: "\r\n")
                response += "{\(literal.utf8.count)}\r\n" + literal
                current = k < lines.count ? String(lines[k].dropFirst(3)) : ""
                k += 1
            }
            response += substitute(current)
            out.append(response + "\r\n")
        }
        return out
    }

    static var imaptestScripts: [String] {
        guard let corpora = TestPaths.corpora else { return [] }
        let dir = corpora + "/imaptest"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { !$0.hasSuffix(".mbox") && $0 != "COPYING.MIT" }.sorted().compactMap { name in
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir)
            return isDir.boolValue ? nil : dir + "/" + name
        }
    }

    @Test(.enabled(if: TestPaths.corpora != nil)) func imaptestExpectedResponsesParseInEveryChunking() throws {
        var total = 0
        for path in Self.imaptestScripts {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            let responses = Self.imaptestResponses(text)
            if responses.isEmpty { continue }
            let stream = Array(responses.joined().utf8)
            let whole: [IMAPResponse]
            do {
                whole = try Self.parseAll(stream, chunks: [])
            } catch {
                Issue.record("\((path as NSString).lastPathComponent): \(error)")
                continue
            }
            #expect(whole.count == responses.count, "\(path)")
            for (response, parsed) in zip(responses, whole) {
                let keyword = response.split(separator: " ").dropFirst().prefix(2).map { $0.lowercased() }
                if keyword.count == 2, UInt32(keyword[0]) != nil, keyword[1] == "fetch" {
                    guard case .fetch = parsed else {
                        Issue.record("not a FETCH: \(response.prefix(80))")
                        continue
                    }
                }
                if keyword.first == "list" {
                    guard case .list = parsed else {
                        Issue.record("not a LIST: \(response.prefix(80))")
                        continue
                    }
                }
            }
            #expect(try Self.parseAll(stream, chunks: Array(repeating: 1, count: stream.count)) == whole, "\(path)")
            for chunks in Self.randomChunkings(of: stream.count, count: 10, largest: 64, seed: UInt64(stream.count)) {
                #expect(try Self.parseAll(stream, chunks: chunks) == whole, "\(path)")
            }
            total += responses.count
        }
        #expect(total > 300)
    }
}

/// A small deterministic generator for chunk sizes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
