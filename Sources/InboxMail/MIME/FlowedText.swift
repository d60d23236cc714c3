/// RFC 3676 format=flowed text unwrapped into paragraphs.
///
/// A line ending in a space continues on the next line of the same quote depth; with
/// `delsp=yes` that space is removed. Space-stuffing is undone and the signature separator
/// "-- " is never joined. Quoted lines come out as "> " prefixes per depth.
enum FlowedText {
    /// Unwraps `text`, which must already use LF line breaks.
    static func unwrap(_ text: String, deleteSpace: Bool) -> String {
        var text = text
        return text.withUTF8 { buf -> String in
            var out = [UInt8]()
            out.reserveCapacity(buf.count)
            var paragraph = [UInt8]()
            var paragraphDepth = -1
            var open = false

            func emit() {
                if paragraphDepth > 0 {
                    for _ in 0..<paragraphDepth { out.append(UInt8(ascii: ">")) }
                    out.append(32)
                }
                out.append(contentsOf: paragraph)
                out.append(10)
                paragraph.removeAll(keepingCapacity: true)
                open = false
            }

            let n = buf.count
            let endsWithNewline = n > 0 && buf[n - 1] == 10
            var start = 0
            while start < n {
                var end = start
                while end < n && buf[end] != 10 { end += 1 }
                var s = start
                var depth = 0
                while s < end && buf[s] == UInt8(ascii: ">") {
                    depth += 1
                    s += 1
                }
                if s < end && buf[s] == 32 { s += 1 }  // space-stuffing
                let content = s..<end
                let isSignature =
                    content.count == 3 && buf[s] == UInt8(ascii: "-") && buf[s + 1] == UInt8(ascii: "-")
                    && buf[s + 2] == 32
                let flowed = !isSignature && !content.isEmpty && buf[end - 1] == 32
                if open && depth != paragraphDepth { emit() }
                if !open {
                    paragraphDepth = depth
                    open = true
                }
                let keepEnd = (flowed && deleteSpace) ? end - 1 : end
                paragraph.append(contentsOf: UnsafeBufferPointer(rebasing: buf[s..<keepEnd]))
                if !flowed { emit() }
                start = end + 1
            }
            if open { emit() }
            if !endsWithNewline, out.last == 10 { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
