/// One line of `inbox doctor`: what was checked, whether it is fine, and what to do when not.
public struct DoctorCheck: Sendable, Equatable, Encodable {
    /// What was checked ("config", "imap support", "database integrity").
    public var name: String
    public var ok: Bool
    /// What was found; for a failure, a sentence that ends with what to do.
    public var detail: String

    public init(_ name: String, ok: Bool, _ detail: String) {
        self.name = name
        self.ok = ok
        self.detail = detail
    }

    public static func pass(_ name: String, _ detail: String) -> DoctorCheck { DoctorCheck(name, ok: true, detail) }
    public static func fail(_ name: String, _ detail: String) -> DoctorCheck { DoctorCheck(name, ok: false, detail) }

    /// "✔ name: detail" or "✘ name: detail", control characters removed.
    public var line: String {
        let text = "\(ok ? "✔" : "✘") \(name): \(detail)"
        return String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
