import GRDB

/// Finds the ticket a message belongs to, strongest signal first (DESIGN §4.2), and says why.
struct ThreadResolver {
    let db: Database

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
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM ticket WHERE id = ?"), arguments: [id]) ?? false
    }

    /// For each id: the ticket of the message with that Message-ID (`direct`), and the ticket
    /// of the earliest message that names it in In-Reply-To/References (`shared`). The first
    /// is answered by the index `message_ticket_by_message_id` alone (no message row is read);
    /// the second reads `message_reference` in its key order, so no sort is set up per lookup.
    private func lookUp(_ ids: [String]) throws -> [String: (direct: Int64?, shared: Int64?)] {
        guard !ids.isEmpty else { return [:] }
        var out: [String: (direct: Int64?, shared: Int64?)] = [:]
        let sql = """
            SELECT c.value,
                (SELECT ticket_id FROM message WHERE message_id = c.value AND ticket_id IS NOT NULL),
                (SELECT m.ticket_id FROM message_reference r JOIN message m ON m.id = r.message_id
                 WHERE r.ref = c.value AND m.ticket_id IS NOT NULL ORDER BY r.message_id LIMIT 1)
            FROM json_each(?) c
            """
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [JSONText.array(ids)])
        while let row = try rows.next() {
            let direct: Int64? = row[1]
            let shared: Int64? = row[2]
            if direct != nil || shared != nil { out[row[0]] = (direct, shared) }
        }
        return out
    }

    private func ticketOfMessage(_ messageID: String) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT ticket_id FROM message WHERE message_id = ? AND ticket_id IS NOT NULL"),
            arguments: [messageID])
    }

    private func isParticipant(_ address: String, ticket: Int64) throws -> Bool {
        let sql = """
            SELECT 1 FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ? AND c.address = ?
            UNION ALL SELECT 1 FROM message WHERE ticket_id = ? AND from_address = ? LIMIT 1
            """
        return try Bool.fetchOne(db.cachedStatement(sql: sql), arguments: [ticket, address, ticket, address]) ?? false
    }
}
