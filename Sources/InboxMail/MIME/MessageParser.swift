import InboxCore

// TEMPORARY STUB: replaced by the real MIME parser.
public enum MessageParser {
    public static func parse(_ raw: [UInt8]) -> ParsedMessage {
        var p = ParsedMessage()
        let text = String(decoding: raw, as: UTF8.self)
        let parts = text.components(separatedBy: "\n\n")
        for line in (parts.first ?? "").split(separator: "\n") {
            let l = line.lowercased()
            func value() -> String { String(line.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) }
            func ids() -> [String] { value().split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) } }
            if l.hasPrefix("message-id:") { p.messageID = ids().first }
            if l.hasPrefix("in-reply-to:") { p.inReplyTo = ids() }
            if l.hasPrefix("references:") { p.references = ids() }
            if l.hasPrefix("subject:") { p.subject = value() }
            if l.hasPrefix("from:") { let v = value(); let a = v.split(separator: "<").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? v; p.from = MailAddress(address: a) }
            if l.hasPrefix("delivered-to:") { p.deliveredTo.append(value().lowercased()) }
            if l.hasPrefix("auto-submitted:") { p.loop.autoSubmitted = value().lowercased() }
            if l.hasPrefix("precedence:") { p.loop.precedence = value().lowercased() }
        }
        p.text = parts.dropFirst().joined(separator: "\n\n")
        return p
    }
}
import Foundation
