import Foundation
import InboxCore
import InboxTestSupport
import Testing
@testable import InboxMail

/// Every message of the demo fixtures (support.mbox, the returns/ Maildir and eml/) parses, and
/// every customer reply that quotes earlier mail has its quote found.
@Suite struct FixtureQuoteTests {
    /// `Fixtures/demo` of this package, nil when absent.
    static let demoDirectory: String? = {
        FileManager.default.fileExists(atPath: TestPaths.demo + "/support.mbox") ? TestPaths.demo : nil
    }()

    /// (name, raw bytes) of every fixture message.
    static func fixtureMessages(_ dir: String) -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        if let reader = try? MboxReader(path: dir + "/support.mbox") {
            var i = 0
            while let m = try? reader.next() {
                out.append(("support.mbox #\(i)", m.raw))
                i += 1
            }
        }
        for sub in ["returns/cur", "returns/new", "eml"] {
            let folder = dir + "/" + sub
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            where !name.hasPrefix(".") {
                if let d = FileManager.default.contents(atPath: folder + "/" + name) {
                    out.append((sub + "/" + name, [UInt8](d)))
                }
            }
        }
        return out
    }

    @Test func everyQuotingCustomerReplyHasAQuoteSpan() throws {
        guard let dir = Self.demoDirectory else {
            print("Demo fixtures not found; skipped.")
            return
        }
        let messages = Self.fixtureMessages(dir)
        #expect(messages.count >= 100)
        var quoting = 0
        var agentMessages = 0
        for (name, raw) in messages {
            let m = MessageParser.parse(raw)
            QuoteSpanTests.checkInvariants(m)
            let lines = m.text.split(separator: "\n", omittingEmptySubsequences: false)
            func covered(_ k: Int, _ kind: TextSpan.Kind) -> Bool {
                m.spans.contains { $0.kind == kind && $0.startLine <= k && k < $0.startLine + $0.lineCount }
            }
            let fromAgent = m.from?.address.lowercased().hasSuffix("@nordlys.example") ?? false
            if fromAgent {
                // Agent mail ends with a "-- " signature.
                if let sep = lines.firstIndex(where: { $0 == "-- " }) {
                    agentMessages += 1
                    #expect(covered(sep, .signature), "\(name): signature not found")
                }
                continue
            }
            // A customer reply quotes when the agent's signature line shows up in it.
            let quotedSignature = lines.indices.filter { lines[$0].contains("Nordlys Sport | ") }
            guard let line = quotedSignature.first else {
                #expect(
                    !m.spans.contains { $0.kind == .quote }, "\(name): quote found in a message that quotes nothing")
                continue
            }
            quoting += 1
            #expect(m.spans.contains { $0.kind == .quote }, "\(name): no quote span")
            #expect(covered(line, .quote), "\(name): the quoted signature (line \(line)) is outside the quote")
            // The customer's own words stay visible.
            let own = lines.indices.filter { k in
                !lines[k].trimmingCharacters(in: .whitespaces).isEmpty
                    && !m.spans.contains {
                        $0.startLine <= k && k < $0.startLine + $0.lineCount
                    }
            }
            #expect(!own.isEmpty, "\(name): everything was folded away")
        }
        print(
            "Fixtures: \(messages.count) messages, \(quoting) quoting customer replies, \(agentMessages) agent signatures."
        )
        #expect(quoting >= 20)
        #expect(agentMessages >= 20)
    }
}
