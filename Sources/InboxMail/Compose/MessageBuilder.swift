import Foundation
import InboxCore

/// Turns an ``OutgoingMessage`` into the bytes of an RFC 5322 / MIME message.
///
/// - CRLF line ends throughout; no header line longer than 76 characters (unless a single
///   address is longer).
/// - Subject, display names and extra header values that are not plain ASCII become RFC 2047
///   UTF-8 encoded words ("Q" or "B", whichever is shorter), cut only between characters.
/// - The text goes as 7bit when it is plain ASCII with short lines, else as UTF-8
///   quoted-printable (which also protects lines starting with "From " or ".").
/// - With attachments: multipart/mixed, each file base64 in 76-column lines, with RFC 2231
///   `filename*=` / `name*=` parameters for names that are not plain ASCII.
/// - Bcc recipients are never written.
public enum MessageBuilder {
    /// The bytes to hand to the MTA.
    public static func build(_ m: OutgoingMessage) -> [UInt8] {
        var out: [UInt8] = []
        let domain = Self.domain(of: m.from.address)
        out += HeaderEncoding.field("Date", rfc5322Date(m.date, timeZone: m.timeZone ?? .current))
        out += HeaderEncoding.field("From", HeaderEncoding.mailbox(m.from))
        if !m.to.isEmpty { out += HeaderEncoding.field("To", m.to.map(HeaderEncoding.mailbox).joined(separator: ", ")) }
        if !m.cc.isEmpty { out += HeaderEncoding.field("Cc", m.cc.map(HeaderEncoding.mailbox).joined(separator: ", ")) }
        out += HeaderEncoding.field("Subject", HeaderEncoding.unstructured(m.subject))
        let messageID = m.messageID.flatMap(cleanID) ?? randomToken(16) + "@" + domain
        out += HeaderEncoding.field("Message-ID", "<" + messageID + ">")
        if let parent = m.inReplyTo.flatMap(cleanID) {
            out += HeaderEncoding.field("In-Reply-To", "<" + parent + ">")
        }
        let references = m.references.compactMap(cleanID)
        if !references.isEmpty {
            out += HeaderEncoding.field("References", references.map { "<" + $0 + ">" }.joined(separator: " "))
        }
        for header in m.extraHeaders {
            guard let name = headerName(header.name) else { continue }
            out += HeaderEncoding.field(name, HeaderEncoding.unstructured(header.value, strict: false))
        }
        out += HeaderEncoding.field("MIME-Version", "1.0")

        let lines = BodyEncoding.lines(m.text)
        let sevenBit = BodyEncoding.fitsSevenBit(lines)
        let body = sevenBit ? BodyEncoding.sevenBit(lines) : BodyEncoding.quotedPrintable(lines)
        let textHeaders =
            HeaderEncoding.field("Content-Type", "text/plain; charset=utf-8")
            + HeaderEncoding.field("Content-Transfer-Encoding", sevenBit ? "7bit" : "quoted-printable")

        guard !m.attachments.isEmpty else {
            return out + textHeaders + BodyEncoding.crlf + body
        }
        var boundary = "=_inbox_" + randomToken(24)
        // "=_" never occurs in quoted-printable or base64; a 7bit text is checked.
        while sevenBit && contains(body, Array(boundary.utf8)) { boundary = "=_inbox_" + randomToken(24) }
        let dash = Array(("--" + boundary).utf8)
        out += HeaderEncoding.field("Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"")
        out += BodyEncoding.crlf
        out += Array("This is a multi-part message in MIME format.".utf8) + BodyEncoding.crlf
        out += dash + BodyEncoding.crlf + textHeaders + BodyEncoding.crlf + body
        for attachment in m.attachments {
            out += BodyEncoding.crlf + dash + BodyEncoding.crlf
            out += attachmentHeaders(attachment)
            out += BodyEncoding.crlf
            out += BodyEncoding.base64(attachment.data)
        }
        out += BodyEncoding.crlf + dash + Array("--".utf8) + BodyEncoding.crlf
        return out
    }

    /// A Message-ID for a reply from ticket `ticket`: "ticket-1042.<random>@host" (no angle brackets).
    public static func makeMessageID(ticket: Int64, host: String) -> String {
        let cleanHost = host.unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-")
        }
        let h = cleanHost.isEmpty ? "localhost" : String(String.UnicodeScalarView(cleanHost))
        return "ticket-\(ticket).\(randomToken(20))@\(h)"
    }

