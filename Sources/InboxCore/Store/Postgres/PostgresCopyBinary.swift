/// COPY's binary format (`COPY … FROM STDIN (FORMAT binary)`): a header, then per row the
/// number of fields and each field as its length (-1 for null) and its bytes in the type's
/// binary form, then a trailer. Nothing for the server to parse but the values themselves;
/// each value must be of its column's type exactly (`.int` a bigint, `.double` a double
/// precision, `.text` a text).
enum PostgresCopyBinary {
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    static let trailer: [UInt8] = [0xFF, 0xFF]

    static func appendFieldCount(_ n: Int, to out: inout [UInt8]) {
        out += [UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
    }

    static func appendLength(_ n: Int, to out: inout [UInt8]) {
        let v = UInt32(bitPattern: Int32(n))
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    /// A field of `bytes` as they are (text without NUL, a type's binary form).
    static func appendField(_ bytes: [UInt8], to out: inout [UInt8]) {
        appendLength(bytes.count, to: &out)
        out += bytes
    }

    static func append(_ value: PostgresValue, to out: inout [UInt8]) {
        switch value {
        case .null: appendLength(-1, to: &out)
        case .int(let v): appendBigEndian(UInt64(bitPattern: v), to: &out)
        case .double(let v): appendBigEndian(v.bitPattern, to: &out)
        case .text(let s): appendField(textBytes(s), to: &out)
        case .bytes(let b): appendField(b, to: &out)
        }
    }

    /// A text's bytes without NUL (PostgreSQL's text holds none).
    static func textBytes(_ s: String) -> [UInt8] {
        var bytes = Array(s.utf8)
        if bytes.contains(0) { bytes.removeAll { $0 == 0 } }
        return bytes
    }

    private static func appendBigEndian(_ v: UInt64, to out: inout [UInt8]) {
        appendLength(8, to: &out)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((v >> UInt64(shift)) & 0xFF)) }
    }
}
