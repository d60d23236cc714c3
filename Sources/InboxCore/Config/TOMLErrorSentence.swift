import Foundation
import TOMLKit

/// Rewrites a TOML syntax error into a sentence that says what to write.
///
/// toml++'s messages describe the parser's state (`Error while parsing floating-point:
/// expected 'nan', saw 'no'` for `tls = none`); the person editing the file needs the line
/// and the fix (`write tls = "none"`). Messages not recognised keep the parser's words.
public enum TOMLErrorSentence {
    /// `file line N: what is wrong (what to write)`.
    public static func sentence(_ error: TOMLParseError, text: String, file: String) -> String {
        let number = error.source.begin.line
        let lines = text.components(separatedBy: "\n")
        let line = number >= 1 && number <= lines.count ? lines[number - 1] : ""
        return "\(file) line \(number): " + explain(error.description, line: line)
    }

    /// The explanation for the parser's `message` about the source line `line`.
    static func explain(_ message: String, line: String) -> String {
        let trimmed = stripComment(line).trimmingCharacters(in: .whitespaces)
        if let eq = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("[") {
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.isEmpty {
                return "\(key) has no value (write a value after =, e.g. \(key) = \"text\")"
            }
            if isBareWord(value) {
                let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"", with: "\\\"")
                return
                    "\(key) = \(value) is a bare word where a value is expected; text is quoted in TOML: write \(key) = \"\(escaped)\""
            }
            if let q = value.first, q == "\"" || q == "'", !value.dropFirst().contains(q) {
                return
                    "the text after \(key) = is not closed (end it with \(q) on the same line, or use \(String(repeating: q, count: 3)) for several lines)"
            }
            if value.hasPrefix("[") && !value.contains("]") {
                return "the list after \(key) = is not closed (end it with ], e.g. \(key) = [\"a\", \"b\"])"
            }
            if key.isEmpty {
                return "a line starts with = (write key = value)"
            }
        } else if !trimmed.isEmpty, !trimmed.hasPrefix("[") {
            return
                "\"\(trimmed)\" is neither key = value nor a [table] header (write key = \"value\", or remove the line)"
        } else if trimmed.hasPrefix("["), !trimmed.hasSuffix("]") {
            return "the table header \(trimmed) is not closed (write it as [name] or [[name]])"
        }
        let lower = message.lowercased()
        if lower.contains("redefinition") || lower.contains("redefine") || lower.contains("already") {
            return
                "\(message) (each key may be set once per table, and each [table] written once: remove or merge the repeat)"
        }
        return "\(message) (fix the TOML syntax there; see docs/config.md)"
    }

    /// A value a person meant as text but did not quote: `none`, `Europe/Oslo`, `smtp.example.com`.
    static func isBareWord(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        if ["true", "false", "inf", "nan"].contains(value) { return false }
        return value.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_./:@+ ".unicodeScalars.contains($0)
        }
    }

    private static func stripComment(_ line: String) -> String {
        var inQuote: Character?
        for (i, ch) in zip(line.indices, line) {
            if let q = inQuote {
                if ch == q { inQuote = nil }
            } else if ch == "\"" || ch == "'" {
                inQuote = ch
            } else if ch == "#" {
                return String(line[..<i])
            }
        }
        return line
    }
}
