import Foundation

/// The report as JSON (docs/json.md, "inbox report --format json"): sorted keys, ISO 8601
/// dates, durations in business seconds, `null` for what could not be measured. Pure.
public enum ReportJSON {
    public static func render(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
