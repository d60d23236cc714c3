/// Small, fast JSON text builders for the columns that hold lists (the hot import path
/// cannot afford a `JSONEncoder` per message). They write UTF-8 bytes into one buffer and
/// make one `String` at the end.
enum JSONText {
    static func string(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        append(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string (quoted, escaped) to UTF-8 bytes.
    static func append(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var copied = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                copied = i + 1
                switch b {
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                default: out += [0x5C, b]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends ASCII text as it is.
    @inline(__always)
    private static func literal(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    static func array(_ items: [String]) -> String {
        if items.isEmpty { return "[]" }
        var out: [UInt8] = []
        out.reserveCapacity(items.reduce(2) { $0 + $1.utf8.count + 3 })
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            append(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func addresses(_ items: [MailAddress]) -> String {
        if items.isEmpty { return "[]" }
        var out: [UInt8] = []
        out.reserveCapacity(items.reduce(2) { $0 + ($1.name?.utf8.count ?? 4) + $1.address.utf8.count + 28 })
        out.append(UInt8(ascii: "["))
        for (i, a) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            literal("{\"name\":", to: &out)
            if let name = a.name { append(name, to: &out) } else { literal("null", to: &out) }
            literal(",\"address\":", to: &out)
            append(a.address, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }
}
