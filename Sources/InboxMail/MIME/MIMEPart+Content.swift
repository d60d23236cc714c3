/// Reading a part's content: transfer decoding, charset decoding and text clean-up.
extension MIMEPart {
    /// Calls `body` with the part's content after transfer decoding (no copy for 7bit/8bit).
    func withDecodedBody<R>(_ buf: Bytes, _ body: (Bytes) -> R) -> R {
        let raw = Bytes(rebasing: buf[self.body])
        if let decoded = TransferDecoding.decode(raw, encoding) {
            return decoded.withUnsafeBufferPointer(body)
        }
        return body(raw)
    }

    /// The size of the content after transfer decoding, computed without decoding.
    func decodedSize(_ buf: Bytes) -> Int {
        TransferDecoding.decodedCount(Bytes(rebasing: buf[body]), encoding)
    }

    /// The part's text: charset-decoded, LF line breaks, NUL removed, format=flowed unwrapped.
    ///
    /// HTML is returned as HTML.
    func decodedText(_ buf: Bytes, problems: inout ProblemList) -> String {
        let label = contentType.charset
        let decoded = withDecodedBody(buf) { Charset.decode(buffer: $0, label: label) }
        if let unknown = decoded.unknownLabel {
            problems.add("Unknown charset \"\(unknown)\" in \(place); decoded as \(decoded.fallback).")
        }
        var text = TextCleanup.normalize(decoded.text)
        if contentType.subtype == "plain", contentType.parameters["format"]?.lowercased() == "flowed" {
            let delsp = contentType.parameters["delsp"]?.lowercased() == "yes"
            text = FlowedText.unwrap(text, deleteSpace: delsp)
        }
        return text
    }
}
