import Foundation

/// `[rules]` of config.toml (docs/rules.md).
public struct RulesSettings: Codable, Sendable, Equatable {
    /// The rules file; relative paths are relative to the config file's folder. Default:
    /// `rules.toml` beside the config file.
    public var file: String?

    public init(file: String? = nil) { self.file = file }
}
