import Foundation

/// What `inbox templates lint` (docs/replies.md) and `inbox kb lint` (docs/kb.md) find.
public enum LintKind: String, Sendable {
    // Both.
    case badFrontMatter = "bad-front-matter", duplicateVariant = "duplicate-variant"
    // Templates.
    case unknownPlaceholder = "unknown-placeholder", emptyWithoutFallback = "empty-without-fallback"
    case subjectDropsTag = "subject-drops-tag", badMustache = "bad-mustache"
    // Knowledge base.
    case unknownTemplate = "unknown-template", unsafeLink = "unsafe-link", noBaseURL = "no-base-url"
    case unknownArticle = "unknown-article"
}

/// One problem a `lint` command reports about a template or an article, printed as
/// `FILE: KIND: MESSAGE`.
public struct LintFinding: Sendable, Equatable, CustomStringConvertible {
    public var kind: LintKind
    /// The file (or the template's name, the article's slug, when it has no file).
    public var file: String
    public var message: String

    public var description: String { "\(file): \(kind.rawValue): \(message)" }
}

/// A folder of Markdown files with front matter, each file one item: the reply templates
/// (docs/replies.md) and the knowledge base's articles (docs/kb.md).
enum MarkdownFolder {
    /// `configured` (a leading `~` expanded) when set, else `$XDG_CONFIG_HOME/inbox/NAME`.
    static func path(configured: String?, defaultName: String, environment: [String: String]) -> String {
        if let f = configured, !f.isEmpty { return (f as NSString).expandingTildeInPath }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return base + "/inbox/" + defaultName
    }

    /// Parses every `.md` file of `folder`, sorted by path (`recursive`: in subfolders too). A
    /// file that cannot be read or parsed is a (path, message) pair, never a reason to stop.
    /// - Returns: nil when there is no such folder.
    /// - Throws: ``InboxError`` `.io` saying `notAFolder` when `folder` is a file.
    static func load<Item>(
        _ folder: String, recursive: Bool, notAFolder: String, parse: (_ text: String, _ path: String) throws -> Item
    ) throws -> (items: [Item], unreadable: [(path: String, message: String)])? {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir) else { return nil }
        guard isDir.boolValue else { throw InboxError(.io, notAFolder) }
        let names =
            recursive
            ? (fm.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            : ((try? fm.contentsOfDirectory(atPath: folder)) ?? [])
        var items: [Item] = []
        var unreadable: [(path: String, message: String)] = []
        for name in names.filter({ $0.hasSuffix(".md") }).sorted() {
            let path = folder + "/" + name
            guard let data = fm.contents(atPath: path) else {
                unreadable.append((path, "cannot be read (check its mode)"))
                continue
            }
            do {
                items.append(try parse(String(decoding: data, as: UTF8.self), path))
            } catch let e as InboxError {
                unreadable.append((path, e.description))
            }
        }
        return (items, unreadable)
    }

    /// The variant in `language`, else in English, else the first (`variants` not empty).
    static func variant<Item>(_ variants: [Item], language: String?, languageOf: (Item) -> String) -> Item {
        if let l = language?.lowercased(), let v = variants.first(where: { languageOf($0) == l }) { return v }
        return variants.first { languageOf($0) == "en" } ?? variants[0]
    }
}
