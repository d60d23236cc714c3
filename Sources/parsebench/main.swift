// parsebench: parse every message of an mboxrd file and print throughput.
//
// Usage:
//   parsebench FILE.mboxrd [--repeat N] [--threads N] [--problems] [--dump INDEX] [--time-spans]
//   parsebench --fuzz N [--seed S] [--save ROUND] PATH...  (seed files or folders; mbox files are split)
//   parsebench --eml FILE...                 (each file parsed, as JSON)
//   parsebench --annotate FILE...            (texts with their quote/signature spans marked)
import Dispatch
import Foundation
import Synchronization
import InboxCore
import InboxMail

#if canImport(Glibc)
    import Glibc
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())

// `parsebench --eml FILE...`: print each file parsed as one message, as JSON (for inspection).
if args.first == "--eml" {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    for file in args.dropFirst() {
        guard let d = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
        let m = MessageParser.parse([UInt8](d))
        print("== \(file)")
        print(String(decoding: try! encoder.encode(m), as: UTF8.self))
    }
    exit(0)
}
// `parsebench --annotate FILE...`: print each message's text with its spans marked in a margin
// (Q quote, A attribution, S signature). A file starting with "From " is read as an mbox.
if args.first == "--annotate" {
    for file in args.dropFirst() {
        guard let d = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
        let bytes = [UInt8](d)
        let isMbox = bytes.starts(with: Array("From ".utf8))
        for (index, raw) in (isMbox ? splitMbox(bytes) : [bytes]).enumerated() {
            let m = MessageParser.parse(raw)
            print("== \(file)\(isMbox ? " #\(index)" : ""): \(m.subject)")
            var marks = [Character](repeating: " ", count: 0)
            let lines = m.text.split(separator: "\n", omittingEmptySubsequences: false)
            marks = Array(repeating: " ", count: lines.count)
            for span in m.spans {
                let c: Character = span.kind == .quote ? "Q" : span.kind == .attribution ? "A" : "S"
                for k in span.startLine..<min(lines.count, span.startLine + span.lineCount) { marks[k] = c }
            }
            for (mark, line) in zip(marks, lines) { print("\(mark) | \(line)") }
        }
    }
    exit(0)
}
if args.first == "--fuzz" {
    args.removeFirst()
    guard let n = args.first.flatMap({ Int($0.replacingOccurrences(of: "_", with: "")) }) else {
        fail("usage: parsebench --fuzz N [--seed S] PATH...")
    }
    args.removeFirst()
    var seed: UInt64 = 42
    var paths: [String] = []
    var save: Int? = nil
    while let a = args.first {
        args.removeFirst()
        if a == "--seed", let s = args.first.flatMap({ UInt64($0) }) {
            seed = s
            args.removeFirst()
        } else if a == "--save", let r = args.first.flatMap({ Int($0) }) {
            save = r
            args.removeFirst()
        } else {
            paths.append(a)
        }
    }
    runFuzz(rounds: n, seed: seed, seedPaths: paths, save: save)
}
guard let path = args.first, !path.hasPrefix("-") else {
    fail("usage: parsebench FILE.mboxrd [--repeat N] [--threads N] [--problems] [--dump INDEX] [--time-spans]")
}
args.removeFirst()
var repeats = 3
var threads = 1
var showProblems = false
var timeSpans = false
var dumpIndex: Int? = nil
while let flag = args.first {
    args.removeFirst()
    switch flag {
    case "--repeat": repeats = Int(args.removeFirst()) ?? 3
    case "--threads": threads = max(1, Int(args.removeFirst()) ?? 1)
    case "--problems": showProblems = true
    case "--time-spans": timeSpans = true
    case "--dump": dumpIndex = Int(args.removeFirst())
    default: fail("unknown option \(flag)")
    }
}

// Read the whole file.
guard let file = fopen(path, "rb") else { fail("cannot open \(path)") }
fseek(file, 0, SEEK_END)
let fileSize = ftell(file)
fseek(file, 0, SEEK_SET)
let data = [UInt8](unsafeUninitializedCapacity: fileSize) { buf, count in
    count = fread(buf.baseAddress, 1, fileSize, file)
}
fclose(file)

/// Splits an mboxrd file: a "From " line at the start or after an empty line starts a message;
/// ">From", ">>From"… lines lose one ">".
func splitMbox(_ d: [UInt8]) -> [[UInt8]] {
    var messages: [[UInt8]] = []
    var current: [UInt8] = []
    var inMessage = false
    var previousBlank = true
    var pos = 0
    let n = d.count
    func isFromLine(_ at: Int) -> Bool {
        at + 5 <= n && d[at] == 70 && d[at + 1] == 114 && d[at + 2] == 111 && d[at + 3] == 109 && d[at + 4] == 32
    }
    while pos < n {
        var end = pos
        while end < n && d[end] != 10 { end += 1 }
        let lineEnd = min(end + 1, n)
        if previousBlank && isFromLine(pos) {
            if inMessage {
                // The empty line before the separator belongs to the separator.
                if current.last == 10 { current.removeLast() }
                messages.append(current)
            }
            current = []
            current.reserveCapacity(16 * 1024)
            inMessage = true
        } else if inMessage {
            var s = pos
            while s < end && d[s] == 62 { s += 1 }
            if s > pos && isFromLine(s) {
                current.append(contentsOf: d[(pos + 1)..<lineEnd])
            } else {
                current.append(contentsOf: d[pos..<lineEnd])
            }
        }
        let content = end > pos && d[end - 1] == 13 ? end - 1 : end
        previousBlank = content == pos
        pos = lineEnd
    }
    if inMessage { messages.append(current) }
    return messages
}

let splitStart = ContinuousClock.now
let messages = splitMbox(data)
let splitTime = ContinuousClock.now - splitStart
let totalBytes = messages.reduce(0) { $0 + $1.count }
print(
    "messages: \(messages.count), bytes: \(totalBytes) (\(String(format: "%.1f", Double(totalBytes) / 1e6)) MB), split: \(splitTime)"
)

if let dumpIndex {
    let m = MessageParser.parse(messages[dumpIndex])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try! encoder.encode(m), as: UTF8.self))
    exit(0)
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// Parses every message and returns a checksum so nothing is optimised away.
@Sendable nonisolated func parseAll(_ messages: [[UInt8]], _ range: Range<Int>) -> Int {
    var sum = 0
    for i in range {
        let m = messages[i].withUnsafeBytes { MessageParser.parse($0) }
        sum &+= m.text.utf8.count &+ m.attachments.count &+ m.subject.utf8.count &+ m.problems.count
    }
    return sum
}

