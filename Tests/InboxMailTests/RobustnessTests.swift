import Foundation
import InboxCore
import Testing
@testable import InboxMail

@Suite struct RobustnessTests {
    /// Inputs built to trigger quadratic behaviour in naive parsers; each must stay fast.
    @Test func pathologicalInputsStayLinear() {
        let n = 200_000
        let cases: [(String, String)] = [
            ("many parameters", "Content-Type: text/plain" + String(repeating: "; a=b", count: n / 5) + "\n\nx"),
            (
                "many sections",
                "Content-Type: text/plain; " + (0..<20_000).map { "n*\($0)=x" }.joined(separator: "; ") + "\n\nx"
            ),
            ("space runs in a word", "Subject: =?utf-8?q?a" + String(repeating: " ", count: n) + "b?=\n\nx"),
            ("word starts", "Subject: " + String(repeating: "=?", count: n) + "\n\nx"),
            ("charset runs", "Subject: " + String(repeating: "=?utf-8?q?", count: n / 10) + "\n\nx"),
            ("comments in date", "Date: " + String(repeating: "(", count: n) + "\n\nx"),
            (
                "dash lines",
                "Content-Type: multipart/mixed; boundary=\"abc\"\n\n" + String(repeating: "--ab\n", count: n / 5)
            ),
            ("nested comments", "From: " + String(repeating: "(", count: n) + "a@b\n\nx"),
            ("quotes", "To: " + String(repeating: "\"a\" ", count: n / 4) + "<a@b>\n\nx"),
            ("angle brackets", "References: " + String(repeating: "<", count: n) + "\n\nx"),
            ("html tags", "Content-Type: text/html\n\n" + String(repeating: "<a href=x><td><li>&amp;", count: n / 20)),
            ("html heads", "Content-Type: text/html\n\n" + String(repeating: "<head><ScRiPt", count: n / 10)),
            ("html comment start", "Content-Type: text/html\n\n" + String(repeating: "<!-- <script>", count: n / 10)),
            ("flowed", "Content-Type: text/plain; format=flowed\n\n" + String(repeating: "> a \n", count: n / 5)),
            (
                "qp escapes",
                "Content-Transfer-Encoding: quoted-printable\n\n" + String(repeating: "=  =\n=Z", count: n / 7)
            ),
            (
                "dsn",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n"
                    + (0..<20_000).map { "Final-Recipient: rfc822; u\($0)@x\n" }.joined() + "--b--\n"
            ),
        ]
        for (name, text) in cases {
            let raw = Array(text.utf8)
            var m = ParsedMessage()
            let t = timed { m = MessageParser.parse(raw) }
            if t > 0.5 { print("SLOW \(name): \(t) s") }
            #expect(t < 2.0, "\(name) took \(t) s")
            #expect(m.problems.count <= ProblemList.limit)
        }
    }

    /// Random edits (fixed seed) of a few messages, a sample of the corpora and the demo
    /// fixtures: parsing never traps, stays fast and keeps its promises.
    @Test func randomMutationsNeverTrap() {
        let seeds = [
            message(
                """
                From: "A, B" <a@b.c>
                Subject: =?utf-8?B?w6k=?= =?utf-8?q?=C3=A9?=
                Date: Tue, 1 Nov 2016 10:30:00 +0100
                Content-Type: multipart/mixed; boundary="x"

                --x
                Content-Type: multipart/alternative; boundary="y"

                --y
                Content-Type: text/plain; charset=iso-8859-1; format=flowed
                Content-Transfer-Encoding: quoted-printable

                caf=E9 =
                ok
                --y
                Content-Type: text/html; charset=utf-8

                <p>Hi <a href="http://x">x</a> &amp; &#x20AC;</p>
                --y--
                --x
                Content-Type: message/rfc822

                Subject: inner

                body
                --x
                Content-Type: application/octet-stream; name*0*=utf-8''a%20b; name*1=".bin"
                Content-Transfer-Encoding: base64

                AAEC
                --x--
                """, crlf: true),
            message(
                "Content-Type: multipart/report; report-type=delivery-status; boundary=r\n\n--r\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b\nAction: failed\n--r\nContent-Type: text/rfc822-headers\n\nMessage-ID: <m@x>\n--r--\n"
            ),
        ]
        // Plus a sample of the shared corpora and the demo fixtures, when present.
        var allSeeds = seeds
        if let walker = FileManager.default.enumerator(atPath: CorpusLocation.root) {
            var files: [String] = []
            while let relative = walker.nextObject() as? String {
                let lower = relative.lowercased()
                if lower.hasSuffix(".eml") || lower.hasSuffix(".msg")
                    || lower.hasSuffix(".txt") && lower.contains("msg_")
                {
                    files.append(relative)
                }
            }
            for relative in files.sorted().enumerated().filter({ $0.offset % 12 == 0 }).map(\.element) {
                if let d = FileManager.default.contents(atPath: CorpusLocation.root + "/" + relative), d.count < 200_000
                {
                    allSeeds.append([UInt8](d))
                }
            }
        }
        if let dir = FixtureQuoteTests.demoDirectory {
            allSeeds += FixtureQuoteTests.fixtureMessages(dir).map(\.1)
        }
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let snippets = [
            "\n--x\n", "\n--y--\n", "=?", "?=", "\r", "\0", "<", "&#", "\"", "(", ";name*=x'", "=\n", "\n\n", "--",
            "\n> ", "\n-- \n", "<blockquote>", "\nOn Tue, 3 Nov 2026, A wrote:\n", "\nFrom: a\nSent: b\nTo: c\n",
        ]
        .map { Array($0.utf8) }
        for round in 0..<3000 {
            var m = allSeeds[round % allSeeds.count]
            for _ in 0..<(1 + next() % 6) {
                guard !m.isEmpty else { break }
                let at = next() % m.count
                switch next() % 5 {
                case 0: m[at] = UInt8(truncatingIfNeeded: next())
                case 1: m.insert(contentsOf: snippets[next() % snippets.count], at: at)
                case 2: m.removeSubrange(at..<min(m.count, at + next() % 40))
                case 3: m = Array(m[..<at])
                default:
                    let s = snippets[next() % snippets.count]
                    m.insert(contentsOf: (0..<(next() % 300)).flatMap { _ in s }, at: at)
                }
            }
            var parsed = ParsedMessage()
            let t = timed { parsed = MessageParser.parse(m) }
            #expect(t < 1.0, "round \(round) took \(t) s")
            #expect(parsed.problems.count <= ProblemList.limit)
            QuoteSpanTests.checkInvariants(parsed)
            if round % 4 == 0 {
                for entity in MessageParser.structure(m).allEntities where !entity.isMultipart {
                    _ = entity.decodedBody()
                }
            }
        }
        print("Mutation test: 3000 inputs from \(allSeeds.count) seeds.")
    }

    @Test func parseFromRawBufferMatchesArray() {
        let raw = message("From: a@b.c\nSubject: s\n\nbody\n")
        let fromBuffer = raw.withUnsafeBytes { MessageParser.parse($0) }
        #expect(fromBuffer == MessageParser.parse(raw))
    }

    @Test func concurrentParsingGivesSameResults() async {
        let raw = message(
            "From: a@b.c\nSubject: =?koi8-r?B?8NLJ18XU?=\nContent-Type: text/plain; charset=iso-8859-2\n\nZa\u{bf}\n")
        let expected = MessageParser.parse(raw)
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<500).allSatisfy { _ in MessageParser.parse(raw) == expected } }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
