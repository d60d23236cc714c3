import Foundation
import GRDB

/// Compiles a ``SearchQuery`` into SQL conditions and a full-text expression, every value bound
/// as a parameter (no query text is ever spliced into SQL).
///
/// On SQLite the full-text expression is FTS5's; on PostgreSQL (`engine`) it is a `tsquery`
/// over the generated `message.search` column (``PostgresSchema``): words and prefixes
/// (`'word':*`), phrases (`<->`), `&`, `|` and `!`, the same words as FTS5 sees them
/// (``Highlighter/tokens(of:)``: folded, lower case, runs of letters and digits). The SQL
/// conditions are written in the dialect both engines read; where they must differ
/// (`COLLATE NOCASE`, `LIKE`, JSON) the one function branches on `engine`.
///
/// Two levels: `.messages` (aliases `m` message, `t` its ticket, `mq` its queue) answers
/// `inbox search`; `.tickets` (aliases `t`, `tq`) filters ticket lists and counts saved views,
/// where a message term means "a message of the ticket matches".
struct SearchCompiler {
    /// `.rule` is `.tickets` for one ticket inside a write transaction (rules): text terms
    /// match the ticket's messages copied into `temp.rule_fts` (``RuleEngine``), because the
    /// store's writer does not see the index file.
    enum Level { case messages, tickets, rule }

    struct Compiled {
        /// The full-text expression (FTS5's, or a `tsquery` on PostgreSQL) that drives the query
        /// and ranks it (the positive text terms of the top-level AND), or nil when it has none.
        var match: String?
        /// SQL conditions joined by AND (may be empty), with `?` placeholders.
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible & Sendable] = []
        /// The text terms, for highlighting.
        var terms: [Highlighter.Term] = []

        var statementArguments: StatementArguments {
            StatementArguments(arguments.map { $0 as (any DatabaseValueConvertible)? })
        }

        /// The arguments for the store seam (``StoreConnection``).
        var storeArguments: StoreArguments {
            StoreArguments(arguments.map { $0 as (any DatabaseValueConvertible)? })
        }

        var whereSQL: String { conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ") }
    }

    let level: Level
    let now: Date
    /// Names `assignee:me` matches (the agent's name and address).
    let me: [String]
    /// The business calendar of `is:business-hours` and of `idle:5bd` (the default SLA calendar).
    var calendar: BusinessCalendar = .wallClock
    /// The engine whose SQL and full-text syntax to write.
    var engine: StoreEngineKind = .sqlite

    private var onPostgreSQL: Bool { engine == .postgresql }

    func compile(_ query: SearchQuery) throws -> Compiled {
        var out = Compiled()
        collectTerms(query, into: &out.terms, negated: false)
        let conjuncts: [SearchQuery]
        if case .and(let items) = query { conjuncts = items } else { conjuncts = [query] }
        var positive: [String] = []
        var negative: [String] = []
        var rest: [SearchQuery] = []
        for c in conjuncts {
            if case .not(let inner) = c, let fts = try ftsExpression(inner) {
                negative.append(fts)
            } else if let fts = try ftsExpression(c) {
                positive.append(fts)
            } else {
                rest.append(c)
            }
        }
        if !positive.isEmpty {
            out.match = fullTextAnd(positive, not: negative, parenthesizeOne: false)
        } else {
            // FTS5 cannot run a pure negation: those terms become SQL conditions.
            for fts in negative {
                out.conditions.append("NOT COALESCE((\(textCondition)), FALSE)")
                out.arguments.append(fts)
            }
        }
        for c in rest {
            let (sql, args) = try condition(c)
            out.conditions.append(sql)
            out.arguments += args
        }
        return out
    }

    private func collectTerms(_ q: SearchQuery, into terms: inout [Highlighter.Term], negated: Bool) {
        switch q {
        case .text(let t) where !negated:
            for token in Highlighter.tokens(of: t.value) {
                terms.append(.init(key: token, prefix: t.kind == .prefix))
            }
        case .not(let inner): collectTerms(inner, into: &terms, negated: !negated)
        case .and(let items), .or(let items): for i in items { collectTerms(i, into: &terms, negated: negated) }
        default: break
        }
    }

