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
        guard let returnPath = m.loop.returnPath, let from = m.from?.normalized else { return false }
        let local = from.prefix { $0 != "@" }
        guard local == "mailer-daemon" || local == "postmaster" else { return false }
        let rp = returnPath.trimmingCharacters(in: .whitespaces)
        return rp == "<>" || rp.isEmpty
    }
}
