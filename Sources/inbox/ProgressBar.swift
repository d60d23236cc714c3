import Foundation
import InboxMail
import Synchronization

/// A one-line progress bar on standard error (count, rate, ETA); silent when disabled.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let lastDraw = Mutex<Double>(0)
    private let drawn = Mutex<Bool>(false)

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: ImportProgress) {
        guard enabled else { return }
        let now = Date().timeIntervalSince1970
        let due = lastDraw.withLock { last -> Bool in
            if now - last < 0.1 { return false }
            last = now
            return true
        }
        guard due else { return }
        let fraction = p.bytesTotal > 0 ? min(1, Double(p.bytesDone) / Double(p.bytesTotal)) : 0
        let rate = p.elapsed > 0 ? Double(p.messages) / p.elapsed : 0
        let eta = fraction > 0 ? p.elapsed * (1 - fraction) / fraction : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let name = (p.input as NSString).lastPathComponent
        let line = String(
            format: "\r%@ %3d%% %@  %d msgs  %.0f/s  ETA %@ ", bar, Int(fraction * 100), name, p.messages, rate,
            Self.duration(eta))
        FileHandle.standardError.write(Data(line.utf8))
        drawn.withLock { $0 = true }
    }

    /// Draws `done` of `total` items (an export's messages) with a label.
    func update(label: String, done: Int, total: Int, unit: String, elapsed: Double) {
        guard enabled else { return }
        let now = Date().timeIntervalSince1970
        let due = lastDraw.withLock { last -> Bool in
            if now - last < 0.1 { return false }
            last = now
            return true
        }
        guard due else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(
            format: "\r%@ %3d%% %@  %d/%d %@  %.0f/s  ETA %@ ", bar, Int(fraction * 100), label, done, total, unit,
            rate,
            Self.duration(eta))
        FileHandle.standardError.write(Data(line.utf8))
        drawn.withLock { $0 = true }
    }

    func finish() {
        guard enabled, drawn.withLock({ $0 }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
