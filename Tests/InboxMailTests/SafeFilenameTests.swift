import Testing
@testable import InboxMail

@Suite struct SafeFilenameTests {
    @Test func pathsDotsAndControls() {
        #expect(SafeFilename.make("../../etc/passwd", contentType: nil) == "passwd")
        #expect(SafeFilename.make("C:\\Users\\x\\report.pdf", contentType: nil) == "report.pdf")
        #expect(SafeFilename.make(".bashrc", contentType: nil) == "bashrc")
        #expect(SafeFilename.make("a\u{1b}[31mb.txt", contentType: nil) == "a[31mb.txt")
        #expect(SafeFilename.make("nul\u{0}byte.txt", contentType: nil) == "nulbyte.txt")
        #expect(SafeFilename.make("evil\u{202E}fdp.exe", contentType: nil) == "evilfdp.exe")
        #expect(SafeFilename.make("  spaced name.doc  ", contentType: nil) == "spaced name.doc")
        #expect(SafeFilename.make("dots...", contentType: nil) == "dots")
    }

    @Test func fallbacks() {
        #expect(SafeFilename.make(nil, contentType: nil) == "attachment.bin")
        #expect(SafeFilename.make("", contentType: "application/pdf") == "attachment.pdf")
        #expect(SafeFilename.make(".", contentType: "image/png") == "attachment.png")
        #expect(SafeFilename.make("..", contentType: "text/plain; charset=utf-8") == "attachment.txt")
        #expect(SafeFilename.make("/", contentType: "x/unknown") == "attachment.bin")
        #expect(SafeFilename.make("\u{1}\u{2}", contentType: "message/rfc822") == "attachment.eml")
    }

    @Test func longNamesKeepTheirExtension() {
        let long = String(repeating: "a", count: 300) + ".pdf"
        let safe = SafeFilename.make(long, contentType: nil)
        #expect(safe.utf8.count <= 200)
        #expect(safe.hasSuffix(".pdf"))
        let wide = String(repeating: "日", count: 300) + ".txt"
        let safeWide = SafeFilename.make(wide, contentType: nil)
        #expect(safeWide.utf8.count <= 200)
        #expect(safeWide.hasSuffix("日.txt"))
        let noExt = String(repeating: "b", count: 300)
        #expect(SafeFilename.make(noExt, contentType: nil).utf8.count == 200)
    }

    @Test func propertiesHoldForOddInput() {
        let inputs = [
            "", ".", "..", "...", "/", "\\", "a/b/", "....hidden", "\u{7f}", String(repeating: ".", count: 500),
            String(repeating: "é", count: 400), "x\u{2028}y", "CON", "file\t.txt",
        ]
        for input in inputs {
            let s = SafeFilename.make(input, contentType: "application/octet-stream")
            #expect(!s.isEmpty)
            #expect(!s.contains("/") && !s.contains("\\"))
            #expect(!s.hasPrefix("."))
            #expect(s != "." && s != "..")
            #expect(s.utf8.count <= 200)
            #expect(!s.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
        }
    }
}
