#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Legacy charsets through the C library's iconv.
///
/// A converter is opened and closed per call, so nothing is shared between threads; glibc
/// caches the loaded conversion modules itself, which keeps `iconv_open` cheap.
enum IconvConverter {
    /// Decodes `input` from the iconv charset `name` to a String, with U+FFFD for every byte that cannot be
    /// converted.
    ///
    /// Nil when iconv does not know `name`.
    static func decode(_ input: Bytes, from name: String) -> String? {
        let cd = iconv_open("UTF-8", name)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        guard input.count > 0, let inBase = input.baseAddress else { return "" }

        var out: [UInt8] = []
        out.reserveCapacity(input.count * 2 + 16)
        let chunkSize = min(max(input.count * 3 + 16, 256), 1 << 16)
        let chunk = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }

        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inBase)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = input.count

        func drain(_ outPtr: UnsafeMutablePointer<CChar>?) {
            guard let outPtr else { return }
            let produced = outPtr - chunk
            if produced > 0 {
                chunk.withMemoryRebound(to: UInt8.self, capacity: produced) {
                    out.append(contentsOf: UnsafeBufferPointer(start: $0, count: produced))
                }
            }
        }
        func appendReplacement() { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }

        while true {
            var outPtr: UnsafeMutablePointer<CChar>? = chunk
            var outLeft = chunkSize
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            let err = errno
            drain(outPtr)
            if r != -1 { break }
            if err == E2BIG { continue }
            if err == EILSEQ {
                appendReplacement()
                inPtr = inPtr.map { $0 + 1 }
                inLeft -= 1
                if inLeft <= 0 { break }
                continue
            }
            // EINVAL: an incomplete sequence at the end; anything else: give up on the rest.
            appendReplacement()
            break
        }
        // Flush a stateful encoding's shift state.
        var outPtr: UnsafeMutablePointer<CChar>? = chunk
        var outLeft = chunkSize
        _ = iconv(cd, nil, nil, &outPtr, &outLeft)
        drain(outPtr)
        return String(decoding: out, as: UTF8.self)
    }
}
