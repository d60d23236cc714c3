import Foundation

/// Who wrote on a channel: any of an e-mail address, a phone number and a handle (a chat
/// nickname, a marketplace buyer id). The same e-mail or phone is one customer (DESIGN §19).
public struct ChannelCustomer: Sendable, Equatable, Codable {
    public var name: String?
    public var email: String?
    public var handle: String?
    public var phone: String?

    public init(name: String? = nil, email: String? = nil, handle: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.handle = handle
        self.phone = phone
    }
}

/// Whether a channel message came from the customer or from the team.
public enum ChannelDirection: String, Sendable, Codable {
    case inbound, outbound
}

/// One line of `inbox import jsonl` (docs/channels.md has its JSON Schema).
public struct ChannelLine: Sendable, Equatable {
    /// The channel's name, lower case ("chat", "webform", "allegro").
    public var channel: String
    /// The external conversation id: messages with the same (channel, conversation) are one ticket.
    public var conversation: String
    /// The external message id: a message seen before is not stored again.
    public var message: String
    public var customer: ChannelCustomer
    public var at: Date?
    public var direction: ChannelDirection
    public var text: String
    public var subject: String?
    /// Paths of files to attach, relative to the JSON Lines file's folder unless absolute.
    public var attachments: [String]
    /// An order number the message is about.
    public var order: String?
    /// The team member who wrote an outbound message.
    public var agent: String?

    /// The stored Message-ID: unique per channel and external message id.
    public var messageID: String { "\(channel):\(message)" }
}

/// Reads one JSON line into a ``ChannelLine``; errors are sentences that name the field.
public enum ChannelLineParser {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    public static let fields: Set<String> = [
        "channel", "conversation", "message", "customer", "at", "direction", "text", "subject", "attachments", "order",
        "agent",
    ]
    static let customerFields: Set<String> = ["name", "email", "handle", "phone"]

    /// A JSON number (not a boolean) as a Double.
    static func number(_ v: Any) -> Double? {
        if v is String || type(of: v) == Bool.self { return nil }
        if let i = v as? Int { return Double(i) }
        if let d = v as? Double { return d }
        if let n = v as? NSNumber { return n.doubleValue }
        return nil
    }

