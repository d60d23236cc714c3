import Foundation
import InboxCore

/// One suggested article in compose's `k` panel, with its text for `T`.
public struct KBPickerItem: Equatable, Sendable {
    public var suggestion: KBSuggestion
    /// The article without Markdown marks (``KBArticle/plainText``).
    public var text: String
}

/// The `k` panel beside the draft on the review screen: the suggested articles (the
/// customer's language first) and the selection.
public struct KBPickerState: Equatable, Sendable {
    public var items: [KBPickerItem]
    public var selected = 0
    /// Where the articles come from (named when there are none).
    public var folder = ""
    /// The knowledge base has no articles at all (rather than none matching).
    public var empty = false

    public init(items: [KBPickerItem]) { self.items = items }

    public var current: KBPickerItem? { items.indices.contains(selected) ? items[selected] : nil }
}

extension ComposeState {
    /// The body with `block` inserted after the agent's own text: before the signature
    /// (`-- `) and the quoted message, separated by blank lines.
    public static func inserting(_ block: String, into body: String) -> String {
        var lines = body.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var end = lines.firstIndex { $0 == "-- " || $0.hasPrefix(">") } ?? lines.count
        // "On Monday, Ada wrote:" above the quote belongs to the quote.
        if end < lines.count, lines[end].hasPrefix(">") {
            var k = end - 1
            while k >= 0, lines[k].trimmingCharacters(in: .whitespaces).isEmpty { k -= 1 }
            if k >= 0, lines[k].hasSuffix(":") { end = k }
        }
        var own = Array(lines[..<end])
        while let l = own.last, l.trimmingCharacters(in: .whitespaces).isEmpty { own.removeLast() }
        let rest = Array(lines[end...])
        var blockLines = block.components(separatedBy: "\n")
        while blockLines.last == "" { blockLines.removeLast() }
        var out = own
        if !out.isEmpty { out.append("") }
        out += blockLines
        if !rest.isEmpty { out += [""] + rest }
        return out.joined(separator: "\n") + "\n"
    }

    /// Inserts the article's link (or its text) into the reply and closes the panel.
    mutating func insertArticle(_ item: KBPickerItem, text: Bool) {
        let block = text ? item.text + "\n\n" + item.suggestion.url : item.suggestion.title + ": " + item.suggestion.url
        body = Self.inserting(block, into: body)
        dirty = true
        kbPicker = nil
    }
}
