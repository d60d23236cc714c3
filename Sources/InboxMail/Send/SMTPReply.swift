/// One SMTP server reply: a three-digit code and its text lines (RFC 5321 4.2).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public var isPositive: Bool { (200..<400).contains(code) }
    public var isTemporary: Bool { (400..<500).contains(code) }
    public var isPermanent: Bool { code >= 500 }
    /// "550 5.1.1 No such user" (lines joined with spaces).
    public var description: String { "\(code) " + lines.joined(separator: " ") }
}

/// Framer and parser of server replies: fed bytes in any chunking, yields complete replies
/// ("250-…" continuation lines are collected until "250 …"). Pure: no I/O.
public struct SMTPReplyParser: Sendable {
    private var buffer: [UInt8] = []
    private var pendingLines: [String] = []
    private var pendingCode: Int?
    /// Longest line accepted; a server sending more is broken or hostile.
    static let maxLine = 4096

    public init() {}

    /// Adds bytes; returns the replies they complete.
    /// - Throws: ``SMTPError/protocolViolation(_:)`` for a malformed or overlong line.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [SMTPReply] {
        buffer.append(contentsOf: bytes)
        var out: [SMTPReply] = []
        while let lf = buffer.firstIndex(of: 10) {
            var line = Array(buffer[..<lf])
            buffer.removeSubrange(...lf)
            if line.last == 13 { line.removeLast() }
            if let reply = try take(line) { out.append(reply) }
        }
        if buffer.count > Self.maxLine {
            throw SMTPError.protocolViolation("a reply line longer than \(Self.maxLine) bytes")
        }
        return out
    }

    private mutating func take(_ line: [UInt8]) throws -> SMTPReply? {
        guard line.count >= 3, line[0..<3].allSatisfy({ $0 >= 48 && $0 <= 57 }),
            line.count == 3 || line[3] == 32 || line[3] == 45
        else {
            throw SMTPError.protocolViolation(
                "the server sent \"\(String(decoding: line.prefix(80), as: UTF8.self))\", not a reply")
        }
        let code = Int(String(decoding: line[0..<3], as: UTF8.self))!
        if let p = pendingCode, p != code {
            throw SMTPError.protocolViolation("a multi-line reply changed its code from \(p) to \(code)")
        }
        pendingCode = code
        pendingLines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        guard line.count == 3 || line[3] == 32 else { return nil }
        defer {
            pendingLines = []
            pendingCode = nil
        }
        return SMTPReply(code: code, lines: pendingLines)
    }
}

/// Why a delivery did not happen. `description` is a sentence for `inbox outbox`.
public enum SMTPError: Error, Sendable, CustomStringConvertible, Equatable {
    /// 4xx: try again later.
    case temporary(String)
    /// 5xx: the server refused; do not retry.
    case permanent(String)
    /// Could not connect, or the connection broke: try again later.
    case connection(String)
    case protocolViolation(String)
    /// Our configuration is wrong (no host, TLS refused…): retrying will not help.
    case configuration(String)

    public var isTemporary: Bool {
        switch self {
        case .temporary, .connection, .protocolViolation: return true
        case .permanent, .configuration: return false
        }
    }

    public var description: String {
        switch self {
        case .temporary(let s): return "The server deferred the message: \(s) (it will be retried)"
        case .permanent(let s): return "The server refused the message: \(s)"
        case .connection(let s): return "Cannot reach the mail server: \(s) (it will be retried)"
        case .protocolViolation(let s): return "The mail server broke the SMTP protocol: \(s) (it will be retried)"
        case .configuration(let s): return s
        }
    }
}
