import Foundation

/// The front-matter block of a Markdown file (templates, knowledge-base articles): `---`,
/// `key: value` lines (lists as `[a, b]` or `- item` lines; a block key such as a template's
/// `actions:` holds indented `key: value` lines), `---`, then the body.
///
/// Problems that leave the file usable (unknown keys, stray lines) are collected in
/// ``problems`` with their line numbers; ``parse(_:path:noun:example:knownKeys:keyHint:blocks:)``
/// throws only when the block is missing or unterminated. Pure and thread-safe.
struct FrontMatter {
    enum Value {
        case string(String)
        case list([String])
        var string: String? {
            if case .string(let s) = self { return s }
            return nil
        }
        var list: [String] {
            switch self {
            case .string(let s): return s.isEmpty ? [] : [s]
            case .list(let l): return l
            }
        }
    }

    /// The top-level keys (lower-cased).
    var fields: [String: Value] = [:]
    /// The indented keys under each block key (lower-cased).
    var blocks: [String: [String: Value]] = [:]
    /// Sentences naming the line of each problem.
    var problems: [String] = []
    /// Everything after the closing `---`.
    var body = ""

    /// - Parameters:
    ///   - noun: how errors name the file when `path` is empty ("The template").
    ///   - example: the keys an error suggests adding ("name: …, language: …").
    ///   - keyHint: the words after "unknown key" ("use name, language, tags").
    ///   - blocks: block keys, each with its known indented keys and the hint for unknown ones.
    /// - Throws: ``InboxError`` `.badInput` when the front matter is missing or unterminated.
    static func parse(
        _ text: String, path: String, noun: String, example: String, knownKeys: Set<String>, keyHint: String,
        blocks blockKeys: [String: (known: Set<String>, hint: String)] = [:]
    ) throws -> FrontMatter {
        let where_ = path.isEmpty ? noun : path
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if lines.first.map({ $0.hasPrefix("\u{FEFF}") }) == true { lines[0].removeFirst() }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw InboxError(
                .badInput,
                "\(where_) does not start with a front-matter line \"---\" (add ---, \(example), --- above the text)")
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw InboxError(
                .badInput, "\(where_) has no closing \"---\" after its front matter (add one before the text)")
        }
        var out = FrontMatter()
        var currentList: (key: String, block: String?)?
        var block: String?
        for (offset, raw) in lines[1..<end].enumerated() {
            let lineNo = offset + 2
            if raw.trimmingCharacters(in: .whitespaces).isEmpty
                || raw.trimmingCharacters(in: .whitespaces).hasPrefix("#")
            {
                continue
            }
            let indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- ") || line == "-" {
                guard let list = currentList else {
                    out.problems.append("line \(lineNo): a list item \"\(line)\" outside a list")
                    continue
                }
                let item = unquote(String(line.dropFirst(1)).trimmingCharacters(in: .whitespaces))
                if let b = list.block {
                    out.blocks[b, default: [:]][list.key] = .list((out.blocks[b]?[list.key]?.list ?? []) + [item])
                } else {
                    out.fields[list.key] = .list((out.fields[list.key]?.list ?? []) + [item])
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                out.problems.append("line \(lineNo): \"\(line)\" is not \"key: value\"")
                continue
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !indented { block = nil }
            if indented, let b = block, let spec = blockKeys[b] {
                if !spec.known.contains(key) {
                    out.problems.append(
                        "line \(lineNo): unknown \(b.hasSuffix("s") ? String(b.dropLast()) : b) \"\(key)\" (\(spec.hint))"
                    )
                }
                out.blocks[b, default: [:]][key] = parseValue(value)
                currentList = value.isEmpty ? (key, b) : nil
                continue
            }
            if !knownKeys.contains(key) {
                out.problems.append("line \(lineNo): unknown key \"\(key)\" (\(keyHint))")
            }
            if blockKeys[key] != nil {
                block = key
                currentList = nil
                if !value.isEmpty {
                    out.problems.append("line \(lineNo): \(key) takes indented lines below it, not a value")
                }
                continue
            }
            out.fields[key] = parseValue(value)
            currentList = value.isEmpty ? (key, nil) : nil
        }
        out.body = lines[(end + 1)...].joined(separator: "\n")
        return out
    }

    static func parseValue(_ value: String) -> Value {
        if value.hasPrefix("[") && value.hasSuffix("]") {
            return .list(
                value.dropFirst().dropLast().split(separator: ",").map {
                    unquote($0.trimmingCharacters(in: .whitespaces))
                }
                .filter { !$0.isEmpty })
        }
        return .string(unquote(value))
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// The problem with a `language` value, or nil when it is a two-letter ISO 639-1 code.
    static func languageProblem(_ language: String) -> String? {
        if language.isEmpty { return "no language (add \"language: en\" or another ISO 639-1 code)" }
        if language.count != 2 || !language.allSatisfy({ $0.isASCII && $0.isLetter }) {
            return "language \"\(language)\" is not a two-letter ISO 639-1 code"
        }
        return nil
    }
}
