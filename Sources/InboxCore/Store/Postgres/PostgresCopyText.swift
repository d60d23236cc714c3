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
