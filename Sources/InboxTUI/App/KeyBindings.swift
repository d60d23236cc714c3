import Foundation
import InboxCore
import TOMLKit

/// The keys file, `$XDG_CONFIG_HOME/inbox/keys.toml`: its `[keys]` table binds key names to
/// command names, over the default key map.
///
/// ```toml
/// [keys]
/// "ctrl-d" = "page-down"
/// x = "status"
/// s = "none"        # unbinds s
/// ```
///
/// A bad file never stops the TUI: ``load(path:over:)`` keeps the good bindings and returns a
/// sentence for the message line.
public enum KeyBindings {
    /// `$XDG_CONFIG_HOME/inbox/keys.toml` (`~/.config/inbox/keys.toml`).
    public static var defaultPath: String { InboxPaths.configDirectory + "/keys.toml" }

    /// The value that removes a key's binding.
    public static let unbound = "none"

    /// The key map with the file's bindings applied over `base`, and what went wrong, if
    /// anything (a missing file is not an error).
    public static func load(path: String = defaultPath, over base: KeyMap) -> (keyMap: KeyMap, error: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return (base, nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (base, "Cannot read \(path): permission denied (check its mode); using the default keys")
        }
        let (map, problems) = apply(String(decoding: data, as: UTF8.self), path: path, over: base)
        guard let first = problems.first else { return (map, nil) }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
        return (map, first + more)
    }

    /// Applies the text of a keys file over `base`; each problem is a sentence naming the file.
    public static func apply(_ text: String, path: String = "keys.toml", over base: KeyMap) -> (KeyMap, [String]) {
        let file = (path as NSString).lastPathComponent
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return (
                base,
                [
                    TOMLErrorSentence.sentence(error, text: text, file: file) + "; using the default keys"
                ]
            )
        } catch {
            return (base, ["\(file): \(error) (fix the TOML; using the default keys)"])
        }
        var problems: [String] = []
        for key in table.keys.sorted() where key != "keys" {
            problems.append("\(file): unknown table or key \"\(key)\" (bindings go under [keys])")
        }
        guard let keys = table["keys"] else { return (base, problems) }
        guard let entries = keys.table else {
            return (base, problems + ["\(file): keys must be a table ([keys] then lines like x = \"status\")"])
        }
        var map = base
        for name in entries.keys.sorted() {
            guard let key = key(named: name) else {
                problems.append(
                    "\(file): cannot read the key \"\(name)\" (use a character, space, enter, esc, tab, up, pgdn, ctrl-d, …)"
                )
                continue
            }
            guard let value = entries[name]?.string else {
                problems.append("\(file): the command for \"\(name)\" must be a string (e.g. \"page-down\")")
                continue
            }
            let commandName = value.trimmingCharacters(in: .whitespaces).lowercased()
            if commandName == unbound || commandName.isEmpty {
                map = map.unbinding(key)
                continue
            }
            guard let command = Command(rawValue: commandName) else {
                problems.append("\(file): \"\(name)\" = \"\(value)\" is not a command (the ? help lists the names)")
                continue
            }
            map.bind(key, to: command)
        }
        return (map, problems)
    }

    /// A key from its name in a keys file: one character (`x`, `J`, `?`), `space`, `enter`,
    /// `esc`, `tab`, `backspace`, arrows (`up`, `down`, `left`, `right`), `pgup`, `pgdn`,
    /// `home`, `end`, or `ctrl-` and a letter. Nil when unreadable.
    public static func key(named name: String) -> Key? {
        if name.count == 1, let ch = name.first, !ch.isWhitespace {
            if ch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return nil }
            return .char(ch)
        }
        let lower = name.lowercased()
        for prefix in ["alt-", "alt+", "m-", "meta-"] where lower.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.count == 1, let ch = rest.first, !ch.isWhitespace else { return nil }
            return .alt(ch)
        }
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            guard rest.count == 1, let ch = rest.first, ch.isASCII, ch.isLetter || ch == "@" else { return nil }
            return .ctrl(ch)
        }
        switch lower {
        case "space": return .char(" ")
        case "enter", "return": return .enter
        case "esc", "escape": return .escape
        case "tab": return .tab
        case "backspace": return .backspace
        case "delete", "del": return .delete
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "pgup", "pageup", "page-up": return .pageUp
        case "pgdn", "pagedown", "page-down": return .pageDown
        case "home": return .home
        case "end": return .end
        default: return nil
        }
    }
}

extension KeyMap {
    /// The same map without any binding of `key`.
    public func unbinding(_ key: Key) -> KeyMap {
        KeyMap(bindings.filter { $0.key != key }.map { ($0.key, $0.command) })
    }
}
