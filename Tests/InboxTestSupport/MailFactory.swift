import Foundation

/// Builds small RFC 5322 messages and mbox files for tests.
public enum MailFactory {
    /// A plain-text message.
    public static func message(
        id: String?, from: String = "Ayşe Yılmaz <ayse@example.com.tr>", to: String = "support@shop.example",
        subject: String = "Kargom nerede?", date: String = "Tue, 03 Nov 2026 10:12:00 +0300",
        inReplyTo: String? = nil, references: [String] = [], extraHeaders: [String] = [],
        body: String = "Merhaba,\nsiparişim gelmedi.\n"
    ) -> String {
        var lines: [String] = []
        lines += extraHeaders
        lines.append("From: \(from)")
        lines.append("To: \(to)")
        lines.append("Subject: \(subject)")
        lines.append("Date: \(date)")
        if let id { lines.append("Message-ID: <\(id)>") }
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty { lines.append("References: " + references.map { "<\($0)>" }.joined(separator: " ")) }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: 8bit")
        return lines.joined(separator: "\n") + "\n\n" + body
    }

    /// An mboxrd file of `messages` (bodies' `From ` lines escaped).
    public static func mbox(_ messages: [String], crlf: Bool = false) -> String {
        var out = ""
        for m in messages {
            out += "From sender@example.com Tue Nov  3 10:12:00 2026\n"
            var lines = m.split(separator: "\n", omittingEmptySubsequences: false)
            if m.hasSuffix("\n") { lines.removeLast() }
            for line in lines {
                var l = String(line)
                var i = l.startIndex
                while i < l.endIndex, l[i] == ">" { i = l.index(after: i) }
                if l[i...].hasPrefix("From ") { l = ">" + l }
                out += l + "\n"
            }
            if !m.hasSuffix("\n") { out += "\n" }
            out += "\n"
        }
        if crlf { out = out.replacingOccurrences(of: "\n", with: "\r\n") }
        return out
    }
}