    // MARK: - Full text

    /// `positive` all, and none of `negative`: FTS5's `(a AND b) NOT (c OR d)`, PostgreSQL's
    /// `(a & b) & !(c | d)`.
    func fullTextAnd(_ positive: [String], not negative: [String], parenthesizeOne: Bool) -> String {
        let and = onPostgreSQL ? " & " : " AND "
        var s =
            positive.count == 1 && !parenthesizeOne ? positive[0] : "(" + positive.joined(separator: and) + ")"
        if !negative.isEmpty {
            s +=
                onPostgreSQL
                ? " & !(" + negative.joined(separator: " | ") + ")"
                : " NOT (" + negative.joined(separator: " OR ") + ")"
        }
        return s
    }

    /// The full-text expression (FTS5's, or a `tsquery`) for a subtree made only of text
    /// terms, or nil when it has a field term or a negation FTS5 cannot express.
    func ftsExpression(_ q: SearchQuery) throws -> String? {
        switch q {
        case .text(let t):
            return try ftsTerm(t)
        case .field, .not:
            return nil
        case .or(let items):
            var parts: [String] = []
            for i in items {
                guard let p = try ftsExpression(i) else { return nil }
                parts.append(p)
            }
            return "(" + parts.joined(separator: onPostgreSQL ? " | " : " OR ") + ")"
        case .and(let items):
            if items.isEmpty { return nil }
            var pos: [String] = []
            var neg: [String] = []
            for i in items {
                if case .not(let inner) = i {
                    guard let p = try ftsExpression(inner) else { return nil }
                    neg.append(p)
                } else {
                    guard let p = try ftsExpression(i) else { return nil }
                    pos.append(p)
                }
            }
            guard !pos.isEmpty else { return nil }
            return fullTextAnd(pos, not: neg, parenthesizeOne: true)
        }
    }

    /// One term as an FTS5 string: folded, quoted (so no input is FTS5 syntax), a phrase of
    /// its tokens when it has several (`PL-7781` → "pl 7781", matched whole).
    func ftsTerm(_ t: SearchQuery.TextTerm) throws -> String {
        let folded = SearchFold.fold(t.value)
        guard folded.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        else {
            throw InboxError(.badInput, "Nothing to search for in \"\(t.value)\" (it has no letters or digits)")
        }
        if onPostgreSQL { return try tsqueryTerm(t, folded: folded) }
        var s = "\"" + folded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        if t.kind == .prefix { s += "*" }
        if let column = t.column { s = column + " : " + s }
        return s
    }

    /// One term as a `tsquery` (PostgreSQL): each word a quoted lexeme, a phrase of several
    /// joined by `<->` (next to each other) and held to one column, as an FTS5 phrase is: the
    /// `tsvector` numbers the subject's, the sender's and the text's words on, so a phrase
    /// could otherwise run from the subject into the sender. A prefix is `:*` on the last
    /// word; `subject:` is weight A (the sender is B, the text D).
    func tsqueryTerm(_ t: SearchQuery.TextTerm, folded: String) throws -> String {
        let words = Highlighter.tokens(of: folded).map {
            "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
        }
        guard !words.isEmpty else {
            throw InboxError(.badInput, "Nothing to search for in \"\(t.value)\" (it has no letters or digits)")
        }
        func phrase(_ weight: String) -> String {
            words.enumerated().map { i, w in
                let prefix = t.kind == .prefix && i == words.count - 1 ? "*" : ""
                return prefix.isEmpty && weight.isEmpty ? w : w + ":" + prefix + weight
            }.joined(separator: " <-> ")
        }
        if t.column == "subject" { return "(" + phrase("A") + ")" }
        if words.count == 1 { return phrase("") }
        return "(" + ["A", "B", "D"].map { "(" + phrase($0) + ")" }.joined(separator: " | ") + ")"
    }

    // MARK: - SQL conditions

    typealias Arguments = [any DatabaseValueConvertible & Sendable]

