#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Final touches on body text: LF line breaks only, no NUL characters.
enum TextCleanup {
    /// CRLF and lone CR become LF; NUL is removed.
    ///
    /// Returns the input untouched (no copy) when there is nothing to change, which is the common case.
    static func normalize(_ text: String) -> String {
        var text = text
        let clean = text.withUTF8 { buf -> Bool in
            guard let base = buf.baseAddress, buf.count > 0 else { return true }
            return memchr(base, 13, buf.count) == nil && memchr(base, 0, buf.count) == nil
        }
        if clean { return text }
        return text.withUTF8 { buf in
            String(unsafeUninitializedCapacity: buf.count) { out in
                var o = 0
                var i = 0
                let n = buf.count
                while i < n {
                    let c = buf[i]
                    if c == 13 {
                        out[o] = 10
                        o += 1
                        if i + 1 < n && buf[i + 1] == 10 { i += 1 }
                    } else if c != 0 {
                        out[o] = c
                        o += 1
                    }
                    i += 1
                }
                return o
            }
        }
    }
}
