import GRDB

/// Finds the ticket a message belongs to, strongest signal first (DESIGN §4.2), and says why.
/// The lookups are the store's (`Store/AppDatabase+IngestWrites.swift`).
struct ThreadResolver {
    let db: any StoreConnection
    /// The batch's lookups asked at once (PostgreSQL), else nil.
    var lookups: IngestBatchLookups? = nil

    /// The ticket and the thread reason, or nil when the message starts a new conversation.
    func resolve(_ p: ParsedMessage, fromAddress: String?, bounce: Bool) throws -> (ticket: Int64, reason: String)? {
        if bounce {
            for id in p.loop.reportedMessageIDs {
                if let t = try ticketOfMessage(id) { return (t, "bounce of <\(id)>") }
            }
        }
        var candidates: [(id: String, header: String)] = []
        var seen = Set<String>()
        for id in p.inReplyTo where id != p.messageID && seen.insert(id).inserted {
            candidates.append((id, "In-Reply-To"))
        }
        for id in p.references.reversed() where id != p.messageID && seen.insert(id).inserted {
            candidates.append((id, "References"))
        }
        for c in candidates {
            if let n = Self.ourTicketNumber(c.id), try ticketExists(n) {
                return (n, "reply to our message <\(c.id)> (\(c.header))")
            }
        }
        // One statement answers both lookups for every candidate, and whether a message
        // already stored names this one as its parent.
        var lookup = candidates.map(\.id)
        if let own = p.messageID { lookup.append(own) }
        let found = try lookUp(lookup)
        for c in candidates {
            if let t = found[c.id]?.direct { return (t, "\(c.header) <\(c.id)>") }
        }
        for c in candidates {
            if let t = found[c.id]?.shared {
                return (t, "shares the reference <\(c.id)> with a message of the ticket (parent not received)")
            }
        }
        if let n = Self.subjectTag(p.subject), try ticketExists(n), let from = fromAddress,
            try isParticipant(from, ticket: n)
        {
            return (n, "subject tag [#\(n)] from a participant")
        }
        if let own = p.messageID, let t = found[own]?.shared {
            return (t, "parent of a message already in the ticket (arrived out of order)")
        }
        return nil
    }

    /// The ticket number in a Message-ID we minted (`ticket-1042.<random>@host`).
    static func ourTicketNumber(_ id: String) -> Int64? {
        guard id.hasPrefix("ticket-") else { return nil }
        let rest = id.dropFirst(7)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, rest.dropFirst(digits.count).first == "." else { return nil }
        return Int64(digits)
    }

    /// The number of the first `[#1042]` tag in a subject.
    static func subjectTag(_ subject: String) -> Int64? {
        let bytes = Array(subject.utf8)
        var i = 0
        while i + 1 < bytes.count {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "["), bytes[i + 1] == UInt8(ascii: "#") else { continue }
            var end = i + 2
            var n: Int64 = 0
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39, end - i - 2 < 18 {
                n = n * 10 + Int64(bytes[end] - 0x30)
                end += 1
            }
            if end > i + 2, end < bytes.count, bytes[end] == UInt8(ascii: "]") { return n }
        }
        return nil
    }

    private func ticketExists(_ id: Int64) throws -> Bool {
        try AppDatabase.ticketExists(db, id)
    }

    private func lookUp(_ ids: [String]) throws -> [String: (direct: Int64?, shared: Int64?)] {
        if let known = lookups?.threadCandidates(ids) { return known }
        return try AppDatabase.threadCandidates(db, ids)
    }

    private func ticketOfMessage(_ messageID: String) throws -> Int64? {
        try AppDatabase.ticketOfMessage(db, messageID: messageID)
    }

    private func isParticipant(_ address: String, ticket: Int64) throws -> Bool {
        try AppDatabase.isParticipant(db, address, ticket: ticket)
    }
}
