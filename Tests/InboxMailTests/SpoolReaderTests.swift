import Foundation
import InboxTestSupport
import Testing

@testable import InboxMail

@Suite struct MboxReaderTests {
    func readAll(_ path: String, offset: Int64 = 0, flavor: MboxFlavor = .mboxrd) throws -> [MboxMessage] {
        let reader = try MboxReader(path: path, offset: offset, flavor: flavor)
        var out: [MboxMessage] = []
        while let m = try reader.next() { out.append(m) }
        return out
    }

    @Test func mboxrdUnescapesFromLinesAndDropsSeparatorBlankLine() throws {
        let dir = TemporaryFolder()
        let a = MailFactory.message(id: "a@x", body: "From here on\n>From quoted\nbye\n")
        let b = MailFactory.message(id: "b@x", body: "second\n")
        let path = dir.write("m.mbox", MailFactory.mbox([a, b]))
        let messages = try readAll(path)
        #expect(messages.count == 2)
        #expect(String(decoding: messages[0].raw, as: UTF8.self) == a)
        #expect(String(decoding: messages[1].raw, as: UTF8.self) == b)
        #expect(messages[0].offset == 0)
        #expect(messages[1].offset == messages[0].endOffset)
        #expect(messages[1].endOffset == Int64(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int))
    }

    @Test func mboxoOnlyUnescapesOneLevel() throws {
        let dir = TemporaryFolder()
        let text = "From a@b Tue Nov  3 10:12:00 2026\nSubject: x\n\n>From one\n>>From two\n\n"
        let path = dir.write("o.mbox", text)
        let o = try readAll(path, flavor: .mboxo)
        #expect(String(decoding: o[0].raw, as: UTF8.self) == "Subject: x\n\nFrom one\n>>From two\n")
        let rd = try readAll(path, flavor: .mboxrd)
        #expect(String(decoding: rd[0].raw, as: UTF8.self) == "Subject: x\n\nFrom one\n>From two\n")
    }

    @Test func crlfFilesAndALastMessageWithoutNewline() throws {
        let dir = TemporaryFolder()
        let a = MailFactory.message(id: "a@x")
        let crlf = MailFactory.mbox([a, a.replacingOccurrences(of: "a@x", with: "b@x")], crlf: true)
        let messages = try readAll(dir.write("crlf.mbox", crlf))
        #expect(messages.count == 2)
        #expect(String(decoding: messages[0].raw, as: UTF8.self) == a.replacingOccurrences(of: "\n", with: "\r\n"))
        let cut = "From a@b Tue Nov  3 10:12:00 2026\nSubject: x\n\nno newline at the end"
        let last = try readAll(dir.write("cut.mbox", cut))
        #expect(String(decoding: last[0].raw, as: UTF8.self) == "Subject: x\n\nno newline at the end")
        #expect(last[0].problems.first?.contains("truncated") == true)
    }

    @Test func fromLineWithoutBlankLineOnlySplitsWhenItLooksLikeASeparator() throws {
        let dir = TemporaryFolder()
        let text =
            "From a@b Tue Nov  3 10:12:00 2026\nSubject: 1\n\nHello,\nFrom my experience this is body\n"
            + "From b@c Wed Nov  4 11:00:00 2026\nSubject: 2\n\nbody\n"
        let messages = try readAll(dir.write("loose.mbox", text))
        #expect(messages.count == 2)
        #expect(String(decoding: messages[0].raw, as: UTF8.self).contains("From my experience"))
    }

    @Test func resumesFromAnOffset() throws {
        let dir = TemporaryFolder()
        let path = dir.write("r.mbox", MailFactory.mbox((1...5).map { MailFactory.message(id: "\($0)@x") }))
        let all = try readAll(path)
        let rest = try readAll(path, offset: all[2].offset)
        #expect(rest.count == 3)
        #expect(rest.map(\.raw) == all[2...].map(\.raw))
        let reader = try MboxReader(path: path)
        #expect(reader.isMessageBoundary(all[2].offset))
        #expect(!reader.isMessageBoundary(all[2].offset + 3))
    }

