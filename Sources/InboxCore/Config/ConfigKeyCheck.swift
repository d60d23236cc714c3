import Foundation
import TOMLKit

/// Finds keys in a TOML file that its `Decodable` type never reads (a misspelt
/// `first_respons = "4h"` would otherwise be ignored without a word).
///
/// The known keys come from the type itself (see ``ConfigKeyRecorder``), so new optional
/// properties and tables are known as soon as they exist. Tables the type reads as a
/// dictionary accept any key.
public enum ConfigKeyCheck {
    /// One key the type does not know.
    public struct Unknown: Sendable, Equatable, CustomStringConvertible {
        /// The table it sits in, as written in the file (`sla.policy`), or "" for the top level.
        public var table: String
        public var key: String
        /// 1-based line in the file, when it could be found.
        public var line: Int?
        /// The known key of that table nearest in spelling, if one is near.
        public var suggestion: String?
        public var file: String

        public var description: String {
            let place = line.map { "\(file) line \($0)" } ?? file
            let within = table.isEmpty ? "at the top level" : "in [\(table)]"
            let hint =
                suggestion.map { "did you mean \($0)?" } ?? "remove it or check the spelling against docs/config.md"
            return "\(place): unknown key \(key) \(within) (\(hint))"
        }
    }

    /// The keys of `table` (the text `text` of file `file`) that `type` does not read.
    /// Returns nothing when the recording decode itself fails (the real decoder reports that).
    public static func unknownKeys<T: Decodable>(_ type: T.Type, table: TOMLTable, text: String, file: String)
        -> [Unknown]
    {
        let root = TOMLNode(table)
        let log = ConfigKeyLog()
        guard (try? T(from: ConfigKeyRecorder(node: root, path: [], log: log))) != nil else { return [] }
        var found: [Unknown] = []
        func walk(_ node: TOMLNode, _ path: [TOMLPathStep]) {
            switch node {
            case .table(let dict):
                guard let asked = log.asked[path] else { return }  // reported by its parent
                let open = log.open.contains(path)
                for key in dict.keys.sorted() {
                    if !open && !asked.contains(key) {
                        found.append(
                            Unknown(
                                table: tableName(path), key: key, line: line(of: key, in: path, text: text),
                                suggestion: nearest(key, in: asked), file: file))
                    } else if let child = dict[key] {
                        walk(child, path + [.key(key)])
                    }
                }
            case .array(let items):
                for (i, item) in items.enumerated() { walk(item, path + [.index(i)]) }
            default: break
            }
        }
        walk(root, [])
        return found
    }

    /// Throws an ``InboxError`` `.config` listing every unknown key, one per line.
    public static func rejectUnknownKeys<T: Decodable>(_ type: T.Type, table: TOMLTable, text: String, file: String)
        throws
    {
        let unknown = unknownKeys(type, table: table, text: text, file: file)
        guard !unknown.isEmpty else { return }
        throw InboxError(.config, unknown.map(\.description).joined(separator: "\n"))
    }

    static func tableName(_ path: [TOMLPathStep]) -> String {
        path.compactMap { if case .key(let k) = $0 { return k } else { return nil } }.joined(separator: ".")
    }

    /// The known key nearest to `key` (edit distance at most a third of its length, at least 2).
    static func nearest(_ key: String, in known: Set<String>) -> String? {
        let limit = max(2, key.count / 3)
        let scored = known.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }.filter { $0.1 <= limit }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The line where `key` is set inside the table at `path`: the file is scanned for the
    /// table's header (`[sla]`, the n-th `[[queue]]`), then for `key =` under it. TOMLKit
    /// does not keep the positions of keys.
    static func line(of key: String, in path: [TOMLPathStep], text: String) -> Int? {
        let header = tableName(path)
        var wantedOccurrence = 0
        if let last = path.last, case .index(let i) = last { wantedOccurrence = i }
        var current = ""
        var occurrences: [String: Int] = [:]
        var currentOccurrence = 0
        var fallback: Int?
        for (number, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                current = inner.split(separator: ".").map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                }
                .joined(separator: ".")
                // An unknown table: its header is where it is set.
                if current == (header.isEmpty ? key : header + "." + key) { return number + 1 }
                if isArray {
                    currentOccurrence = occurrences[current, default: -1] + 1
                    occurrences[current] = currentOccurrence
                } else {
                    currentOccurrence = 0
                }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let lhs = line[..<eq].trimmingCharacters(in: .whitespaces)
            let names = lhs.split(separator: ".").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) }
            let full = ([current].filter { !$0.isEmpty } + names.dropLast()).joined(separator: ".")
            if names.last == key && full == header && currentOccurrence == wantedOccurrence { return number + 1 }
            // An inline table (`agent = { nam = "Ada" }`): the first line naming the key.
            if fallback == nil,
                line.range(
                    of: #"[{,]\s*"?\#(NSRegularExpression.escapedPattern(for: key))"?\s*="#, options: .regularExpression
                ) != nil
            {
                fallback = number + 1
            }
        }
        return fallback
    }
}
