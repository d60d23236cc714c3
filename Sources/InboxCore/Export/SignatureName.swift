import Foundation

extension Redactor {
    /// The name a customer signs a message with, so redaction can mask it even when the
    /// headers carry another (or no) name: the first unquoted line after a closing
    /// ("Pozdrawiam,", "Med vennlig hilsen") or after `-- `, or the rest of a closing's own
    /// line ("Mvh Ola"), when it looks like a name — one to four capitalised words of letters.
    public static func signatureName(in text: String) -> String? {
        let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let sorted = closings.sorted { $0.count > $1.count }
        for (i, line) in lines.enumerated() where !line.hasPrefix(">") {
            // Quoted history (`From:`/`Od:` blocks, "… wrote:") holds the team's signatures.
            if isQuoteHeader(line) { return nil }
            let bare = line.trimmingCharacters(in: CharacterSet(charactersIn: ",.!")).lowercased()
            if closings.contains(bare) || line == "--" {
                if let next = lines[(i + 1)...].first(where: { !$0.isEmpty }), looksLikeName(next) { return next }
                continue
            }
            for closing in sorted where bare.hasPrefix(closing + ",") || bare.hasPrefix(closing + " ") {
                let rest = line.dropFirst(closing.count).trimmingCharacters(in: CharacterSet(charactersIn: ",.! "))
                if looksLikeName(rest) { return rest }
                break
            }
        }
        return nil
    }

    /// The first line of quoted history in the languages of the shops.
    static func isQuoteHeader(_ line: String) -> Bool {
        let lower = line.lowercased()
        if lower.hasPrefix("-----") || lower.hasPrefix("________") { return true }
        for field in ["from:", "od:", "von:", "fra:", "kimden:", "de:", "gönderen:"] where lower.hasPrefix(field) {
            return true
        }
        for ending in ["wrote:", "napisał:", "napisała:", "schrieb:", "skrev:", "yazdı:", "écrit :", "escribió:"]
        where lower.hasSuffix(ending) {
            return true
        }
        return false
    }

    static func looksLikeName(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard (1...4).contains(words.count), line.count <= 40 else { return false }
        return words.allSatisfy { w in
            guard let first = w.first, first.isLetter, first.isUppercase else { return false }
            return w.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" || $0 == "." }
        }
    }
}