    /// The condition "matches the full-text expression bound to its `?`" (the engine's full
    /// text). On PostgreSQL the generated `message.search` column, GIN-indexed, written in the
    /// transaction that writes the message: nothing to catch up. Rules (`.rule`) match the
    /// messages ``RuleEngine`` named in the temporary table `rule_message`.
    var textCondition: String {
        guard onPostgreSQL else { return AppDatabase.Engine.textMatchCondition(level) }
        let matches = "m.search @@ to_tsquery('inbox_search', ?)"
        switch level {
        case .messages: return matches
        case .tickets: return "t.id IN (SELECT m.ticket_id FROM message m WHERE \(matches))"
        case .rule: return "EXISTS (SELECT 1 FROM \(Self.ruleMessages) WHERE \(matches))"
        }
    }

    /// The messages a rule looks at, as `m`: those ``RuleEngine`` copied into SQLite's
    /// `temp.rule_fts`, or named in PostgreSQL's temporary `rule_message`.
    static let ruleMessages = "rule_message r JOIN message m ON m.id = r.id"

    /// `column = ?`, case aside: SQLite's `COLLATE NOCASE` (ASCII letters), `lower()` on both
    /// sides on PostgreSQL.
    func equalsIgnoringCase(_ column: String) -> String {
        onPostgreSQL ? "lower(\(column)) = lower(?)" : "\(column) = ? COLLATE NOCASE"
    }

    /// `column LIKE ?` with `\` escaping: case-insensitive as SQLite's `LIKE` is (`ILIKE` on
    /// PostgreSQL, whose `LIKE` minds case).
    func like(_ column: String) -> String {
        "\(column) \(onPostgreSQL ? "ILIKE" : "LIKE") ? ESCAPE '\\'"
    }

    /// PostgreSQL: the addresses of a JSON list of ``MailAddress`` (`to_json`, `cc_json`) as
    /// rows of `j.address` (SQLite's `json_each` is SQLite's own).
    func postgresAddresses(_ column: String) -> String {
        "(SELECT e.value->>'address' AS address FROM jsonb_array_elements(\(column)::jsonb) AS e(value)) j"
    }

    func condition(_ q: SearchQuery) throws -> (String, Arguments) {
        switch q {
        case .text(let t):
            return (textCondition, [try ftsTerm(t)])
        case .not(let inner):
            let (sql, args) = try condition(inner)
            // A term on a missing ticket is NULL (unknown); NOT treats it as false.
            return ("NOT COALESCE((\(sql)), FALSE)", args)
        case .and(let items), .or(let items):
            if items.isEmpty { return ("TRUE", []) }
            var parts: [String] = []
            var args: Arguments = []
            for i in items {
                let (s, a) = try condition(i)
                parts.append("(" + s + ")")
                args += a
            }
            if case .and = q { return (parts.joined(separator: " AND "), args) }
            return (parts.joined(separator: " OR "), args)
        case .field(let f):
            return try field(f)
        }
    }

    func bad(_ f: SearchQuery.FieldTerm, _ message: String) -> InboxError {
        InboxError(.badInput, "Cannot read \"\(f.name):\(f.value)\" at column \(f.position): \(message)")
    }

