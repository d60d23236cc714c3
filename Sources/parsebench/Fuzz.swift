// `parsebench --fuzz N`: parses N mutated messages; any trap stops the run (and is a bug).
import Foundation
import InboxCore
import InboxMail

#if canImport(Glibc)
    import Glibc
#endif

// The input being parsed, written out by the signal handler when the parser traps.
nonisolated(unsafe) var crashInput: UnsafePointer<UInt8>? = nil
nonisolated(unsafe) var crashInputCount = 0
nonisolated(unsafe) var crashFD: Int32 = -1

let crashFile = "/tmp/parsebench-fuzz-crash.eml"

/// On a trap (SIGILL, SIGTRAP…), writes the current input to ``crashFile`` and dies as usual.
func installCrashHandler() {
    crashFD = open(crashFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    for sig in [SIGTRAP, SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
        _ = signal(sig) { s in
            if let p = crashInput, crashFD >= 0 {
                _ = write(crashFD, p, crashInputCount)
                _ = write(2, "parsebench: trapped; input written to /tmp/parsebench-fuzz-crash.eml\n", 70)
            }
            _ = signal(s, SIG_DFL)
            _ = raise(s)
        }
    }
}

/// Seed messages from files and folders: every regular file up to 2 MB (licences, read-mes and
/// compressed files skipped); a file starting with "From " is split as an mbox.
func loadSeeds(_ paths: [String]) -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    func add(file: String) {
        let name = (file as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".xz") || name.hasSuffix(".gz") || name.hasPrefix("license") || name.hasPrefix("licence")
            || name.hasPrefix("copying") || name.hasPrefix("readme") || name.hasSuffix("-license")
            || name == "artistic-license.txt" || name.hasPrefix(".")
        {
            return
        }
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: file),
            let size = attrs[.size] as? Int, size > 0
        else { return }
        guard let d = FileManager.default.contents(atPath: file) else { return }
        let bytes = [UInt8](d)
        if bytes.starts(with: Array("From ".utf8)) {
            seeds += splitMbox(bytes).filter { $0.count <= 2 << 20 }
        } else if size <= 2 << 20 {
            seeds.append(bytes)
        }
    }
    for path in paths {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            FileHandle.standardError.write("no such file or folder: \(path)\n".data(using: .utf8)!)
            continue
        }
        if !isDir.boolValue {
            add(file: path)
            continue
        }
        guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
        while let relative = walker.nextObject() as? String {
            let full = path + "/" + relative
            var sub: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { add(file: full) }
        }
    }
    return seeds
}

/// Pieces of MIME syntax the mutations splice in.
let fuzzSnippets: [[UInt8]] = [
    "\n--", "=?utf-8?B?", "=?iso-8859-1?q?", "?=", "\r\n\r\n", "\n\n", "Content-Type: multipart/mixed; boundary=x\n",
    "\n--x\n", "\n--x--\n", "<a href=\"", "&#x", "&amp", "\u{0}", ";\n name*0*=utf-8''%", "; filename*1=\"",
    "=\n", "=?", "\"", "(", ")", "<", ">", "\\", "Content-Transfer-Encoding: base64\n",
    "Content-Transfer-Encoding: quoted-printable\n", "Content-Type: message/rfc822\n\n",
    "Content-Type: text/html\n\n<p>", "<blockquote>", "</blockquote>", "charset=iso-2022-jp\n", "\u{1b}$B",
    "charset=utf-16\n", "format=flowed; delsp=yes\n", "\n> ", "\n>> ", "\n-- \n", "\nOn Tue, 3 Nov 2026, A wrote:\n",
    "\nAm 3.11.2026 um 10:12 schrieb A:\n", "\n-----Original Message-----\nFrom: a\nSent: b\nTo: c\nSubject: d\n",
    "\n________________________________\nVon: a\nGesendet: b\nAn: c\nBetreff: d\n", "From ", ">From ",
    "Content-Type: multipart/report; report-type=delivery-status; boundary=r\n",
    "\n--r\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b\n", "\u{FEFF}", "\u{FFFD}",
    "\u{C3}", "\u{E2}\u{80}", "\r", "\t", "                                        ",
].map { Array($0.utf8) }

