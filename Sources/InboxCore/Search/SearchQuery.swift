import Foundation

/// A parsed search query (DESIGN §8): free words, `"phrases"`, prefixes `refu*`, `field:value`
/// terms, `-` for negation, `OR` (binds looser than the implicit AND) and parentheses.
///
/// Parsing never touches the database; ``SearchCompiler`` turns the tree into SQL with bound
/// parameters. Positions in errors are 1-based character columns of the query.
public indirect enum SearchQuery: Sendable, Equatable {
    case text(TextTerm)
    case field(FieldTerm)
    case not(SearchQuery)
    case and([SearchQuery])
    case or([SearchQuery])

    /// A word, a prefix or a phrase, optionally limited to one indexed column.
    public struct TextTerm: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// One word, matched whole; an order number such as `PL-7781` is a phrase of its parts.
            case word
            /// `refu*`
            case prefix
            /// `"late parcel"`
            case phrase
        }
        public var kind: Kind
        public var value: String
        /// `subject` for `subject:…`; nil searches subject, sender and text.
        public var column: String?
    }

    /// A `name:value` term on a message or ticket field.
    public struct FieldTerm: Sendable, Equatable {
        public var name: String
        public var value: String
        /// Where the value starts in the query (for errors found later, e.g. a bad date).
        public var position: Int
    }

    /// The fields the language knows, with a one-line help each (for errors and `--help`).
    public static let fields: [(name: String, help: String)] = [
        ("status", "new, open, pending, on_hold, solved, closed, spam, merged"),
        ("queue", "a queue name"),
        ("assignee", "me, none, or an agent's name or address"),
        ("tag", "a tag"),
        ("from", "an address or @domain"),
        ("to", "an address or @domain (To and Cc)"),
        ("customer", "part of the customer's name or address (diacritics ignored)"),
        ("priority", "low, normal, high, urgent"),
        ("subject", "a word, prefix* or \"phrase\" in the subject"),
        ("before", "a date (2026-11-01) or an age (7d, 2w, 3m, 1y): older than that"),
        ("after", "a date or an age: newer than that"),
        ("has", "attachment, order"),
        ("order", "an order number linked to the ticket (1042, TR-40218)"),
        ("order-status", "a linked order's status: paid, pending, refunded, unfulfilled, fulfilled, cancelled, open"),
        (
            "shipment",
            "a linked order's shipment: in_transit, delivered, out_for_delivery, exception, or a tracking number"
        ),
        (
            "is",
            "breaching, unassigned, automatic, bounce, quarantined, inbound, outbound, note, snoozed, business-hours, outreach (late-order tickets)"
        ),
        ("lang", "the customer's language: en, tr, pl, no, de, es, fr (set, else guessed from their mail)"),
        ("channel", "email, or a channel of `inbox import jsonl`: chat, webform, allegro, …"),
        ("idle", "no customer message for that long: 5bd (business days), 3d, 12h"),
    ]

    /// Parses `text`. An empty query is `.and([])`, which matches everything.
    /// - Throws: ``SearchQueryError`` naming the position and what to write instead.
    public static func parse(_ text: String) throws -> SearchQuery {
        var parser = SearchQueryParser(text)
        return try parser.parseQuery()
    }
}

/// A query that cannot be parsed: `position` is the 1-based column of the problem.
public struct SearchQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var position: Int
    public var message: String
    public var query: String

    /// The query, a caret under the position, and the message.
    public var description: String {
        "Cannot read the search at column \(position): \(message)\n  \(query)\n  \(String(repeating: " ", count: max(0, position - 1)))^"
    }
}

/// Recursive descent over characters, tracking positions.
struct SearchQueryParser {
    let chars: [Character]
    let source: String
    var i = 0

    init(_ text: String) {
        source = text
        chars = Array(text)
    }

    func fail(_ at: Int, _ message: String) -> SearchQueryError {
        SearchQueryError(position: at + 1, message: message, query: source)
    }

    mutating func skipSpace() {
        while i < chars.count, chars[i].isWhitespace { i += 1 }
    }

    mutating func parseQuery() throws -> SearchQuery {
        let q = try parseOr()
        skipSpace()
        if i < chars.count {
            // Only a stray ")" can stop the top level early.
            throw fail(i, "this \")\" closes no \"(\" (remove it, or add a \"(\" before)")
        }
        return q
    }

    mutating func parseOr() throws -> SearchQuery {
        var items = [try parseAnd()]
        while true {
            skipSpace()
            guard atKeyword("OR") else { break }
            let at = i
            i += 2
            skipSpace()
            if i >= chars.count || chars[i] == ")" {
                throw fail(at, "OR needs a term after it (e.g. refund OR return)")
            }
            items.append(try parseAnd())
        }
        return items.count == 1 ? items[0] : .or(items)
    }

