import Foundation

/// One line of text being typed, with a cursor: the one editor of every input line of the
/// TUI (the `:`, `/` and `\` lines, the prompts that open on them, the review note, the
/// template picker's filter, compose's file and address line).
///
/// Keys as in readline: Left/Right (`Ctrl-B`/`Ctrl-F`) move by a character, `Alt-B`/`Alt-F`
/// by a word, `Ctrl-A`/Home and `Ctrl-E`/End to the ends; Backspace (`Ctrl-H`) and Delete
/// (`Ctrl-D`) delete a character, `Ctrl-W` the word before the cursor, `Ctrl-U` everything
/// before it and `Ctrl-K` everything after it. The cursor counts characters (grapheme
/// clusters), and the screen column is measured by display width, so `ı`, `ż` and `東` move
/// and delete as one character each.
public struct LineEditor: Equatable, Sendable {
    /// The characters of the line.
    public private(set) var characters: [Character]
    /// Characters before the cursor (0 … count).
    public private(set) var cursor: Int

    /// A line holding `text`, the cursor at its end.
    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// A line holding `text`, the cursor after `cursor` characters.
    public init(_ text: String, cursor: Int) {
        characters = Array(text)
        self.cursor = max(0, min(cursor, characters.count))
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Replaces the line (a recalled or completed one), the cursor at its end.
    public mutating func set(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Applies an editing key; returns false for keys it does not edit with (Enter, Esc, Tab,
    /// Up, Down, …), which the owner of the line handles.
    @discardableResult
    public mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .alt("b"): cursor = wordStart(before: cursor)
        case .alt("f"): cursor = wordEnd(after: cursor)
        case .alt("d"):
            characters.removeSubrange(cursor..<wordEnd(after: cursor))
        case .ctrl("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            characters.removeSubrange(cursor...)
        case .ctrl("w"): rubout()
        default:
            return false
        }
        return true
    }

    /// Unix word rubout (`Ctrl-W`): the blanks before the cursor, then the non-blanks before
    /// them, stopping early after any of `stops` (`/` in a path: each press takes one component,
    /// with the `/` after it).
    public mutating func rubout(stoppingAt stops: Set<Character> = []) {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace || stops.contains(characters[start - 1]) { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace, !stops.contains(characters[start - 1]) { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Letters and digits make words for Alt-B/Alt-F (any script).
    private func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private func wordStart(before index: Int) -> Int {
        var i = index
        while i > 0, !isWord(characters[i - 1]) { i -= 1 }
        while i > 0, isWord(characters[i - 1]) { i -= 1 }
        return i
    }

    private func wordEnd(after index: Int) -> Int {
        var i = index
        while i < characters.count, !isWord(characters[i]) { i += 1 }
        while i < characters.count, isWord(characters[i]) { i += 1 }
        return i
    }

    /// The screen column of the cursor, counted from the start of the line.
    public var cursorColumn: Int { DisplayWidth.of(String(characters[..<cursor])) }

    /// What fits in `width` columns with the cursor on screen: the text from the first
    /// character shown, and the cursor's column in it. A long line scrolls left by whole
    /// characters (a wide one is never cut in half); one column stays free for the cursor at
    /// the end.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        var first = 0
        var column = cursorColumn
        while column > width - 1, first < cursor {
            column -= DisplayWidth.of(characters[first])
            first += 1
        }
        var shown = ""
        var used = 0
        for c in characters[first...] {
            let w = DisplayWidth.of(c)
            if used + w > width { break }
            shown.append(c)
            used += w
        }
        return (shown, column)
    }
}
