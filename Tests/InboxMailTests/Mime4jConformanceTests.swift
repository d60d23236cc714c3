import Foundation
import Testing
@testable import InboxMail

/// Compares our MIME trees with the structures Apache mime4j records for its test messages
/// (`*_decoded.xml` plus the decoded body files `*_decoded_1_2.txt|bin`).
@Suite struct Mime4jConformanceTests {
    /// One entity of an expected structure.
    final class Entity {
        enum Body {
            case multipart([Entity])
            case message(Entity)
            case text(String)
            case binary(String)
        }
        var fields: [String] = []
        var body: Body = .text("")
    }

    /// Reads the small XML dialect of mime4j's `_decoded.xml` files.
    struct ExpectedReader {
        let s: [UInt8]
        var i = 0

        init(_ text: [UInt8]) { s = text }

        static func unescape(_ t: String) -> String {
            t.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }

        /// The next tag (without brackets) and the text before it.
        mutating func nextTag() -> (text: String, tag: String)? {
            let start = i
            while i < s.count && s[i] != UInt8(ascii: "<") { i += 1 }
            guard i < s.count else { return nil }
            let text = String(decoding: s[start..<i], as: UTF8.self)
            let tagStart = i + 1
            while i < s.count && s[i] != UInt8(ascii: ">") { i += 1 }
            let tag = String(decoding: s[tagStart..<min(i, s.count)], as: UTF8.self)
            i += 1
            return (text, tag)
        }

        /// Reads an entity whose opening tag was just consumed.
        mutating func entity(closing: String) -> Entity? {
            let e = Entity()
            var parts: [Entity] = []
            var isMultipart = false
            while let (text, tag) = nextTag() {
                switch tag {
                case "/field":
                    var t = ExpectedReader.unescape(text)
                    if t.hasPrefix("\r\n") { t.removeFirst() } else if t.hasPrefix("\n") { t.removeFirst() }
                    e.fields.append(t)
                case "multipart": isMultipart = true
                case "body-part":
                    guard let p = entity(closing: "/body-part") else { return nil }
                    parts.append(p)
                case "message":
                    guard let m = entity(closing: "/message") else { return nil }
                    e.body = .message(m)
                case "/multipart": e.body = .multipart(parts)
                case closing:
                    if isMultipart, case .text = e.body { e.body = .multipart(parts) }
                    return e
                default:
                    if tag.hasPrefix("text-body") || tag.hasPrefix("binary-body") {
                        let name = tag.components(separatedBy: "\"").dropFirst().first ?? ""
                        e.body = tag.hasPrefix("text-body") ? .text(name) : .binary(name)
                    }
                }
            }
            return nil
        }

        static func read(_ data: [UInt8]) -> Entity? {
            var r = ExpectedReader(data)
            while let (_, tag) = r.nextTag() {
                if tag == "message" { return r.entity(closing: "/message") }
            }
            return nil
        }
    }

    static func crlfToLF(_ b: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        for (k, c) in b.enumerated() where !(c == 13 && k + 1 < b.count && b[k + 1] == 10) { out.append(c) }
        return out
    }

