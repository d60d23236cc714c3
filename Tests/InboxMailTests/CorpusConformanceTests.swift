import Foundation
import InboxTestSupport
import Testing
@testable import InboxMail

enum CorpusLocation {
    /// `../shared/corpora` beside the package (or `INBOX_CORPORA`); tests skip when absent.
    static let root: String = {
        if let env = ProcessInfo.processInfo.environment["INBOX_CORPORA"] { return env }
        return TestPaths.corpora ?? "/nonexistent/shared/corpora"
    }()

    /// The records of `vectors/header-vectors.jsonl`, or nil when the corpora are absent.
    static func headerVectors() throws -> [[String: Any]]? {
        guard let data = FileManager.default.contents(atPath: root + "/vectors/header-vectors.jsonl") else {
            return nil
        }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}

@Suite struct CorpusConformanceTests {
    /// Every file of the shared corpora parses without a crash and in under a second.
    @Test func everyCorpusFileParses() throws {
        let root = CorpusLocation.root
        guard FileManager.default.fileExists(atPath: root),
            let walker = FileManager.default.enumerator(atPath: root)
        else {
            print("Corpora not found at \(root); skipped.")
            return
        }
        var parsed = 0
        var slowest = (0.0, "")
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let name = (relative as NSString).lastPathComponent.lowercased()
            if name.hasSuffix(".xz") || name.hasPrefix("license") || name.hasPrefix("licence")
                || name.hasPrefix("copying")
                || name.hasPrefix("readme") || name.hasSuffix("-license") || name == "artistic-license.txt"
            {
                continue
            }
            let attrs = try FileManager.default.attributesOfItem(atPath: path)
            guard let size = attrs[.size] as? Int, size <= 5 * 1024 * 1024 else { continue }
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = [UInt8](data)
            var m = MessageParser.parse(bytes)
            let t = timed { m = MessageParser.parse(bytes) }
            #expect(t < 1.0, "\(relative) took \(t) s")
            #expect(m.problems.count <= ProblemList.limit)
            for a in m.attachments {
                #expect(!a.safeFilename.isEmpty && !a.safeFilename.contains("/") && !a.safeFilename.hasPrefix("."))
                #expect(a.size >= 0)
            }
            if t > slowest.0 { slowest = (t, relative) }
            parsed += 1
        }
        print("Parsed \(parsed) corpus files; slowest \(slowest.1) in \(String(format: "%.4f", slowest.0)) s.")
        #expect(parsed > 100)
    }

    /// Known messages of the corpora read as expected.
    @Test func selectedCorpusMessages() throws {
        let root = CorpusLocation.root
        func load(_ relative: String) -> [UInt8]? {
            FileManager.default.contents(atPath: root + "/" + relative).map { [UInt8]($0) }
        }
        if let raw = load("cpython-test-email/msg_02.txt") {
            // A multipart/digest.
            let m = MessageParser.parse(raw)
            #expect(m.attachments.filter { $0.contentType == "message/rfc822" }.count >= 2)
        }
        if let raw = load("mime4j/core/mimetools-testmsgs/2002_06_12_doublebound.msg") {
            let m = MessageParser.parse(raw)
            #expect(m.attachments.map(\.partPath) == ["3"])
            #expect(m.attachments.first?.filename == "The Mutt E-Mail Client.html")
            #expect(m.text.contains("The plot was designed"))
        }
        if let raw = load("ruby-mail/multi_charset/japanese_iso_2022.eml") {
            let m = MessageParser.parse(raw)
            #expect(m.problems.allSatisfy { !$0.contains("charset") })
        }
    }

    /// The RFC 2047 subjects of the vectors file decode like CPython's reference (whitespace and
    /// quotes aside), except where CPython is known to be wrong.
    @Test func sharedSubjectVectors() throws {
        guard let vectors = try CorpusLocation.headerVectors() else { return }
        var checked = 0
        for obj in vectors {
            guard obj["kind"] as? String == "rfc2047", (obj["header"] as? String)?.lowercased() == "subject" else {
                continue
            }
            let raw = (obj["raw"] as! String)
            let expected = obj["py_default"] as! String
            // CPython reads an empty charset as unknown and gives U+FFFD; we read it as windows-1252.
            if expected.contains("\u{FFFD}") { continue }
            let got = EncodedWords.decode(Array(raw.utf8).filter { $0 != 10 && $0 != 13 })
            let norm: (String) -> String = {
                $0.replacingOccurrences(of: "\"", with: "").split(whereSeparator: { $0 == " " || $0 == "\t" })
                    .joined(separator: " ")
            }
            #expect(norm(got) == norm(expected), "\(raw)")
            checked += 1
        }
        #expect(checked > 30)
    }
}