    /// Parses one line (without its line end).
    /// - Throws: ``Failure`` describing what is wrong ("missing \"conversation\"").
    public static func parse(_ line: some Collection<UInt8>) throws -> ChannelLine {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line), options: [])
        } catch {
            throw Failure("not valid JSON (each line must be one JSON object)")
        }
        guard let o = object as? [String: Any] else { throw Failure("not a JSON object (each line must be one {…})") }
        if let unknown = o.keys.sorted().first(where: { !fields.contains($0) }) {
            throw Failure("unknown field \"\(unknown)\" (fields: \(fields.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String, in dict: [String: Any], required: Bool, prefix: String = "") throws -> String? {
            guard let v = dict[key], !(v is NSNull) else {
                if required { throw Failure("missing \"\(prefix)\(key)\"") }
                return nil
            }
            if let s = v as? String {
                let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
                if t.isEmpty && required { throw Failure("\"\(prefix)\(key)\" is empty") }
                return t.isEmpty ? nil : s
            }
            // Ids are often numbers in exports (tawk.to, marketplaces).
            if let x = number(v) { return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }
            throw Failure("\"\(prefix)\(key)\" must be a string")
        }
        let channel = ChannelSettings.normalized(try string("channel", in: o, required: true)!)
        guard channel != "email" else {
            throw Failure("\"channel\" is \"email\": import mail with inbox import mbox/maildir/eml")
        }
        guard channel.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw Failure("\"channel\" \"\(channel)\" may hold only letters, digits, '-', '_' and '.'")
        }
        let conversation = try string("conversation", in: o, required: true)!.trimmingCharacters(in: .whitespaces)
        let message = try string("message", in: o, required: true)!.trimmingCharacters(in: .whitespaces)
        var customer = ChannelCustomer()
        if let c = o["customer"], !(c is NSNull) {
            guard let dict = c as? [String: Any] else {
                throw Failure("\"customer\" must be an object with name, email, handle or phone")
            }
            if let unknown = dict.keys.sorted().first(where: { !customerFields.contains($0) }) {
                throw Failure("unknown field \"customer.\(unknown)\" (use name, email, handle or phone)")
            }
            customer = ChannelCustomer(
                name: try string("name", in: dict, required: false, prefix: "customer."),
                email: try string("email", in: dict, required: false, prefix: "customer.")?.trimmingCharacters(
                    in: .whitespaces),
                handle: try string("handle", in: dict, required: false, prefix: "customer.")?.trimmingCharacters(
                    in: .whitespaces),
                phone: try string("phone", in: dict, required: false, prefix: "customer."))
            if let e = customer.email, !e.contains("@") || e.contains(" ") {
                throw Failure("\"customer.email\" \"\(e)\" is not an e-mail address")
            }
            if let p = customer.phone, PhoneNumber.normalize(p) == nil {
                throw Failure("\"customer.phone\" \"\(p)\" is not a phone number (digits, optionally +country code)")
            }
        }
        var direction = ChannelDirection.inbound
        if let d = try string("direction", in: o, required: false) {
            guard let v = ChannelDirection(rawValue: d.lowercased()) else {
                throw Failure("\"direction\" is \"\(d)\" (use inbound or outbound)")
            }
            direction = v
        }
        if direction == .inbound, customer.email == nil, customer.phone == nil, customer.handle == nil {
            throw Failure("\"customer\" needs an email, phone or handle for an inbound message")
        }
        var at: Date?
        if let v = o["at"], !(v is NSNull) {
            if let x = number(v) {
                // Seconds since 1970; milliseconds (JavaScript exports) when that large.
                at = Date(timeIntervalSince1970: x > 1e11 ? x / 1000 : x)
            } else if let s = v as? String {
                guard let d = ChannelDates.parse(s) else {
                    throw Failure(
                        "\"at\" is \"\(s)\" (use ISO 8601 such as 2026-03-02T14:05:00Z, or seconds since 1970)")
                }
                at = d
            } else {
                throw Failure("\"at\" must be an ISO 8601 string or a number of seconds")
            }
        }
        let text = try string("text", in: o, required: false) ?? ""
        var attachments: [String] = []
        if let a = o["attachments"], !(a is NSNull) {
            guard let list = a as? [Any], list.allSatisfy({ $0 is String }) else {
                throw Failure("\"attachments\" must be a list of file paths")
            }
            attachments = (list as! [String]).filter { !$0.isEmpty }
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && attachments.isEmpty {
            throw Failure("\"text\" is missing or empty (a message needs text or attachments)")
        }
        return ChannelLine(
            channel: channel, conversation: conversation, message: message, customer: customer, at: at,
            direction: direction, text: text, subject: try string("subject", in: o, required: false),
            attachments: attachments, order: try string("order", in: o, required: false),
            agent: try string("agent", in: o, required: false))
    }
}

/// Phone numbers as one customer key: `+` and digits only; `00` becomes `+`.
public enum PhoneNumber {
    /// "+48 601-234-567" → "+48601234567"; "0048 601 234 567" → "+48601234567";
    /// nil when it holds letters or fewer than 6 digits.
    public static func normalize(_ text: String) -> String? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("tel:") { t = String(t.dropFirst(4)) }
        var out = ""
        for (i, ch) in t.enumerated() {
            if ch == "+" && i == 0 { out.append("+"); continue }
            if ch.isASCII && ch.isNumber { out.append(ch); continue }
            if " -./()\u{00A0}".contains(ch) { continue }
            return nil
        }
        if out.hasPrefix("00") { out = "+" + out.dropFirst(2) }
        guard out.filter(\.isNumber).count >= 6 else { return nil }
        return out
    }
}

/// Dates as exports write them.
enum ChannelDates {
    static func parse(_ s: String) -> Date? {
        let t = s.trimmingCharacters(in: .whitespaces)
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: t) { return d }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = iso.date(from: t) { return d }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        for format in [
            "yyyy-MM-dd HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
            "yyyy-MM-dd",
        ] {
            f.dateFormat = format
            if let d = f.date(from: t) { return d }
        }
        return nil
    }
}
