/// A value in a server response: the generic IMAP data model (RFC 3501 §4).
public enum IMAPValue: Sendable, Equatable {
    case atom(String)
    case number(UInt64)
    /// A quoted string or a literal, as bytes.
    case string([UInt8])
    case `nil`
    case list([IMAPValue])

    /// Text of an atom, number or string; nil for NIL and lists.
    public var text: String? {
        switch self {
        case .atom(let a): return a
        case .number(let n): return String(n)
        case .string(let b): return String(decoding: b, as: UTF8.self)
        case .nil, .list: return nil
        }
    }

    public var bytes: [UInt8]? {
        switch self {
        case .string(let b): return b
        case .atom(let a): return Array(a.utf8)
        case .number(let n): return Array(String(n).utf8)
        case .nil, .list: return nil
        }
    }

    public var number: UInt64? {
        switch self {
        case .number(let n): return n
        case .atom(let a): return UInt64(a)
        case .string(let b): return UInt64(String(decoding: b, as: UTF8.self))
        default: return nil
        }
    }

    public var list: [IMAPValue]? {
        if case .list(let l) = self { return l }
        return nil
    }
}

/// A status response's condition.
public enum IMAPStatus: String, Sendable, Equatable {
    case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
}

/// A response code in brackets: `[UIDVALIDITY 3857529045]`, `[ALERT]`, `[CAPABILITY IMAP4rev1 …]`.
public struct IMAPResponseCode: Sendable, Equatable {
    /// Upper-cased name.
    public var name: String
    public var values: [IMAPValue]

    public var number: UInt64? { values.first?.number }
}

/// One FETCH data item: upper-cased name (`UID`, `FLAGS`, `BODY[]`, `BODY[HEADER]<0>`) and value.
public struct IMAPFetchItem: Sendable, Equatable {
    public var name: String
    public var value: IMAPValue
}

/// The items of one `* n FETCH (…)` response.
public struct IMAPFetch: Sendable, Equatable {
    public var sequence: UInt32
    public var items: [IMAPFetchItem]

    public func value(_ name: String) -> IMAPValue? { items.first { $0.name == name }?.value }

    public var uid: UInt32? { value("UID")?.number.map { UInt32(truncatingIfNeeded: $0) } }
    public var flags: [String] { value("FLAGS")?.list?.compactMap(\.text) ?? [] }
    public var internalDate: String? { value("INTERNALDATE")?.text }
    public var size: UInt64? { value("RFC822.SIZE")?.number }
    public var modseq: UInt64? { value("MODSEQ")?.list?.first?.number }
    /// The whole message: `BODY[]`, `BINARY[]` or `RFC822`.
    public var body: [UInt8]? {
        for item in items where item.name == "BODY[]" || item.name == "RFC822" || item.name == "BINARY[]" {
            if let b = item.value.bytes { return b }
        }
        return nil
    }
}

/// A parsed server response.
public enum IMAPResponse: Sendable, Equatable {
    /// `+ text`: the server waits for the rest of a command (or an IDLE started).
    case continuation(String)
    /// `TAG OK|NO|BAD [code] text`: a command finished.
    case tagged(tag: String, status: IMAPStatus, code: IMAPResponseCode?, text: String)
    /// `* OK|NO|BAD|BYE|PREAUTH [code] text`.
    case status(IMAPStatus, code: IMAPResponseCode?, text: String)
    case capability([String])
    case exists(UInt32)
    case recent(UInt32)
    case expunge(UInt32)
    case fetch(IMAPFetch)
    case flags([String])
    /// `* SEARCH 1 2 3` (and ESEARCH's `ALL` set, expanded).
    case search([UInt32])
    case list(attributes: [String], delimiter: String?, name: [UInt8])
    case enabled([String])
    /// `* VANISHED [(EARLIER)] uid-set` (QRESYNC), as written.
    case vanished(earlier: Bool, set: String)
    /// Any other untagged response: its upper-cased keyword (or number + keyword) and values.
    case other(keyword: String, values: [IMAPValue])
}
