/// `[review]` in config.toml: the rubric of `inbox review` (docs/export.md). Read by
/// ``ReviewConfig``; declared here so its keys are known to the unknown-key check.
public struct ReviewSettings: Codable, Sendable, Equatable {
    public var rubric: [String]?

    public init(rubric: [String]? = nil) { self.rubric = rubric }
}