if timeSpans {
    // Time the quote/signature detection alone, on the texts of every message.
    let parsed = messages.map { MessageParser.parse($0) }
    let texts = parsed.map(\.text)
    let subjects = parsed.map(\.subject)
    var spanCount = 0
    var bestSpans = Double.infinity
    for _ in 0..<max(1, repeats) {
        let start = ContinuousClock.now
        spanCount = 0
        for k in texts.indices { spanCount += MessageParser.textSpans(texts[k], subject: subjects[k]).count }
        bestSpans = min(bestSpans, seconds(ContinuousClock.now - start))
    }
    let textBytes = parsed.reduce(0) { $0 + $1.text.utf8.count }
    let textLines = parsed.reduce(0) { $0 + $1.text.utf8.reduce(1) { $1 == 10 ? $0 + 1 : $0 } }
    print("texts: \(textBytes / max(1, parsed.count)) bytes, \(textLines / max(1, parsed.count)) lines per message")
    print(
        String(
            format: "spans: %d in %.3f s (%.1f µs per message)", spanCount, bestSpans,
            bestSpans * 1e6 / Double(max(1, parsed.count))))
    exit(0)
}

var best = Double.infinity
for run in 1...repeats {
    let start = ContinuousClock.now
    var checksum = 0
    if threads == 1 {
        checksum = parseAll(messages, 0..<messages.count)
    } else {
        let chunk = (messages.count + threads - 1) / threads
        let sum = Mutex(0)
        let all = messages
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let lo = t * chunk
            let hi = min(lo + chunk, all.count)
            let part = lo < hi ? parseAll(all, lo..<hi) : 0
            sum.withLock { $0 &+= part }
        }
        checksum = sum.withLock { $0 }
    }
    let t = seconds(ContinuousClock.now - start)
    best = min(best, t)
    print(
        String(
            format: "run %d: %.3f s, %.0f messages/s, %.1f MB/s (checksum %d)", run, t,
            Double(messages.count) / t, Double(totalBytes) / 1e6 / t, checksum))
}
print(
    String(
        format: "best: %.0f messages/s, %.1f MB/s (%d thread%@)", Double(messages.count) / best,
        Double(totalBytes) / 1e6 / best, threads, threads == 1 ? "" : "s"))

if showProblems {
    var counts: [String: Int] = [:]
    var examples: [String: Int] = [:]
    var slowest: (Double, Int) = (0, 0)
    for (i, raw) in messages.enumerated() {
        let s = ContinuousClock.now
        let m = MessageParser.parse(raw)
        let t = seconds(ContinuousClock.now - s)
        if t > slowest.0 { slowest = (t, i) }
        for p in m.problems {
            // Group sentences by their shape: quoted parts and numbers removed.
            var key = ""
            var inQuote = false
            for ch in p {
                if ch == "\"" {
                    inQuote.toggle()
                    key.append("\"")
                } else if !inQuote && !ch.isNumber {
                    key.append(ch)
                }
            }
            counts[key, default: 0] += 1
            if examples[key] == nil { examples[key] = i }
        }
    }
    for (k, v) in counts.sorted(by: { $0.value > $1.value }).prefix(40) {
        print("\(v)\t\(k)\t(e.g. message \(examples[k]!))")
    }
    print(String(format: "slowest: message %d, %.2f ms", slowest.1, slowest.0 * 1000))
}
