import Foundation
@testable import InboxMail

/// A message from text written with "\n" line ends; `crlf` turns them into CRLF.
func message(_ text: String, crlf: Bool = false) -> [UInt8] {
    let bytes = Array(text.utf8)
    guard crlf else { return bytes }
    var out = [UInt8]()
    out.reserveCapacity(bytes.count + bytes.count / 20)
    for b in bytes {
        if b == 10 { out.append(13) }
        out.append(b)
    }
    return out
}

/// Concatenates text and raw bytes into one message.
func message(_ pieces: [Any]) -> [UInt8] {
    var out = [UInt8]()
    for p in pieces {
        if let s = p as? String { out += Array(s.utf8) } else if let b = p as? [UInt8] { out += b }
    }
    return out
}

/// Runs `body` on the bytes of `text` as a borrowed buffer.
func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    Array(text.utf8).withUnsafeBufferPointer(body)
}

/// Seconds taken by `body`.
func timed(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
