#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Quoted-printable and base64 decoding, lenient the way mail readers are.
enum TransferDecoding {
    /// The decoded bytes, or nil when `encoding` leaves the bytes as they are.
    static func decode(_ buf: Bytes, _ encoding: TransferEncoding) -> [UInt8]? {
        switch encoding {
        case .identity, .unknown: return nil
        case .quotedPrintable: return quotedPrintable(buf)
        case .base64: return base64(buf, body: true)
        }
    }

    /// The decoded size, computed without building the decoded bytes.
    static func decodedCount(_ buf: Bytes, _ encoding: TransferEncoding) -> Int {
        switch encoding {
        case .identity, .unknown: return buf.count
        case .quotedPrintable: return quotedPrintable(buf, output: nil)
        case .base64: return base64Count(buf, body: true)
        }
    }

    // MARK: Base64

    /// Sextet values; 0xFF outside the alphabet, 64 for the URL-safe "-" and "_".
    private static let base64Table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "-"))] = 64
        t[Int(UInt8(ascii: "_"))] = 64
        return t
    }()

    /// The URL-safe alphabet ("-" and "_" for 62 and 63), seen in the wild.
    private static let base64URLTable: [UInt8] = {
        var t = base64Table
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Decodes base64, skipping every byte outside the alphabet.
    ///
    /// "=" ends a quantum (so concatenated encodings decode), and missing padding is tolerated.
    /// The URL-safe alphabet is used when the text has "-" or "_" but no "+" or "/".
    ///
    /// - Parameter body: true for a body (Content-Transfer-Encoding): a last quantum cut short
    ///   without "=" padding is dropped, as GMime and mime4j do (it is a truncated message; the
    ///   bits would be garbage). Encoded words (false) keep it, since many mailers omit padding.
    static func base64(_ buf: Bytes, body: Bool = false) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: buf.count / 4 * 3 + 3)
        let n = out.withUnsafeMutableBufferPointer { o -> Int in
            let (n, sawURLSafe) = base64(buf, table: base64Table, keepPartial: !body, output: o.baseAddress)
            guard sawURLSafe && isURLSafe(buf) else { return n }
            return base64(buf, table: base64URLTable, keepPartial: !body, output: o.baseAddress).count
        }
        out.removeLast(out.count - n)
        return out
    }

    /// The length ``base64(_:body:)`` returns, without decoding.
    static func base64Count(_ buf: Bytes, body: Bool = false) -> Int {
        if let n = plainBase64Count(buf, keepPartial: !body) { return n }
        let (n, sawURLSafe) = base64(buf, table: base64Table, keepPartial: !body, output: nil)
        guard sawURLSafe && isURLSafe(buf) else { return n }
        return base64(buf, table: base64URLTable, keepPartial: !body, output: nil).count
    }

    /// The decoded length of the usual base64 (no URL-safe "-" or "_", and "=" only after the
    /// last character of the alphabet), counted without a branch per byte; nil for any other
    /// text, which the decoding loop then counts. Attachments are sized this way on import.
    private static func plainBase64Count(_ buf: Bytes, keepPartial: Bool) -> Int? {
        guard let base = buf.baseAddress else { return 0 }
        let n = buf.count
        if memchr(base, Int32(UInt8(ascii: "-")), n) != nil || memchr(base, Int32(UInt8(ascii: "_")), n) != nil {
            return nil
        }
        let pad = memchr(base, Int32(UInt8(ascii: "=")), n).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? n
        return base64Table.withUnsafeBufferPointer { table -> Int? in
            func sextets(_ from: Int, _ to: Int) -> Int {
                var count = 0
                for i in from..<to { count &+= table[Int(base[i])] < 64 ? 1 : 0 }
                return count
            }
            let count = sextets(0, pad)
            if pad < n, sextets(pad, n) > 0 { return nil }
            let partial = pad < n || keepPartial ? max(0, count % 4 - 1) : 0
            return count / 4 * 3 + partial
        }
    }

    /// True when "+" and "/" never occur (so "-" and "_" are the URL-safe alphabet, not junk).
    private static func isURLSafe(_ buf: Bytes) -> Bool {
        let n = buf.count
        return ByteScan.find(UInt8(ascii: "+"), in: buf, from: 0, to: n) == nil
            && ByteScan.find(UInt8(ascii: "/"), in: buf, from: 0, to: n) == nil
    }

    /// Decodes into `output` (when given; it must hold `count / 4 * 3 + 3` bytes) and returns the
    /// decoded length, and whether a URL-safe character was seen (and skipped with `base64Table`).
    private static func base64(
        _ buf: Bytes, table: [UInt8], keepPartial: Bool, output: UnsafeMutablePointer<UInt8>?
    ) -> (count: Int, sawURLSafe: Bool) {
        table.withUnsafeBufferPointer { table -> (Int, Bool) in
            var acc: UInt32 = 0
            var count = 0
            var o = 0
            var sawURLSafe = false
            for c in buf {
                let v = table[Int(c)]
                if v < 64 {
                    acc = (acc << 6) | UInt32(v)
                    count += 1
                    if count == 4 {
                        if let output {
                            output[o] = UInt8(truncatingIfNeeded: acc >> 16)
                            output[o + 1] = UInt8(truncatingIfNeeded: acc >> 8)
                            output[o + 2] = UInt8(truncatingIfNeeded: acc)
                        }
                        o += 3
                        count = 0
                        acc = 0
                    }
                } else if v == 64 {
                    sawURLSafe = true
                } else if c == UInt8(ascii: "=") && count > 0 {
                    o += flush(acc: acc, count: count, output: output.map { $0 + o })
                    count = 0
                    acc = 0
                }
            }
            if count > 0 && keepPartial { o += flush(acc: acc, count: count, output: output.map { $0 + o }) }
            return (o, sawURLSafe)
        }
    }

    @inline(__always)
    private static func flush(acc: UInt32, count: Int, output: UnsafeMutablePointer<UInt8>?) -> Int {
        switch count {
        case 2:
            output?[0] = UInt8(truncatingIfNeeded: acc >> 4)
            return 1
        case 3:
            output?[0] = UInt8(truncatingIfNeeded: acc >> 10)
            output?[1] = UInt8(truncatingIfNeeded: acc >> 2)
            return 2
        default:
            return 0
        }
    }

    // MARK: Quoted-printable

    /// Decodes quoted-printable: "=XX" (either case), soft line breaks (also with trailing
    /// spaces before the break); a malformed escape is kept as written.
    static func quotedPrintable(_ buf: Bytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: buf.count)
        let n = out.withUnsafeMutableBufferPointer { quotedPrintable(buf, output: $0.baseAddress) }
        out.removeLast(out.count - n)
        return out
    }

    private static func quotedPrintable(_ buf: Bytes, output: UnsafeMutablePointer<UInt8>?) -> Int {
        let n = buf.count
        guard n > 0, let base = buf.baseAddress else { return 0 }
        var i = 0
        var o = 0
        while i < n {
            guard let eq = ByteScan.find(UInt8(ascii: "="), in: buf, from: i, to: n) else {
                if let output { memcpy(output + o, base + i, n - i) }
                o += n - i
                break
            }
            if eq > i {
                if let output { memcpy(output + o, base + i, eq - i) }
                o += eq - i
            }
            i = eq + 1
            if i + 1 < n, let hi = ByteScan.hexValue(buf[i]), let lo = ByteScan.hexValue(buf[i + 1]) {
                output?[o] = hi << 4 | lo
                o += 1
                i += 2
                continue
            }
            var j = i
            while j < n && ByteScan.isWSP(buf[j]) { j += 1 }
            if j == n {
                i = n
            } else if buf[j] == ByteScan.lf {
                i = j + 1
            } else if buf[j] == ByteScan.cr {
                i = (j + 1 < n && buf[j + 1] == ByteScan.lf) ? j + 2 : j + 1
            } else {
                output?[o] = UInt8(ascii: "=")
                o += 1
            }
        }
        return o
    }

    /// RFC 2047 "Q" encoding: like quoted-printable, and "_" is a space.
    static func qEncoding(_ buf: Bytes) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(buf.count)
        var i = 0
        let n = buf.count
        while i < n {
            let c = buf[i]
            if c == UInt8(ascii: "_") {
                out.append(ByteScan.space)
            } else if c == UInt8(ascii: "="), i + 2 < n, let hi = ByteScan.hexValue(buf[i + 1]),
                let lo = ByteScan.hexValue(buf[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
                continue
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