/// Applies 1–8 random edits.
func mutate(_ input: [UInt8], seeds: [[UInt8]], rng: inout SplitMix) -> [UInt8] {
    var m = input
    let edits = 1 + rng.below(8)
    for _ in 0..<edits {
        if m.isEmpty { m = fuzzSnippets[rng.below(fuzzSnippets.count)] }
        let at = rng.below(m.count)
        switch rng.below(9) {
        case 0: m[at] = UInt8(truncatingIfNeeded: rng.next())
        case 1: m.insert(contentsOf: fuzzSnippets[rng.below(fuzzSnippets.count)], at: at)
        case 2: m.removeSubrange(at..<min(m.count, at + rng.below(64)))
        case 3: m = Array(m[..<at])
        case 4: m.insert(contentsOf: m[at..<min(m.count, at + 200)], at: min(m.count, at + rng.below(300)))
        case 5:
            // Splice in a piece of another seed.
            let other = seeds[rng.below(seeds.count)]
            if !other.isEmpty {
                let from = rng.below(other.count)
                m.insert(contentsOf: other[from..<min(other.count, from + rng.below(2000))], at: at)
            }
        case 6:
            // A long run of one snippet (quadratic behaviour shows up here).
            let s = fuzzSnippets[rng.below(fuzzSnippets.count)]
            let times = 1 + rng.below(2000)
            var run: [UInt8] = []
            run.reserveCapacity(s.count * times)
            for _ in 0..<times { run += s }
            m.insert(contentsOf: run, at: at)
        case 7:
            // Flip line ends.
            if m[at] == 10 { m.insert(13, at: at) } else if m[at] == 13 { m.remove(at: at) }
        default:
            // High bytes.
            for k in at..<min(m.count, at + rng.below(16)) { m[k] |= 0x80 }
        }
    }
    return m
}

/// Checks the parser's promises on one input; returns a description of a broken one.
func checkPromises(_ raw: [UInt8], deep: Bool) -> String? {
    let m = MessageParser.parse(raw)
    if m.problems.count > 20 { return "more than 20 problems" }
    let lineCount = m.text.split(separator: "\n", omittingEmptySubsequences: false).count
    var next = 0
    for s in m.spans {
        if s.lineCount < 1 || s.startLine < next { return "spans overlap or are empty: \(m.spans)" }
        next = s.startLine + s.lineCount
    }
    if next > lineCount { return "span past the end of the text" }
    for a in m.attachments {
        if a.safeFilename.isEmpty || a.safeFilename.contains("/") || a.safeFilename.hasPrefix(".") {
            return "unsafe file name \(a.safeFilename)"
        }
    }
    if deep {
        let structure = MessageParser.structure(raw)
        for entity in structure.allEntities where !entity.isMultipart { _ = entity.decodedBody() }
        _ = MessageParser.headers(raw)
    }
    return nil
}

func runFuzz(rounds: Int, seed: UInt64, seedPaths: [String], save: Int? = nil) -> Never {
    var seeds = loadSeeds(seedPaths)
    if seeds.isEmpty {
        print("no seed files found; using built-in seeds")
        seeds = [Array("From: a@b\nSubject: x\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\nhi\n--x--\n".utf8)]
    }
    print("fuzz: \(rounds) inputs from \(seeds.count) seed messages, seed \(seed)")
    fflush(nil)
    installCrashHandler()
    var rng = SplitMix(seed: seed)
    var slowest = (0.0, 0)
    var totalBytes = 0
    let start = ContinuousClock.now
    for round in 0..<rounds {
        let input = mutate(seeds[rng.below(seeds.count)], seeds: seeds, rng: &rng)
        totalBytes += input.count
        if round == save {
            _ = FileManager.default.createFile(atPath: "/tmp/parsebench-fuzz-\(round).eml", contents: Data(input))
            print("input of round \(round) written to /tmp/parsebench-fuzz-\(round).eml")
        }
        let t0 = ContinuousClock.now
        let broken = input.withUnsafeBufferPointer { p -> String? in
            crashInput = p.baseAddress
            crashInputCount = p.count
            return checkPromises(input, deep: round % 4 == 0)
        }
        if let broken {
            let file = "/tmp/parsebench-fuzz-\(round).eml"
            _ = FileManager.default.createFile(atPath: file, contents: Data(input))
            print("round \(round): \(broken); input written to \(file)")
            exit(1)
        }
        let t = seconds(ContinuousClock.now - t0)
        if t > slowest.0 { slowest = (t, round) }
        if round > 0 && round % 100_000 == 0 {
            print(
                String(
                    format: "  %d inputs, %.0f s, slowest %.1f ms (round %d)", round,
                    seconds(ContinuousClock.now - start), slowest.0 * 1000, slowest.1))
            fflush(nil)
        }
    }
    close(crashFD)
    unlink(crashFile)
    print(
        String(
            format: "fuzz done: %d inputs (%.1f MB) in %.0f s, no trap, every promise kept; slowest %.1f ms (round %d)",
            rounds, Double(totalBytes) / 1e6, seconds(ContinuousClock.now - start), slowest.0 * 1000, slowest.1))
    exit(0)
}
