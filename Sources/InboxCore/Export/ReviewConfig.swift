import Foundation
import TOMLKit

/// The `[review]` table of config.toml: `rubric = ["correctness", "tone", …]`.
public enum ReviewConfig {
    /// The configured rubric, or ``Rubric/standard`` when the file or the table is absent.
    /// - Throws: ``InboxError`` when the file cannot be parsed or the rubric is malformed.
    public static func rubric(configPath: String) throws -> Rubric {
        guard let data = FileManager.default.contents(atPath: configPath) else { return .standard }
        let table: TOMLTable
        let text = String(decoding: data, as: UTF8.self)
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw InboxError(.config, TOMLErrorSentence.sentence(error, text: text, file: configPath))
        } catch {
            throw InboxError(.config, "\(configPath): \(error) (fix the TOML syntax there)")
        }
        guard let review = table["review"]?.table, let value = review["rubric"] else { return .standard }
        guard let array = value.array else {
            throw InboxError(
                .config, "\(configPath): [review] rubric must be a list of names, e.g. [\"correctness\", \"tone\"]")
        }
        let names = array.compactMap { $0.string }
        guard names.count == array.count else {
            throw InboxError(.config, "\(configPath): [review] rubric must hold names (strings) only")
        }
        return try Rubric.parse(names.joined(separator: ","))
    }
}