    // MARK: Pieces

    static func attachmentHeaders(_ a: OutgoingMessage.Attachment) -> [UInt8] {
        let type = mediaType(a.contentType)
        var name = a.filename.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
        name = HeaderEncoding.clean(name).trimmingASCII(" ")
        if name.isEmpty { name = "attachment" }
        return HeaderEncoding.field("Content-Type", type + parameter("name", name))
            + HeaderEncoding.field("Content-Disposition", "attachment" + parameter("filename", name))
            + HeaderEncoding.field("Content-Transfer-Encoding", "base64")
    }

    /// "; name=value", quoted when needed, or RFC 2231 `name*=utf-8''…` (with `name*0*=`
    /// continuations when long) for values that are not plain ASCII.
    static func parameter(_ name: String, _ value: String) -> String {
        let bytes = Array(value.utf8)
        let printable = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if printable && bytes.count <= 60 {
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\"")
            return "; " + name + "=\"" + escaped + "\""
        }
        // Percent-encode, then cut into sections without splitting an escape or a character.
        var pieces: [String] = []
        for scalar in value.unicodeScalars {
            var piece = ""
            for c in String(scalar).utf8 {
                if ByteScan.isAlpha(c) || ByteScan.isDigit(c) || "!#$&+-.^_`|~".utf8.contains(c) {
                    piece.unicodeScalars.append(Unicode.Scalar(c))
                } else {
                    piece += "%" + String(c, radix: 16, uppercase: true).leftPadded(to: 2)
                }
            }
            pieces.append(piece)
        }
        let first = "utf-8''"
        let room = 50
        var sections: [String] = []
        var current = first
        for piece in pieces {
            if current.utf8.count + piece.utf8.count > room && current != first && !current.isEmpty {
                sections.append(current)
                current = ""
            }
            current += piece
        }
        sections.append(current)
        if sections.count == 1 { return "; " + name + "*=" + sections[0] }
        return sections.enumerated().map { "; " + name + "*\($0.offset)*=" + $0.element }.joined()
    }

    /// A clean "type/subtype", else application/octet-stream.
    static func mediaType(_ s: String) -> String {
        let t = s.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { p in
            !p.isEmpty
                && p.utf8.allSatisfy { ByteScan.isAlpha($0) || ByteScan.isDigit($0) || "!#$&^_.+-".utf8.contains($0) }
        }
        guard parts.count == 2, token(parts[0]), token(parts[1]), parts[0] != "multipart" else {
            return "application/octet-stream"
        }
        return t
    }

    /// A header name made of letters, digits and "-", and not one the builder writes itself.
    static func headerName(_ s: String) -> String? {
        let name = s.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.utf8.count <= 60,
            name.utf8.allSatisfy({ ByteScan.isAlpha($0) || ByteScan.isDigit($0) || $0 == UInt8(ascii: "-") })
        else { return nil }
        let reserved: Set<String> = [
            "from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references", "mime-version",
            "content-type", "content-transfer-encoding", "content-disposition",
        ]
        return reserved.contains(name.lowercased()) ? nil : name
    }

    /// An id without angle brackets, spaces or control characters; nil when nothing is left.
    static func cleanID(_ s: String) -> String? {
        let kept = s.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
        return kept.isEmpty ? nil : String(String.UnicodeScalarView(kept))
    }

    static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return "localhost" }
        let d = address[address.index(after: at)...].trimmingCharacters(in: .whitespaces)
        return cleanID(d) ?? "localhost"
    }

    static func randomToken(_ length: Int) -> String {
        let chars = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var rng = SystemRandomNumberGenerator()
        return String(decoding: (0..<length).map { _ in chars[Int(rng.next() % UInt64(chars.count))] }, as: UTF8.self)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { ByteScan.find(needle, in: $0, from: 0, to: $0.count) != nil }
    }

    // MARK: Date

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Tue, 03 Nov 2026 10:12:00 +0100" (RFC 5322 3.3).
    public static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondsOfDay = Int(local - days * 86400)
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday
        let sign = offset < 0 ? "-" : "+"
        let off = abs(offset) / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekdays[weekday]), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) "
            + "\(sign)\(two(off / 60))\(two(off % 60))"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
