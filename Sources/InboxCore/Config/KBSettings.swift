import Foundation

/// `[kb]` of config.toml: where the knowledge-base articles are and where they are published
/// (docs/kb.md).
public struct KBSettings: Codable, Sendable, Equatable {
    /// The articles folder; default `$XDG_CONFIG_HOME/inbox/kb`. `~` is expanded.
    public var folder: String?
    /// The public address of the help centre built by `inbox kb build`
    /// (`https://help.shop.example/`); an article's link is `base_url` + `LANG/SLUG.html`.
    public var base_url: String?

    public init(folder: String? = nil, base_url: String? = nil) {
        self.folder = folder
        self.base_url = base_url
    }
}
