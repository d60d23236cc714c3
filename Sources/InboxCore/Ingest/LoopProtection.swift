import Foundation

/// Classifies mail that must never open a ticket or trigger mail (DESIGN §4.4).
public enum LoopProtection {
    /// Why a message is automatic, or nil when a person wrote it.
    public static func automaticReason(_ m: ParsedMessage) -> String? {
        let loop = m.loop
        if let value = loop.autoSubmitted, !value.isEmpty, value != "no" {
            return "Auto-Submitted: \(value)"
        }
        if let p = loop.precedence, ["bulk", "junk", "list", "auto_reply", "auto-reply"].contains(p) {
            return "Precedence: \(p)"
        }
        if loop.hasAutoreplyHeader { return "auto-reply header" }
        if let s = loop.autoResponseSuppress?.lowercased() {
            let parts = s.split(whereSeparator: { $0 == "," || $0 == " " }).map { String($0) }
            if parts.contains("all") || parts.contains("autoreply") { return "X-Auto-Response-Suppress: \(s)" }
        }
        return nil
    }

    /// True for a delivery failure report (DESIGN §4.4).
    public static func isBounce(_ m: ParsedMessage) -> Bool {
        if m.loop.isDeliveryStatusReport { return true }
        let local = (m.from?.normalized ?? "").split(separator: "@").first.map(String.init) ?? ""
        let daemon = local == "mailer-daemon" || local == "postmaster"
        let rp = (m.loop.returnPath ?? "").trimmingCharacters(in: .whitespaces)
        let emptyReturnPath = rp == "<>" || rp.isEmpty
        return daemon && emptyReturnPath && m.loop.returnPath != nil
    }
}
