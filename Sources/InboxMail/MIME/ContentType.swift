/// A Content-Type value: lower-cased type and subtype plus parameters.
struct ContentType: Sendable {
    var type: String
    var subtype: String
    var parameters: MIMEParameters
    /// False when the header was present but unreadable (the default type was used).
    var isValid: Bool = true

    var mimeType: String { type + "/" + subtype }
    var isMultipart: Bool { type == "multipart" }
    var charset: String? { parameters["charset"] }

    static let textPlain = ContentType(type: "text", subtype: "plain", parameters: MIMEParameters())
    static let messageRFC822 = ContentType(type: "message", subtype: "rfc822", parameters: MIMEParameters())

    /// Parses a Content-Type value; an unreadable type falls back to `fallback` (parameters kept).
    static func parse(_ value: [UInt8], fallback: ContentType, unknownCharset: inout String?) -> ContentType {
        value.withUnsafeBufferPointer { v in
            let n = v.count
            var i = 0
            while i < n && (ByteScan.isWhite(v[i]) || v[i] == UInt8(ascii: "\"")) { i += 1 }
            let typeStart = i
            while i < n && isTokenByte(v[i]) { i += 1 }
            let typeEnd = i
            while i < n && ByteScan.isWSP(v[i]) { i += 1 }
            var subStart = i
            var subEnd = i
            if i < n && v[i] == UInt8(ascii: "/") {
                i += 1
                while i < n && ByteScan.isWSP(v[i]) { i += 1 }
                subStart = i
                while i < n && isTokenByte(v[i]) { i += 1 }
                subEnd = i
            }
            let params = MIMEParameters.parse(v, from: i, unknownCharset: &unknownCharset)
            guard typeEnd > typeStart, subEnd > subStart else {
                var ct = fallback
                // A lone "text" (seen in the wild) still means text/plain.
                if typeEnd > typeStart && ByteScan.equalsIgnoringCase(v, typeStart..<typeEnd, "text") {
                    ct = .textPlain
                }
                ct.parameters = params
                ct.isValid = false
                return ct
            }
            return ContentType(
                type: lowered(v, typeStart..<typeEnd), subtype: lowered(v, subStart..<subEnd), parameters: params)
        }
    }

    @inline(__always)
    private static func isTokenByte(_ c: UInt8) -> Bool {
        c > 32 && c < 127 && c != UInt8(ascii: "/") && c != UInt8(ascii: ";") && c != UInt8(ascii: "(")
            && c != UInt8(ascii: "\"") && c != UInt8(ascii: "=") && c != UInt8(ascii: ",")
    }

    static func lowered(_ v: Bytes, _ r: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: r.count) { out in
            var o = 0
            for i in r {
                out[o] = ByteScan.lower(v[i])
                o += 1
            }
            return o
        }
    }
}
