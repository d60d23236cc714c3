import Foundation
import InboxCore

/// The knowledge base for compose: `k` on the review screen, and `{{kb.SLUG.url}}` in templates.
extension ComposeService {
    /// The articles of `[kb] folder`, read and indexed once per process; nil when the folder
    /// cannot be read (templates then leave `{{kb.…}}` unresolved, which blocks sending).
    var knowledgeBase: KBLibrary? {
        if let kbCache { return kbCache }
        kbCache = try? KBLibrary.load(config: config)
        return kbCache
    }

    /// The suggestions for the ticket (the same library call as `inbox kb suggest`), each
    /// with the article's text for `T`.
    /// - Throws: ``InboxError`` when the folder cannot be read.
    func kbSuggestions(_ detail: TicketDetail) throws -> KBPickerState {
        let library = try kbCache ?? KBLibrary.load(config: config)
        kbCache = library
        let items = library.suggest(for: detail).map { s -> KBPickerItem in
            let text = (try? library.article(slug: s.slug, language: s.language).plainText) ?? ""
            return KBPickerItem(suggestion: s, text: text)
        }
        var picker = KBPickerState(items: items)
        picker.folder = library.folder
        picker.empty = library.articles.isEmpty
        return picker
    }
}
