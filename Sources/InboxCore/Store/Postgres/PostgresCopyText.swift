/// COPY's text format (`COPY … FROM STDIN`), as ``PostgresConnection/deferCopy(stage:into:_:)``
/// sends rows: a tab between values, a line feed after the last, `\N` for null, a backslash
/// before backslash, tab, line feed and carriage return, bytes as `\\x` and hex. Text loses
/// its NUL characters, as a text parameter does (PostgreSQL's text holds none).
enum PostgresCopyText {
    static func append(_ value: PostgresValue, to line: inout [UInt8]) {
        switch value {
        case .null: line.append(contentsOf: [0x5C, 0x4E])
        case .int(let v): line.append(contentsOf: String(v).utf8)
        case .double(let v): line.append(contentsOf: PostgresConnection.text(v).utf8)
        case .text(let s): appendEscaped(s, to: &line)
        case .bytes(let bytes):
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            line.reserveCapacity(line.count + 3 + bytes.count * 2)
            line.append(contentsOf: [0x5C, 0x5C, 0x78])
            for b in bytes {
                line.append(hex[Int(b >> 4)])
                line.append(hex[Int(b & 0x0F)])
            }
        }
    }

    /// `s` escaped, appended: runs without a byte to escape are copied whole.
    static func appendEscaped(_ s: String, to line: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            line.reserveCapacity(line.count + bytes.count + 16)
            var run = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b <= 0x5C, b == 0 || b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D else { continue }
                if run < i { line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
                switch b {
                case 0x5C: line.append(contentsOf: [0x5C, 0x5C])
                case 0x09: line.append(contentsOf: [0x5C, 0x74])
                case 0x0A: line.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: line.append(contentsOf: [0x5C, 0x72])
                default: break  // NUL: dropped
                }
                run = i + 1
            }
            if run < bytes.count { line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
        }
    }

    /// `s` escaped (``appendEscaped(_:to:)``).
    static func escaped(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        appendEscaped(s, to: &out)
        return out
    }
}

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
