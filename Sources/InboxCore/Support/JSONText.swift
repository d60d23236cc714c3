/// Small, fast JSON text builders for the columns that hold lists (the hot import path
/// cannot afford a `JSONEncoder` per message).
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    static func array(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ",") + "]"
    }

    static func addresses(_ items: [MailAddress]) -> String {
        "[" + items.map { a in
            "{\"name\":" + (a.name.map(string) ?? "null") + ",\"address\":" + string(a.address) + "}"
        }.joined(separator: ",") + "]"
    }
}
