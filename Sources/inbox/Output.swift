import Foundation
import InboxCore

/// JSON and terminal helpers shared by the commands.
enum Output {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `value` as JSON on one line (keys sorted), for outputs read line by line.
    static func jsonLine<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    /// This process's peak resident memory (VmHWM), in KiB; 0 when unknown.
    static func peakRSSKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// Prints `text` on standard output through the one terminal sanitiser
    /// (``TerminalText``): lines and tab-separated columns stay, every other control
    /// character, escape sequence and bidi override becomes a visible placeholder. Every
    /// line of text the CLI prints goes through here (JSON goes through ``json(_:)``).
    static func line(_ text: String, terminator: String = "\n") {
        print(safe(text), terminator: terminator)
    }

    /// Prints `line` on standard error, sanitised like ``line(_:terminator:)``.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((safe(line) + "\n").utf8))
    }

    /// `text` with each line's tab-separated columns sanitised.
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalText.columns($0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)) }
            .joined(separator: "\n")
    }
}
