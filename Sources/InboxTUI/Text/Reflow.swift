import Foundation

/// Joins the hard-wrapped lines of plain-text paragraphs, so the pane wraps them once to its
/// own width instead of breaking each sender's line again into a ragged one.
///
/// A line continues on the next when both are prose and the sender's wrap width explains the
/// break: the next line's first word would not have fit on this one (the widest prose line of
/// the text is taken as that width). Kept as they are: blank lines, indented lines (code),
/// list items, table rows (a `|`, a tab or a run of spaces inside), header lines ("From: …"),
/// lines ending in ":" or ";" (a list or code follows), a sentence ending at the end of a line
/// with a new one starting on the next (one sentence a line is as common as a paragraph), and
/// anything under 40 columns wide (greetings, names, short lines the sender meant) or over 100
/// (not wrapped at all). format=flowed text is already unwrapped by the parser.
enum Reflow {
    /// The narrowest sender wrap width that counts as hard-wrapping.
    static let minimumWrapWidth = 40
    /// The widest sender wrap width believed.
    static let maximumWrapWidth = 100

    static func paragraphs(_ lines: [String]) -> [String] {
        guard lines.count > 1 else { return lines }
        let prose = lines.map(isProse)
        // Lines wider than any mail client wraps at (a URL, an unwrapped paragraph) say nothing
        // about the wrap width, and are never joined to the next.
        let wrapWidth =
            zip(lines, prose).filter { $0.1 }.map { DisplayWidth.of($0.0) }.filter { $0 <= maximumWrapWidth }.max() ?? 0
        guard wrapWidth >= minimumWrapWidth else { return lines }
        var out: [String] = []
        var current: String?
        var currentWidth = 0
        for (i, line) in lines.enumerated() {
            if let c = current, prose[i], continues(c, width: currentWidth, next: line, wrapWidth: wrapWidth) {
                let joined = joinsWithoutSpace(c, line) ? c + line : c + " " + line
                current = joined
                currentWidth = DisplayWidth.of(line)
                continue
            }
            if let c = current { out.append(c) }
            current = line
            currentWidth = prose[i] ? DisplayWidth.of(line) : 0
        }
        if let c = current { out.append(c) }
        return out
    }

    /// Whether `line` (the last physical line of a paragraph, `width` columns) was broken only
    /// because the sender's wrap width ran out before `next`.
    static func continues(_ paragraph: String, width: Int, next: String, wrapWidth: Int) -> Bool {
        guard width >= minimumWrapWidth - 10, width <= wrapWidth, let last = paragraph.last, !":;".contains(last) else {
            return false
        }
        // A sentence that ends at the end of a line and a new one below: lines of their own
        // as often as a paragraph (one sentence a line), so they are left alone.
        if ".!?。！？".contains(last), let first = next.first, !first.isLowercase { return false }
        let firstWord = next.split(separator: " ", maxSplits: 1).first.map(String.init) ?? next
        // CJK text has no spaces: its first character stands for the word.
        let wordWidth = firstWord.unicodeScalars.first.map(isWide) == true ? 2 : DisplayWidth.of(firstWord)
        return width + 1 + wordWidth > wrapWidth
    }

    /// A line of running text: not blank, not indented, not a list item, quote or table row.
    static func isProse(_ line: String) -> Bool {
        guard let first = line.first, !first.isWhitespace else { return false }
        if line.hasPrefix(">") || line.contains("|") || line.contains("\t") || line.contains("   ") { return false }
        if line == "--" || line == "-- " { return false }
        // A header line ("From: …", "Od: …", "Subject: …") of a forwarded or pasted message.
        if let colon = line.firstIndex(of: ":"), colon > line.startIndex,
            line.distance(from: line.startIndex, to: colon) <= 20,
            line[..<colon].allSatisfy({ $0.isLetter || $0 == "-" }), line[line.index(after: colon)...].hasPrefix(" ")
        {
            return false
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        for bullet in ["- ", "* ", "• ", "+ ", "· ", "– "] where trimmed.hasPrefix(bullet) { return false }
        // "1. ", "2) ", "a) "
        let head = trimmed.prefix(4)
        if let close = head.firstIndex(where: { $0 == "." || $0 == ")" }), close > head.startIndex {
            let marker = head[head.startIndex..<close]
            let after = head.index(after: close)
            if marker.allSatisfy({ $0.isNumber }) || (marker.count == 1 && marker.first!.isLetter),
                after == head.endIndex || head[after] == " "
            {
                return false
            }
        }
        return true
    }

    static func joinsWithoutSpace(_ a: String, _ b: String) -> Bool {
        guard let last = a.unicodeScalars.last, let first = b.unicodeScalars.first else { return false }
        return isWide(last) && isWide(first)
    }

    /// CJK and other East Asian wide characters, which join without a space.
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            return true
        default: return false
        }
    }
}
