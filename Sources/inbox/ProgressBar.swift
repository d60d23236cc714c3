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
        guard isDue() else { return }
        let fraction = p.bytesTotal > 0 ? min(1, Double(p.bytesDone) / Double(p.bytesTotal)) : 0
        let rate = p.elapsed > 0 ? Double(p.messages) / p.elapsed : 0
        let name = (p.input as NSString).lastPathComponent
        draw(
            String(
                format: "\r%@ %3d%% %@  %d msgs  %.0f/s  ETA %@ ", Self.bar(fraction), Int(fraction * 100), name,
                p.messages, rate, Self.duration(Self.eta(fraction, elapsed: p.elapsed))))
    }

    /// Draws `done` of `total` items (an export's messages) with a label.
    func update(label: String, done: Int, total: Int, unit: String, elapsed: Double) {
        guard isDue() else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        draw(
            String(
                format: "\r%@ %3d%% %@  %d/%d %@  %.0f/s  ETA %@ ", Self.bar(fraction), Int(fraction * 100), label,
                done,
                total, unit, rate, Self.duration(Self.eta(fraction, elapsed: elapsed))))
    }

    /// True when the bar is shown and its last drawing is at least 0.1 s old.
    private func isDue() -> Bool {
        guard enabled else { return false }
        let now = Date().timeIntervalSince1970
        return lastDraw.withLock { last -> Bool in
            if now - last < 0.1 { return false }
            last = now
            return true
        }
    }

    private func draw(_ line: String) {
        FileHandle.standardError.write(Data(line.utf8))
        drawn.withLock { $0 = true }
    }

    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = Int(fraction * Double(width))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    static func eta(_ fraction: Double, elapsed: Double) -> Double {
        fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
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
