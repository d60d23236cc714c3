import Foundation
import TOMLKit

/// What `inbox rules lint` found: an error stops the rules from loading, a warning does not.
public struct RuleFinding: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Level: String, Sendable, Codable { case error, warning }
    public var level: Level
    /// The file and the line of the rule's `[[rule]]` header (0 when not known).
    public var file: String
    public var line: Int
    /// The rule's name, when it has one.
    public var rule: String?
    public var message: String

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        let who = rule.map { " rule \"\($0)\"" } ?? ""
        return "\(place):\(who) \(level.rawValue): \(message)"
    }
}

/// The rules of `rules.toml` (DESIGN §16), in file order. Empty when the file does not exist.
public struct RuleBook: Sendable {
    public var path: String?
    public var rules: [Rule]

    public init(path: String? = nil, rules: [Rule] = []) {
        self.path = path
        self.rules = rules
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// The rules of one trigger, in file order.
    public func rules(for trigger: RuleTrigger) -> [Rule] { rules.filter { $0.trigger == trigger } }

    /// Where the rules file of a configuration is: `[rules] file` (relative to the config
    /// file's folder), else `rules.toml` beside the config file.
    public static func path(config: InboxConfig, configPath: String) -> String {
        let folder = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        guard let file = config.rules?.file, !file.isEmpty else {
            return folder.appendingPathComponent("rules.toml").path
        }
        let expanded = (file as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : folder.appendingPathComponent(expanded).path
    }

    /// Loads the rules at `path`; a missing file means no rules.
    /// - Throws: ``InboxError`` `.config` naming the file, the line and what to fix, for the
    ///   first error `inbox rules lint` would report.
    public static func load(path: String) throws -> RuleBook {
        guard FileManager.default.fileExists(atPath: path) else { return RuleBook(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InboxError(.config, "Cannot read \(path): permission denied (check the file's owner and mode)")
        }
        let (book, findings) = parse(String(decoding: data, as: UTF8.self), path: path)
        if let error = findings.first(where: { $0.level == .error }) {
            throw InboxError(.config, error.description + " (check all rules with `inbox rules lint`)")
        }
        return book
    }

    static let knownFields: Set<String> = ["name", "on", "if", "then", "stop", "every"]

    /// Reads rules text: the rules that are correct, and a finding per problem (syntax, unknown
    /// fields, bad queries with their column, bad actions, duplicate names). Checks that need
    /// the configuration or the templates are in ``RuleLinter``.
    public static func parse(_ text: String, path: String = "rules.toml") -> (RuleBook, [RuleFinding]) {
        var findings: [RuleFinding] = []
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return (
                RuleBook(path: path),
                [
                    RuleFinding(
                        level: .error, file: path, line: error.source.begin.line, rule: nil,
                        message: "\(error.description) (fix the TOML syntax there)")
                ]
            )
        } catch {
            return (
                RuleBook(path: path), [RuleFinding(level: .error, file: path, line: 0, rule: nil, message: "\(error)")]
            )
        }
        // TOMLKit keeps no positions: the n-th rule is the n-th `[[rule]]` header.
        let headerLines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
            i, line in
            line.trimmingCharacters(in: .whitespaces).hasPrefix("[[rule]]") ? i + 1 : nil
        }
        for key in table.keys where key != "rule" {
            findings.append(
                RuleFinding(
                    level: .error, file: path, line: 0, rule: nil,
                    message: "unknown table or key \"\(key)\" (a rules file holds only [[rule]] tables)"))
        }
        var rules: [Rule] = []
        var names = Set<String>()
        let array = table["rule"]?.array
        if table["rule"] != nil && array == nil {
            findings.append(
                RuleFinding(
                    level: .error, file: path, line: 0, rule: nil,
                    message: "\"rule\" must be written [[rule]] (an array of tables)"))
        }
        var items: [any TOMLValueConvertible] = []
        if let array { for item in array { items.append(item) } }
        for index in items.indices {
            let value = items[index]
            let line = index < headerLines.count ? headerLines[index] : 0
            func fail(_ rule: String?, _ message: String) {
                findings.append(RuleFinding(level: .error, file: path, line: line, rule: rule, message: message))
            }
            guard let t = value.table else {
                fail(nil, "a rule must be a table ([[rule]])")
                continue
            }
            let name = t["name"]?.string?.trimmingCharacters(in: .whitespaces)
            for key in t.keys where !knownFields.contains(key) {
                let hint =
                    key == "when" || key == "trigger"
                    ? " (did you mean on?)" : key == "do" || key == "actions" ? " (did you mean then?)" : ""
                fail(name, "unknown field \"\(key)\"\(hint) (fields: name, on, if, then, stop, every)")
            }
            guard let ruleName = name, !ruleName.isEmpty else {
                fail(nil, "the rule has no name (add name = \"…\")")
                continue
            }
            if !names.insert(ruleName.lowercased()).inserted {
                fail(ruleName, "a second rule has this name (names must be unique: events name the rule)")
            }
            guard let on = t["on"]?.string else {
                fail(ruleName, "the rule has no on (use message-in, ticket-created, status-changed or schedule)")
                continue
            }
            guard let trigger = RuleTrigger(rawValue: on.lowercased()) else {
                fail(
                    ruleName,
                    "on = \"\(on)\" is not an event (use message-in, ticket-created, status-changed or schedule)")
                continue
            }
            if t["if"] != nil && t["if"]?.string == nil { fail(ruleName, "if must be a string (a search query)") }
            let condition = t["if"]?.string ?? ""
            var actions: [RuleAction] = []
            var actionsOK = true
            if let list = t["then"]?.array {
                for item in list {
                    guard let s = item.string else {
                        fail(ruleName, "then must be a list of strings (e.g. then = [\"tag+=return\"])")
                        actionsOK = false
                        continue
                    }
                    do { actions.append(try RuleAction.parse(s)) } catch {
                        fail(ruleName, "\(error)")
                        actionsOK = false
                    }
                }
            } else if let one = t["then"]?.string {
                do { actions.append(try RuleAction.parse(one)) } catch {
                    fail(ruleName, "\(error)")
                    actionsOK = false
                }
            } else {
                fail(ruleName, "the rule has no then (a list of actions, e.g. then = [\"queue=Returns\"])")
                actionsOK = false
            }
            if actions.isEmpty && actionsOK {
                fail(ruleName, "then is empty (a rule needs at least one action)")
                actionsOK = false
            }
            var stop = false
            if let s = t["stop"] {
                if let b = s.bool { stop = b } else { fail(ruleName, "stop must be true or false") }
            }
            var every: TimeInterval?
            if let e = t["every"] {
                if let text = e.string, let seconds = try? SLADuration.parse(text) {
                    every = seconds
                } else {
                    fail(ruleName, "every must be a duration such as \"1h\" or \"15m\"")
                }
            }
            if trigger == .schedule && t["every"] == nil {
                fail(ruleName, "a schedule rule needs every (e.g. every = \"1h\")")
            }
            if trigger != .schedule && t["every"] != nil {
                fail(ruleName, "every applies only to on = \"schedule\" (remove it, or change on)")
            }
            let query: SearchQuery
            do {
                query = try SearchQuery.parse(condition)
            } catch let error as SearchQueryError {
                fail(
                    ruleName,
                    "if: column \(error.position): \(error.message)\n  \(condition)\n  \(String(repeating: " ", count: max(0, error.position - 1)))^"
                )
                continue
            } catch {
                fail(ruleName, "if: \(error)")
                continue
            }
            do {
                // Field values (statuses, dates, languages) are checked by compiling.
                _ = try SearchCompiler(level: .rule, now: Date(), me: []).compile(query)
            } catch {
                fail(ruleName, "if: \(error)")
                continue
            }
            guard actionsOK else { continue }
            if var rule = try? Rule(
                name: ruleName, trigger: trigger, condition: condition, actions: actions, stop: stop, every: every,
                line: line)
            {
                rule.query = query
                rules.append(rule)
            }
        }
        return (RuleBook(path: path, rules: rules), findings)
    }
}