    /// The media type named by an expected header, when it is a clean "type/subtype".
    static func declaredType(_ fields: [String]) -> String? {
        for f in fields {
            guard let colon = f.firstIndex(of: ":"),
                f[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-type"
            else { continue }
            let value = f[f.index(after: colon)...].split(separator: ";", maxSplits: 1).first ?? ""
            let t = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let pieces = t.split(separator: "/")
            guard pieces.count == 2,
                pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || "-.+_".contains($0) } }
                )
            else { return nil }
            return t
        }
        return nil
    }

    /// Differences between our entity and mime4j's, as sentences.
    static func compare(_ ours: MIMEStructure, _ expected: Entity, dir: String, at place: String) -> [String] {
        var diffs: [String] = []
        let declared = declaredType(expected.fields)
        switch expected.body {
        case .multipart(let parts):
            guard ours.isMultipart else {
                return ["\(place): expected a multipart with \(parts.count) parts, got leaf \(ours.contentType)"]
            }
            if let declared, declared.hasPrefix("multipart/"), declared != ours.contentType {
                diffs.append("\(place): type \(ours.contentType), expected \(declared)")
            }
            if parts.count != ours.parts.count {
                diffs.append("\(place): \(ours.parts.count) parts, expected \(parts.count)")
            }
            for (k, (o, e)) in zip(ours.parts, parts).enumerated() {
                diffs += compare(o, e, dir: dir, at: "\(place)_\(k + 1)")
            }
        case .message(let inner):
            guard let embedded = ours.message else {
                return ["\(place): expected an embedded message, got \(ours.contentType)"]
            }
            diffs += compare(embedded, inner, dir: dir, at: "\(place)_1")
        case .text(let file), .binary(let file):
            let isText: Bool
            if case .text = expected.body { isText = true } else { isText = false }
            if ours.isMultipart || ours.message != nil {
                return ["\(place): expected a leaf, got \(ours.contentType) with parts"]
            }
            if isText != ours.contentType.hasPrefix("text/") {
                diffs.append("\(place): type \(ours.contentType), expected a \(isText ? "text" : "non-text") body")
            } else if let declared, declared.hasPrefix("text/") == isText, !declared.hasPrefix("multipart/"),
                !declared.hasPrefix("message/"), declared != ours.contentType
            {
                diffs.append("\(place): type \(ours.contentType), expected \(declared)")
            }
            if !file.isEmpty, let data = FileManager.default.contents(atPath: dir + "/" + file) {
                let want = crlfToLF([UInt8](data))
                let got = crlfToLF(ours.decodedBody())
                if want != got {
                    diffs.append("\(place): decoded body differs from \(file) (\(got.count) vs \(want.count) bytes)")
                }
            }
        }
        return diffs
    }

    /// Compares every message of one corpus folder; returns (matching, total, mismatch lines).
    static func run(_ dir: String) -> (Int, Int, [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return (0, 0, []) }
        var total = 0
        var matching = 0
        var report: [String] = []
        for name in names.sorted() where name.hasSuffix(".msg") {
            let stem = String(name.dropLast(4))
            guard let raw = FileManager.default.contents(atPath: dir + "/" + name),
                let xml = FileManager.default.contents(atPath: dir + "/" + stem + "_decoded.xml")
            else { continue }
            total += 1
            guard let expected = ExpectedReader.read([UInt8](xml)) else {
                report.append("\(stem): expected structure unreadable")
                continue
            }
            let ours = MessageParser.structure([UInt8](raw))
            let diffs = compare(ours, expected, dir: dir, at: "1")
            if diffs.isEmpty {
                matching += 1
            } else {
                report.append("\(stem): " + diffs.joined(separator: "; "))
            }
        }
        return (matching, total, report)
    }

    @Test func mimeToolsMessagesMatchMime4j() {
        let dir = CorpusLocation.root + "/mime4j/core/mimetools-testmsgs"
        guard FileManager.default.fileExists(atPath: dir) else {
            print("mime4j corpus not found at \(dir); skipped.")
            return
        }
        let (matching, total, report) = Self.run(dir)
        let share = total == 0 ? 0 : Double(matching) / Double(total)
        print("mime4j mimetools-testmsgs: \(matching)/\(total) match (\(String(format: "%.1f", share * 100)) %)")
        for line in report { print("  mismatch \(line)") }
        #expect(total >= 40)
        #expect(share >= 0.95)
    }

    @Test func mime4jOwnMessagesMatch() {
        let dir = CorpusLocation.root + "/mime4j/core/testmsgs"
        guard FileManager.default.fileExists(atPath: dir) else { return }
        let (matching, total, report) = Self.run(dir)
        let share = total == 0 ? 0 : Double(matching) / Double(total)
        print("mime4j testmsgs: \(matching)/\(total) match (\(String(format: "%.1f", share * 100)) %)")
        for line in report { print("  mismatch \(line)") }
        #expect(share >= 0.8)
    }

    /// Issue 3's acceptance check: all of mime4j's messages together (both folders).
    @Test func allMime4jMessagesMatch() {
        let root = CorpusLocation.root + "/mime4j/core"
        guard FileManager.default.fileExists(atPath: root + "/mimetools-testmsgs") else { return }
        var matching = 0
        var total = 0
        for folder in ["mimetools-testmsgs", "testmsgs"] {
            let (m, t, _) = Self.run(root + "/" + folder)
            matching += m
            total += t
        }
        let share = total == 0 ? 0 : Double(matching) / Double(total)
        print("mime4j, both folders: \(matching)/\(total) match (\(String(format: "%.2f", share * 100)) %)")
        #expect(total >= 80)
        #expect(share >= 0.95)
    }
}
