/// A Content-Disposition value: inline or attachment, and the filename.
struct ContentDisposition: Sendable {
    enum Kind: Sendable { case inline, attachment, other }

    var kind: Kind
    var parameters: MIMEParameters

    var filename: String? {
        guard let name = parameters["filename"], !name.isEmpty else { return nil }
        return name
    }

    static func parse(_ value: [UInt8], unknownCharset: inout String?) -> ContentDisposition {
        value.withUnsafeBufferPointer { v in
            var i = 0
            let n = v.count
            while i < n && ByteScan.isWhite(v[i]) { i += 1 }
            let start = i
            while i < n && v[i] != UInt8(ascii: ";") && !ByteScan.isWhite(v[i]) { i += 1 }
            let word = start..<i
            let kind: Kind
            if ByteScan.equalsIgnoringCase(v, word, "inline") {
                kind = .inline
            } else if ByteScan.equalsIgnoringCase(v, word, "attachment") {
                kind = .attachment
            } else {
                kind = .other
            }
            // "filename=x" with no disposition type: read the parameters from the start.
            let paramsFrom = (kind == .other && word.contains(where: { v[$0] == UInt8(ascii: "=") })) ? start : i
            return ContentDisposition(
                kind: kind, parameters: MIMEParameters.parse(v, from: paramsFrom, unknownCharset: &unknownCharset))
        }
    }
}
