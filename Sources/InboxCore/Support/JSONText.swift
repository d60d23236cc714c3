/// Small, fast JSON text builders for the columns that hold lists (the hot import path
/// cannot afford a `JSONEncoder` per message).
enum JSONText {
    static func string(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 2)
        append(s, to: &out)
        return out
    }

    /// Appends `s` as a JSON string (quoted, escaped).
    static func append(_ s: String, to out: inout String) {
        var plain = true
        for b in s.utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            out += "\""
            out += s
            out += "\""
            return
        }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(s.utf8.count + 8)
        let hex = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes += [0x5C, b]
            case UInt8(ascii: "\\"): bytes += [0x5C, b]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20: bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        out += String(decoding: bytes, as: UTF8.self)
    }

    static func array(_ items: [String]) -> String {
        if items.isEmpty { return "[]" }
        var out = "["
        out.reserveCapacity(items.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            append(item, to: &out)
        }
        out += "]"
        return out
    }

    static func addresses(_ items: [MailAddress]) -> String {
        if items.isEmpty { return "[]" }
        var out = "["
        out.reserveCapacity(items.reduce(2) { $0 + ($1.name?.utf8.count ?? 4) + $1.address.utf8.count + 28 })
        for (i, a) in items.enumerated() {
            if i > 0 { out += "," }
            out += "{\"name\":"
            if let name = a.name { append(name, to: &out) } else { out += "null" }
            out += ",\"address\":"
            append(a.address, to: &out)
            out += "}"
        }
        out += "]"
        return out
    }
}