    /// `LIKE` pattern text with `%`, `_` and `\` escaped (use with `ESCAPE '\'`).
    static func likeEscaped(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A condition on message columns, lifted to the ticket level when needed.
    func onMessage(_ sql: String, _ args: Arguments) -> (String, Arguments) {
        switch level {
        case .messages: return (sql, args)
        case .tickets: return ("t.id IN (SELECT m.ticket_id FROM message m WHERE \(sql))", args)
        // The messages a rule looks at, the same ones its words match: those ``RuleEngine``
        // copied into `temp.rule_fts` (the incoming message for message-in and ticket-created,
        // the ticket's for the others). Reading every message of a long thread for each new one
        // made an import with rules quadratic.
        case .rule:
            if onPostgreSQL { return ("EXISTS (SELECT 1 FROM \(Self.ruleMessages) WHERE (\(sql)))", args) }
            return ("EXISTS (SELECT 1 FROM temp.rule_fts r JOIN message m ON m.id = r.rowid WHERE (\(sql)))", args)
        }
    }

    /// A condition on a ticket's linked orders (`shop_order o`), at the query's level.
    func onLinkedOrder(_ condition: (String, Arguments)) -> (String, Arguments) {
        let ticket = level == .messages ? "m.ticket_id" : "t.id"
        return (
            "EXISTS (SELECT 1 FROM ticket_order x JOIN shop_order o ON o.id = x.order_id WHERE x.ticket_id = \(ticket) AND x.hidden = 0 AND \(condition.0))",
            condition.1
        )
    }

    /// `order:`, `order-status:` and `shipment:` as conditions on `shop_order o` (DESIGN §15).
    func orderCondition(_ f: SearchQuery.FieldTerm) throws -> (String, Arguments) {
        let lower = f.value.lowercased()
        switch f.name {
        case "order":
            return (equalsIgnoringCase("o.number"), [ShopOrder.normalizedNumber(f.value)])
        case "order-status":
            switch lower {
            case "open": return ("o.is_open <> 0", [])
            case "cancelled", "canceled":
                return ("(o.cancelled_at IS NOT NULL OR o.financial_status = 'cancelled')", [])
            case "unfulfilled", "unshipped":
                return (
                    "(o.fulfillment_status IS NULL OR o.fulfillment_status = 'unfulfilled') AND o.fulfilled_at IS NULL AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = o.id)",
                    []
                )
            default: return ("(o.financial_status = ? OR o.fulfillment_status = ?)", [lower, lower])
            }
        default:
            let status = lower.replacingOccurrences(of: "-", with: "_")
            if status == "delivered" {
                return (
                    "EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = o.id AND (s.delivered_at IS NOT NULL OR s.status = 'delivered'))",
                    []
                )
            }
            if status == "in_transit" {
                return (
                    "EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = o.id AND s.delivered_at IS NULL AND (s.status IS NULL OR s.status = 'in_transit'))",
                    []
                )
            }
            return (
                "EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = o.id AND (s.status = ? OR s.tracking_number = ?))",
                [status, f.value]
            )
        }
    }

    func field(_ f: SearchQuery.FieldTerm) throws -> (String, Arguments) {
        let value = f.value
        let lower = value.lowercased()
        switch f.name {
        case "status":
            let statuses = lower.split(separator: ",").map(String.init)
            for s in statuses where TicketStatus(rawValue: s) == nil {
                throw bad(
                    f, "no such status (use one of: \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return ("t.status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))", statuses)
        case "priority":
            let known = ["low", "normal", "high", "urgent"]
            guard known.contains(lower) else {
                throw bad(f, "no such priority (use one of: \(known.joined(separator: ", ")))")
            }
            return ("t.priority = ?", [lower])
        case "queue":
            let column = level == .messages ? "m.queue_id" : "t.queue_id"
            return ("\(column) = (SELECT id FROM queue WHERE \(equalsIgnoringCase("name")))", [value])
        case "assignee":
            if lower == "none" { return ("t.id IS NOT NULL AND t.assignee IS NULL", []) }
            if lower == "me" {
                guard !me.isEmpty else {
                    throw bad(f, "who \"me\" is is not known (set [agent] in config.toml or pass --agent NAME)")
                }
                if onPostgreSQL {
                    return ("lower(t.assignee) IN (\(me.map { _ in "lower(?)" }.joined(separator: ", ")))", me)
                }
                return ("t.assignee IN (\(me.map { _ in "?" }.joined(separator: ", ")) COLLATE NOCASE)", me)
            }
            return (like("t.assignee"), [Self.likeEscaped(value) + "%"])
        case "tag":
            return (
                "EXISTS (SELECT 1 FROM tag g WHERE g.ticket_id = t.id AND \(equalsIgnoringCase("g.name")))", [value]
            )
        case "from":
            if value.contains("@") {
                let pattern = value.hasPrefix("@") ? "%" + Self.likeEscaped(lower) : Self.likeEscaped(lower)
                return onMessage(like("m.from_address"), [pattern])
            }
            let plain = "%" + Self.likeEscaped(SearchFold.plain(value)) + "%"
            return onMessage("(\(like("m.from_address")) OR \(like("inbox_plain(m.from_name)")))", [plain, plain])
        case "to":
            let pattern =
                value.hasPrefix("@")
                ? "%" + Self.likeEscaped(lower)
                : value.contains("@") ? Self.likeEscaped(lower) : "%" + Self.likeEscaped(lower) + "%"
            if onPostgreSQL {
                return onMessage(
                    "EXISTS (SELECT 1 FROM \(postgresAddresses("m.to_json")) WHERE \(like("j.address")) "
                        + "UNION ALL SELECT 1 FROM \(postgresAddresses("m.cc_json")) WHERE \(like("j.address")))",
                    [pattern, pattern])
            }
            return onMessage(
                "EXISTS (SELECT 1 FROM json_each(m.to_json) j WHERE json_extract(j.value, '$.address') LIKE ? ESCAPE '\\' "
                    + "UNION ALL SELECT 1 FROM json_each(m.cc_json) j WHERE json_extract(j.value, '$.address') LIKE ? ESCAPE '\\')",
                [pattern, pattern])
        case "customer":
            let plain = "%" + Self.likeEscaped(SearchFold.plain(value)) + "%"
            let matches = "(\(like("address")) OR \(like("inbox_plain(name)")))"
            if level == .rule {
                return ("EXISTS (SELECT 1 FROM customer WHERE id = t.customer_id AND \(matches))", [plain, plain])
            }
            return ("t.customer_id IN (SELECT id FROM customer WHERE \(matches))", [plain, plain])
        case "before", "after":
            let date = try self.date(f)
            let op = f.name == "before" ? "<" : ">="
            switch level {
            case .messages: return ("m.date \(op) ?", [date.timeIntervalSince1970])
            case .tickets, .rule: return ("t.updated_at \(op) ?", [date.timeIntervalSince1970])
            }
        case "order", "order-status", "shipment":
            return onLinkedOrder(try orderCondition(f))
        case "has":
            if lower == "order" || lower == "orders" { return onLinkedOrder(("TRUE", [])) }
            guard lower == "attachment" || lower == "attachments" else {
                throw bad(f, "use has:attachment or has:order")
            }
            return onMessage("EXISTS (SELECT 1 FROM attachment a WHERE a.message_id = m.id AND a.inline = 0)", [])
        case "is":
            switch lower {
            case "breaching":
                // The store's one definition (docs/workflow.md), on both engines (`inbox_thanks_only`
                // is a Swift function on SQLite, PL/pgSQL on PostgreSQL).
                return (AppDatabase.breachingSQL, AppDatabase.breachingArguments(at: now))
            case "unassigned": return ("t.assignee IS NULL AND t.status IN ('new', 'open')", [])
            case "automatic": return onMessage("m.automatic = 1", [])
            case "bounce": return onMessage("m.bounce = 1", [])
            case "quarantined":
                guard level == .messages else {
                    throw bad(f, "tickets are never quarantined; search messages with `inbox search`")
                }
                return ("m.ticket_id IS NULL", [])
            case "inbound", "outbound", "note": return onMessage("m.direction = ?", [lower])
            case "snoozed": return ("t.snoozed_until IS NOT NULL", [])
            case "business-hours", "businesshours":
                return (calendar.isOpen(at: now) ? "TRUE" : "FALSE", [])
            case "outreach": return onLinkedOrder(("x.reason = 'late order outreach'", []))
            default:
                // `is:open` reads naturally but status is its own field: say which one.
                if let status = TicketStatus(rawValue: lower) {
                    throw bad(f, "did you mean status:\(status.rawValue)? (the status is a field of its own)")
                }
                throw bad(
                    f,
                    "use is:breaching, is:unassigned, is:automatic, is:bounce, is:quarantined, is:inbound, is:outbound, is:note, is:snoozed, is:business-hours or is:outreach"
                )
            }
        case "lang":
            guard LanguageGuess.supported.contains(lower) else {
                throw bad(f, "no such language (use one of: \(LanguageGuess.supported.joined(separator: ", ")))")
            }
            // The customer's set language, else the guess from the ticket's last inbound messages:
            // `inbox_guess_language` is a Swift function on SQLite, PL/pgSQL on PostgreSQL
            // (migration "v14-commands", ``PostgresLanguageGuess``). Joining the texts is the one
            // spelling that differs (`group_concat`, `string_agg`; `char`, `chr`).
            let joined = onPostgreSQL ? "string_agg(x, chr(10))" : "group_concat(x, char(10))"
            let newline = onPostgreSQL ? "chr(10)" : "char(10)"
            return (
                """
                COALESCE((SELECT c.language FROM customer c WHERE c.id = t.customer_id),
                    inbox_guess_language((SELECT \(joined) FROM (SELECT lm.subject || \(newline) || substr(lm.text, 1, 2000) AS x
                        FROM message lm WHERE lm.ticket_id = t.id AND lm.direction = 'inbound' AND lm.automatic = 0
                        ORDER BY lm.id DESC LIMIT 3) last_inbound))) = ?
                """, [lower]
            )
        case "channel":
            // email (mail), or a [[channel]] name: chat, webform, allegro (docs/channels.md).
            var name = ChannelSettings.normalized(f.value)
            if name == "e-mail" || name == "mail" { name = "email" }
            guard !name.isEmpty else { throw bad(f, "name a channel (channel:email, channel:chat, …)") }
            return (level == .messages ? "m.channel = ?" : "t.channel = ?", [name])
        case "idle":
            // Quiet since the conversation's last word, the customer's or our reply: a ticket
            // answered and set pending today is not "5 business days without a reply" because
            // the customer wrote last month. Notes, forwards and automatic mail do not count.
            let cutoff = try idleCutoff(f)
            return (
                """
                COALESCE((SELECT MAX(COALESCE(im.date, im.received_at)) FROM message im
                    WHERE im.ticket_id = t.id AND ((im.direction = 'inbound' AND im.automatic = 0)
                        OR im.direction = 'outbound')), t.created_at) < ?
                """, [cutoff.timeIntervalSince1970]
            )
        default:
            throw bad(f, "unknown field")
        }
    }

    /// The instant `idle:` measures from: `now` minus a wall-clock age (`3d`, `12h`, `2w`) or
    /// minus business days of ``calendar`` (`5bd`: five working days of the SLA calendar).
    func idleCutoff(_ f: SearchQuery.FieldTerm) throws -> Date {
        let v = f.value.lowercased()
        if v.hasSuffix("bd"), let n = Double(v.dropLast(2)), n > 0 {
            let target = n * calendar.dayLength
            // businessSeconds(from: x, to: now) grows as x goes back: search for the latest x
            // that leaves `target` business seconds before now.
            var low = now.addingTimeInterval(-(n * 7 + 30) * 86400)
            var high = now
            for _ in 0..<60 {
                let mid = Date(timeIntervalSince1970: (low.timeIntervalSince1970 + high.timeIntervalSince1970) / 2)
                if calendar.businessSeconds(from: mid, to: now) >= target { low = mid } else { high = mid }
            }
            return low
        }
        if let unit = v.last, let n = Double(v.dropLast()), n > 0 {
            let seconds: Double? =
                switch unit {
                case "h": 3600
                case "d": 86400
                case "w": 7 * 86400
                default: nil
                }
            if let seconds { return now.addingTimeInterval(-n * seconds) }
        }
        throw bad(f, "not an age (use 5bd for business days of the SLA calendar, or 3d, 12h, 2w)")
    }

    /// `2026-11-01`, `2026-11-01T14:00`, or an age: `7d`, `2w`, `3m`, `1y`, `12h`.
    func date(_ f: SearchQuery.FieldTerm) throws -> Date {
        let v = f.value.lowercased()
        if let unit = v.last, let n = Int(v.dropLast()), n >= 0 {
            let seconds: Double? =
                switch unit {
                case "h": 3600
                case "d": 86400
                case "w": 7 * 86400
                case "m": 30 * 86400
                case "y": 365 * 86400
                default: nil
                }
            if let seconds { return now.addingTimeInterval(-Double(n) * seconds) }
        }
        for format in ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = .current
            formatter.dateFormat = format
            if let d = formatter.date(from: f.value) { return d }
        }
        throw bad(f, "not a date (use 2026-11-01, or an age such as 7d, 2w, 3m, 1y)")
    }
}
