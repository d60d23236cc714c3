import Testing
@testable import InboxMail

@Suite struct TransferDecodingTests {
    func qp(_ s: String) -> String {
        withBytes(s) { String(decoding: TransferDecoding.quotedPrintable($0), as: UTF8.self) }
    }
    func b64(_ s: String) -> [UInt8] { withBytes(s) { TransferDecoding.base64($0) } }

    @Test func quotedPrintable() {
        #expect(qp("caf=C3=A9 =E2=82=AC") == "café €")
        #expect(qp("soft=\nbreak and=\r\ncrlf") == "softbreak andcrlf")
        #expect(qp("trailing space soft=  \nbreak") == "trailing space softbreak")
        #expect(qp("lower =c3=a9") == "lower é")
        #expect(qp("bad =ZZ escape = alone =4") == "bad =ZZ escape = alone =4")
        #expect(qp("end=") == "end")
        #expect(withBytes("a=3Db=\nc") { TransferDecoding.decodedCount($0, .quotedPrintable) } == 4)
    }

    @Test func base64() {
        #expect(b64("aGVsbG8gd29ybGQ=") == Array("hello world".utf8))
        #expect(b64("aGVs\r\nbG8g\nd29y bGQ") == Array("hello world".utf8))
        #expect(b64("aGVsbG8*gd29y!!bGQ=garbage") == Array("hello world".utf8) + b64("garbage"))
        #expect(b64("aGVsbG8=aGVsbG8=") == Array("hellohello".utf8))
        #expect(b64("") == [])
        #expect(b64("QQ") == [65])
        #expect(b64("Q") == [])
        for text in ["", "a", "ab", "abc", "abcd", "hello world!"] {
            let encoded = [UInt8](text.utf8).base64ForTest()
            #expect(withBytes(encoded) { TransferDecoding.decodedCount($0, .base64) } == text.utf8.count)
            #expect(b64(encoded) == Array(text.utf8))
        }
    }

    @Test func base64CountIsTheDecodedLength() {
        let pieces = ["QUJD", "QQ", "Q", "=", "==", "\r\n", " ", "-_", "+/", "*", "aGVsbG8", "x=y", "AAAA"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            for body in [true, false] {
                let decoded = withBytes(text) { TransferDecoding.base64($0, body: body) }
                #expect(
                    withBytes(text) { TransferDecoding.base64Count($0, body: body) } == decoded.count,
                    "\(text.debugDescription)")
            }
        }
    }

    @Test func encodingNames() {
        #expect(TransferEncoding.parse(Array(" Quoted-Printable ".utf8)) == .quotedPrintable)
        #expect(TransferEncoding.parse(Array("BASE64".utf8)) == .base64)
        #expect(TransferEncoding.parse(Array("8bit".utf8)) == .identity)
        #expect(TransferEncoding.parse(Array("x-uuencode".utf8)) == .unknown("x-uuencode"))
    }

    @Test func unknownEncodingIsReadAs8bit() {
        let m = MessageParser.parse(Array("From: a@b.c\nContent-Transfer-Encoding: x-gibberish\n\nplain text".utf8))
        #expect(m.text == "plain text")
        #expect(m.problems.contains { $0.contains("x-gibberish") })
    }

    @Test func bodiesAreDecoded() {
        let m = MessageParser.parse(
            Array("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nY2Fmw6kK\n".utf8))
        #expect(m.text == "café\n")
        let q = MessageParser.parse(
            Array(
                "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9 =\nlong line\n"
                    .utf8))
        #expect(q.text == "café long line\n")
    }
}

extension Array where Element == UInt8 {
    /// Base64 with padding, written here so the test does not depend on Foundation's encoder.
    func base64ForTest() -> String {
        let alphabet = Swift.Array<Character>("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < count {
            let b0 = Int(self[i])
            let b1 = i + 1 < count ? Int(self[i + 1]) : 0
            let b2 = i + 2 < count ? Int(self[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[((b0 & 3) << 4) | (b1 >> 4)])
            out.append(i + 1 < count ? alphabet[((b1 & 15) << 2) | (b2 >> 6)] : "=")
            out.append(i + 2 < count ? alphabet[b2 & 63] : "=")
            i += 3
        }
        return out
    }
}