    @Test func largeMessagesStreamAcrossBufferRefills() throws {
        let dir = TemporaryFolder()
        let line = String(repeating: "x", count: 999) + "\n"
        // ~5 MB, more than one read chunk
        let big = MailFactory.message(id: "big@x", body: String(repeating: line, count: 5000))
        let path = dir.write("big.mbox", MailFactory.mbox([big, MailFactory.message(id: "small@x")]))
        let messages = try readAll(path)
        #expect(messages.count == 2)
        #expect(messages[0].raw.count == big.utf8.count)
    }

    @Test func badFilesGiveOneClearError() throws {
        let dir = TemporaryFolder()
        let empty = dir.write("empty.mbox", "")
        let png = dir.write("x.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        let eml = dir.write("one.eml", MailFactory.message(id: "a@x"))
        func error(_ path: String) -> String {
            do {
                _ = try MboxReader(path: path)
                return ""
            } catch { return "\(error)" }
        }
        #expect(error(empty).contains("the file is empty"))
        #expect(error(png).contains("not an mbox file"))
        #expect(error(eml).contains("use `inbox import eml`"))
        #expect(error(dir.file("missing.mbox")).contains("no such file"))
        #expect(error(dir.path).contains("is a folder"))
        #expect(!error(empty).contains("\n"))
    }
}

@Suite struct MaildirReaderTests {
    @Test func listsNewAndCurWithFlagsAndNestedFolders() throws {
        let dir = TemporaryFolder()
        dir.write("md/new/1700000001.M1P1.host", MailFactory.message(id: "1@x"))
        dir.write("md/cur/1700000000.M2P1.host:2,RS", MailFactory.message(id: "2@x"))
        dir.write("md/tmp/.keep", "")
        dir.write("md/.Sub/cur/1700000002.M3P1.host:2,", MailFactory.message(id: "3@x"))
        dir.write("md/.Sub/new/.hidden", "x")
        let folders = try MaildirReader.folders(at: dir.file("md"))
        #expect(folders.count == 2)
        let entries = try MaildirReader.entries(of: folders[0])
        #expect(entries.map(\.uniqueName) == ["1700000000.M2P1.host", "1700000001.M1P1.host"])
        #expect(entries[0].flags == "RS" && !entries[0].isNew)
        #expect(entries[1].isNew)
        #expect(try MaildirReader.entries(of: folders[1]).count == 1)
    }

    @Test func aMaildirWithOnlyCurIsStillAMaildir() throws {
        let dir = TemporaryFolder()
        dir.write("md/cur/1.host:2,S", MailFactory.message(id: "1@x"))
        let folders = try MaildirReader.folders(at: dir.file("md"))
        #expect(folders.count == 1)
        #expect(try MaildirReader.entries(of: folders[0]).count == 1)
    }

    @Test func notAMaildirIsAClearError() throws {
        let dir = TemporaryFolder()
        dir.write("plain/readme.txt", "hello")
        #expect(throws: MailReaderError.self) { try MaildirReader.folders(at: dir.file("plain")) }
        do {
            _ = try MaildirReader.folders(at: dir.file("plain"))
        } catch {
            #expect("\(error)".contains("not a Maildir"))
        }
        #expect(throws: MailReaderError.self) { try MaildirReader.folders(at: dir.file("missing")) }
    }
}

@Suite struct SpoolLockTests {
    @Test func takesAndReleasesTheDotlock() throws {
        let dir = TemporaryFolder()
        let spool = dir.write("ada", MailFactory.mbox([MailFactory.message(id: "a@x")]))
        let before = try Data(contentsOf: URL(fileURLWithPath: spool))
        let lock = try SpoolLock(path: spool)
        #expect(FileManager.default.fileExists(atPath: spool + ".lock"))
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: spool + ".lock"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: spool)) == before)
    }

    @Test func aFreshForeignDotlockMakesUsWaitThenFail() throws {
        let dir = TemporaryFolder()
        let spool = dir.write("ada", MailFactory.mbox([MailFactory.message(id: "a@x")]))
        dir.write("ada.lock", "12345\n")
        #expect(throws: MailReaderError.self) { try SpoolLock(path: spool, timeout: 0.5) }
        #expect(FileManager.default.fileExists(atPath: spool + ".lock"))  // not ours: left alone
    }
}