    /// True when the next word is `keyword` standing alone (followed by space, `(`, `"` or end).
    func atKeyword(_ keyword: String) -> Bool {
        let k = Array(keyword)
        guard i + k.count <= chars.count, Array(chars[i..<(i + k.count)]) == k else { return false }
        return i + k.count == chars.count || chars[i + k.count].isWhitespace
    }

    mutating func parseAnd() throws -> SearchQuery {
        var items: [SearchQuery] = []
        while true {
            skipSpace()
            if i >= chars.count || chars[i] == ")" || atKeyword("OR") { break }
            items.append(try parseUnary())
        }
        if items.isEmpty {
            if i < chars.count && chars[i] == ")" && i > 0 && chars[i - 1] == "(" {
                throw fail(i - 1, "empty parentheses (put terms inside, e.g. (refund OR return))")
            }
            if atKeyword("OR") { throw fail(i, "OR needs a term before it (e.g. refund OR return)") }
        }
        return items.count == 1 ? items[0] : .and(items)
    }

    mutating func parseUnary() throws -> SearchQuery {
        if chars[i] == "-" {
            let at = i
            i += 1
            if i >= chars.count || chars[i].isWhitespace || chars[i] == ")" {
                throw fail(at, "\"-\" must stand right before the term it excludes (e.g. -refund)")
            }
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws -> SearchQuery {
        let start = i
        if chars[i] == "(" {
            i += 1
            let inner = try parseOr()
            skipSpace()
            guard i < chars.count, chars[i] == ")" else {
                throw fail(start, "this \"(\" is never closed (add a \")\")")
            }
            i += 1
            if case .and(let items) = inner, items.isEmpty {
                throw fail(start, "empty parentheses (put terms inside, e.g. (refund OR return))")
            }
            return inner
        }
        if chars[i] == "\"" {
            return .text(.init(kind: .phrase, value: try quoted(), column: nil))
        }
        // A bare word, possibly `name:value`.
        var word = ""
        while i < chars.count, !chars[i].isWhitespace, chars[i] != "(", chars[i] != ")", chars[i] != "\"" {
            if chars[i] == ":" && !word.isEmpty
                && (word.allSatisfy({ $0.isLetter }) || SearchQuery.fields.contains { $0.name == word.lowercased() })
            {
                break
            }
            word.append(chars[i])
            i += 1
        }
        if i < chars.count, chars[i] == ":" {
            return try fieldTerm(name: word.lowercased(), nameStart: start)
        }
        return try textTerm(word, at: start, column: nil)
    }

    /// Reads a `"…"` at `i`; `""` inside is not special (use the words without quotes).
    mutating func quoted() throws -> String {
        let start = i
        i += 1
        var value = ""
        while i < chars.count, chars[i] != "\"" {
            value.append(chars[i])
            i += 1
        }
        guard i < chars.count else { throw fail(start, "this quote is never closed (add a closing \")") }
        i += 1
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail(start, "empty quotes (write the phrase between them)")
        }
        return value
    }

    func textTerm(_ word: String, at: Int, column: String?) throws -> SearchQuery {
        // The caret goes under the misplaced "*", not the start of its word.
        let star = at + (Array(word).firstIndex(of: "*") ?? 0)
        if word.hasSuffix("*") {
            let stem = String(word.dropLast())
            if stem.isEmpty || stem.contains("*") {
                throw fail(star, "\"*\" ends a prefix of at least one letter (e.g. refu*)")
            }
            return .text(.init(kind: .prefix, value: stem, column: column))
        }
        if word.contains("*") {
            throw fail(star, "\"*\" may only end a word (e.g. refu*)")
        }
        return .text(.init(kind: .word, value: word, column: column))
    }

    mutating func fieldTerm(name: String, nameStart: Int) throws -> SearchQuery {
        guard SearchQuery.fields.contains(where: { $0.name == name }) else {
            let known = SearchQuery.fields.map { $0.name + ":" }.joined(separator: " ")
            throw fail(nameStart, "unknown field \"\(name):\" (fields: \(known); put a word with a colon in quotes)")
        }
        i += 1  // the colon
        let valueStart = i
        if i >= chars.count || chars[i].isWhitespace || chars[i] == ")" {
            throw fail(nameStart, "\"\(name):\" needs a value (\(SearchQuery.fields.first { $0.name == name }!.help))")
        }
        if chars[i] == "\"" {
            let value = try quoted()
            if name == "subject" { return .text(.init(kind: .phrase, value: value, column: "subject")) }
            return .field(.init(name: name, value: value, position: valueStart + 1))
        }
        var value = ""
        while i < chars.count, !chars[i].isWhitespace, chars[i] != "(", chars[i] != ")", chars[i] != "\"" {
            value.append(chars[i])
            i += 1
        }
        if name == "subject" { return try textTerm(value, at: valueStart, column: "subject") }
        return .field(.init(name: name, value: value, position: valueStart + 1))
    }
}
