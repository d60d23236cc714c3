import Foundation
import Testing
@testable import InboxMail

@Suite struct ParameterTests {
    func contentType(_ s: String) -> ContentType {
        var unknown: String?
        return ContentType.parse(Array(s.utf8), fallback: .textPlain, unknownCharset: &unknown)
    }
    func disposition(_ s: String) -> ContentDisposition {
        var unknown: String?
        return ContentDisposition.parse(Array(s.utf8), unknownCharset: &unknown)
    }

    @Test func basicTypeAndQuotedParameters() {
        let ct = contentType("Text/HTML ; charset = \"UTF-8\" ; name=\"a \\\"quoted\\\" name.html\" (comment)")
        #expect(ct.mimeType == "text/html")
        #expect(ct.charset == "UTF-8")
        #expect(ct.parameters["name"] == "a \"quoted\" name.html")
    }

    @Test func missingSemicolonAndUnquotedSpaces() {
        let ct = contentType("text/plain; charset=utf-8 format=flowed; name=My File.pdf")
        #expect(ct.charset == "utf-8")
        #expect(ct.parameters["format"] == "flowed")
        #expect(ct.parameters["name"] == "My File.pdf")
    }

    @Test func rfc2231ContinuationsWithCharset() {
        let ct = contentType(
            """
            text/plain; charset=us-ascii;
                 title*0*="us-ascii'en'This%20is%20even%20more%20";
                 title*1*="%2A%2A%2Afun%2A%2A%2A%20";
                 title*2="isn't it!"
            """.replacingOccurrences(of: "\n", with: ""))
        #expect(ct.parameters["title"] == "This is even more ***fun*** isn't it!")
        let d = disposition("attachment; filename*0*=utf-8''%E3%81%8B%E3%81%8D; filename*1*=%E3%81%8F.txt")
        #expect(d.kind == .attachment)
        #expect(d.filename == "かきく.txt")
        let latin = disposition("inline; filename*=ISO-8859-1''Eelanal%FC%FCsi%20p%E4ring.jpg")
        #expect(latin.kind == .inline)
        #expect(latin.filename == "Eelanalüüsi päring.jpg")
        let plainSections = disposition("attachment; filename*1=\"tch\"; filename*0=\"0001-fix.pa\"")
        #expect(plainSections.filename == "0001-fix.patch")
        // The RFC 2231 form wins over the plain one.
        let both = disposition("attachment; filename=\"fallback.txt\"; filename*=UTF-8''%E2%82%AC.txt")
        #expect(both.filename == "€.txt")
    }

    @Test func encodedWordsAndRawUTF8InValues() {
        #expect(
            contentType("application/pdf; name==?utf-8?B?VGhpcyBpcyBhIHRlc3QucGRm?=").parameters["name"]
                == "This is a test.pdf")
        #expect(
            contentType("text/plain; name=\"=?ISO-8859-1?B?YXR0YWNobWVudC7k9vw=?=\"").parameters["name"]
                == "attachment.äöü")
        #expect(disposition("attachment; filename=\"Café.pdf\"").filename == "Café.pdf")
    }

    @Test func invalidTypeFallsBack() {
        let ct = contentType("text; charset=us-ascii")
        #expect(ct.mimeType == "text/plain")
        #expect(!ct.isValid)
        #expect(ct.charset == "us-ascii")
        #expect(contentType("").mimeType == "text/plain")
    }

    /// The RFC 2231 vectors in the shared corpus, against their expected parameters.
    @Test func sharedRFC2231Vectors() throws {
        guard let vectors = try CorpusLocation.headerVectors() else { return }
        var checked = 0
        for obj in vectors {
            guard obj["kind"] as? String == "rfc2231", let params = obj["params"] as? [String: String] else { continue }
            let raw = (obj["raw"] as! String).replacingOccurrences(of: "\r\n", with: "").replacingOccurrences(
                of: "\n", with: "")
            var unknown: String?
            let parsed: MIMEParameters
            if (obj["header"] as! String).lowercased() == "content-type" {
                parsed = ContentType.parse(Array(raw.utf8), fallback: .textPlain, unknownCharset: &unknown).parameters
            } else {
                parsed = ContentDisposition.parse(Array(raw.utf8), unknownCharset: &unknown).parameters
            }
            for (name, value) in params {
                // One vector has an invalid ISO-2022-JP byte; only require the readable part.
                if value.contains("\u{FFFD}") {
                    #expect(parsed[name]?.hasPrefix("01 Quien Te Dij") == true)
                } else {
                    #expect(parsed[name] == value, "\(raw)")
                }
            }
            checked += 1
        }
        #expect(checked >= 10)
    }
}
