/// A part's Content-Transfer-Encoding.
enum TransferEncoding: Equatable, Sendable {
    /// 7bit, 8bit, binary or absent: the bytes are the content.
    case identity
    case quotedPrintable
    case base64
    /// A value the parser does not know; the bytes are read as 8bit.
    case unknown(String)

    /// Reads a Content-Transfer-Encoding value (any case, comments and spaces ignored).
    static func parse(_ value: [UInt8]) -> TransferEncoding {
        var token = [UInt8]()
        token.reserveCapacity(value.count)
        for c in value {
            if c == UInt8(ascii: "(") || c == UInt8(ascii: ";") { break }
            if ByteScan.isWhite(c) || c == UInt8(ascii: "\"") { continue }
            token.append(ByteScan.lower(c))
        }
        switch String(decoding: token, as: UTF8.self) {
        case "", "7bit", "8bit", "binary", "7-bit", "8-bit", "8bits", "7bits", "none", "identity":
            return .identity
        case "quoted-printable", "quotedprintable", "qp", "quoted_printable":
            return .quotedPrintable
        case "base64", "base-64", "x-base64":
            return .base64
        case let other:
            return .unknown(other)
        }
    }
}
