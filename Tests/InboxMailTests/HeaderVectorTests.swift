import Foundation
import InboxCore
import Testing
@testable import InboxMail

/// Header values of the shared vectors file decoded by us and by CPython (`py_default`: the
/// `email.policy.default` header registry; `py_legacy`: `compat32` with
/// `make_header(decode_header())`).
///
/// Our value is what ``MessageParser/headers(_:)`` gives (unfolded, RFC 2047 decoded); for the
/// RFC 2231 vectors it is the media type followed by our decoded parameters, each quoted, the
/// way CPython writes them. Both sides are compared with whitespace runs collapsed.
@Suite struct HeaderVectorTests {
    struct Vector {
        var file: String
        var kind: String
        var header: String
        var raw: String
        var pyDefault: String
        var pyLegacy: String
        var params: [String: String]?
    }

    static func load() -> [Vector]? {
        guard let vectors = try? CorpusLocation.headerVectors() else { return nil }
        var out: [Vector] = []
        for obj in vectors {
            out.append(
                Vector(
                    file: obj["file"] as? String ?? "", kind: obj["kind"] as? String ?? "",
                    header: obj["header"] as? String ?? "", raw: obj["raw"] as? String ?? "",
                    pyDefault: obj["py_default"] as? String ?? "", pyLegacy: obj["py_legacy"] as? String ?? "",
                    params: obj["params"] as? [String: String]))
        }
        return out
    }

    /// Whitespace runs (space, tab, CR, LF) as one space, trimmed.
    static func normalize(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    static let addressHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "sender", "mail-followup-to", "mail-reply-to", "resent-from",
        "resent-to", "resent-cc", "resent-sender", "disposition-notification-to", "return-receipt-to",
    ]

    /// Our decodings of one vector: the unfolded, RFC 2047-decoded value (what
    /// ``MessageParser/headers(_:)`` shows), plus for parameter headers our parsed parameters and
    /// for address headers our parsed mailboxes, written the way CPython's default policy writes them.
    static func decode(_ v: Vector) -> [String] {
        let bytes = Array(("X: " + v.raw).utf8)
        let value = bytes.withUnsafeBufferPointer { buf -> [UInt8] in
            let block = HeaderBlock.parse(buf, from: 0, to: buf.count)
            return block.fields.first.map { HeaderBlock.unfold(buf, $0) } ?? []
        }
        var out: [String] = []
        if v.kind != "rfc2231" { out.append(EncodedWords.decode(value)) }
        let name = v.header.lowercased()
        var unknown: String? = nil
        if name == "content-disposition" {
            let d = ContentDisposition.parse(value, unknownCharset: &unknown)
            let kind = String(decoding: value.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
                .trimmingCharacters(in: .whitespaces).lowercased()
            out.append(([kind] + d.parameters.entries.map { "\($0.name)=\"\($0.value)\"" }).joined(separator: "; "))
        } else if name == "content-type" {
            let ct = ContentType.parse(value, fallback: .textPlain, unknownCharset: &unknown)
            out.append(
                ([ct.mimeType] + ct.parameters.entries.map { "\($0.name)=\"\($0.value)\"" }).joined(separator: "; "))
        } else if addressHeaders.contains(name) {
            out.append(AddressParser.parse(value).addresses.map(pythonStyle).joined(separator: ", "))
        }
        return out
    }

    /// A mailbox as `email.headerregistry.Address.__str__` writes it: the name quoted only when
    /// it holds one of `()<>@,:;."[]`.
    static func pythonStyle(_ a: MailAddress) -> String {
        guard let name = a.name, !name.isEmpty else { return a.address }
        let specials = Set("()<>@,:;.\"[]")
        var shown = name
        if name.contains(where: { specials.contains($0) }) {
            shown =
                "\""
                + name.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "\(shown) <\(a.address)>"
    }

    @Test func vectorsMatchCPython() throws {
        guard let vectors = Self.load() else {
            print("Header vectors not found; skipped.")
            return
        }
        var matching = 0
        var mismatches: [String] = []
        for v in vectors {
            let ours = Self.decode(v).map(Self.normalize)
            let theirs = [Self.normalize(v.pyDefault), Self.normalize(v.pyLegacy)]
            if ours.contains(where: theirs.contains) {
                matching += 1
            } else {
                mismatches.append(
                    "\(v.file) \(v.header): raw \(v.raw.debugDescription)\n    ours    \(ours.map(\.debugDescription).joined(separator: " | "))\n    default \(Self.normalize(v.pyDefault).debugDescription)\n    legacy  \(Self.normalize(v.pyLegacy).debugDescription)"
                )
            }
        }
        let share = Double(matching) / Double(max(1, vectors.count))
        print(
            "Header vectors: \(matching)/\(vectors.count) match CPython (\(String(format: "%.2f", share * 100)) %)")
        for m in mismatches { print("  mismatch \(m)") }
        #expect(vectors.count > 1000)
        #expect(share >= 0.97)
    }

    /// The RFC 2231 vectors' parameters, compared one by one with CPython's `params`.
    @Test func rfc2231ParametersMatchCPython() {
        guard let vectors = Self.load() else { return }
        for v in vectors where v.kind == "rfc2231" {
            guard let expected = v.params else { continue }
            var unknown: String? = nil
            let value = Array(v.raw.utf8).filter { $0 != 10 && $0 != 13 }
            let params: MIMEParameters
            if v.header.lowercased() == "content-disposition" {
                params = ContentDisposition.parse(value, unknownCharset: &unknown).parameters
            } else {
                params = ContentType.parse(value, fallback: .textPlain, unknownCharset: &unknown).parameters
            }
            for (name, want) in expected {
                #expect(params[name] == want, "\(v.file): \(name)")
            }
        }
    }
}
