import Foundation
import Glibc
import InboxCore

// `inbox-bench --rules-only` (and a section of the full bench): the 20k import with 50 rules
// against the same import without, interleaved (issue 23: 50 rules add at most 10 %).

/// 50 rules of the kinds teams write: words, senders, subjects, statuses, tags, languages,
/// business hours; tags, priorities, queues and notes. Half of them match some of the corpus.
func benchRules() -> String {
    let words = ["memory", "cache", "patch", "kernel", "driver", "mips", "tlb", "irq", "pci", "build"]
    var out = ""
    for i in 0..<50 {
        let trigger = i % 5 == 0 ? "ticket-created" : "message-in"
        let condition: String
        switch i % 10 {
        case 0: condition = words[i / 10 % words.count]
        case 1: condition = "from:@linux-mips.org"
        case 2: condition = "subject:\(words[(i + 3) % words.count])"
        case 3: condition = "status:new -tag:seen\(i)"
        case 4: condition = "\"\(words[i % words.count]) \(words[(i + 1) % words.count])\""
        case 5: condition = "lang:de"
        case 6: condition = "is:business-hours priority:urgent"
        case 7: condition = "from:@example.invalid OR subject:zwrot"
        case 8: condition = "tag:seen\(i - 5) \(words[(i + 5) % words.count])*"
        default: condition = "customer:ralf"
        }
        let action: String
        switch i % 4 {
        case 0: action = "\"tag+=seen\(i)\""
        case 1: action = "\"priority=high\", \"tag+=seen\(i)\""
        case 2: action = "\"tag+=seen\(i)\", \"tag-=none\""
        default: action = "\"note=rule \(i) matched\""
        }
        out += "[[rule]]\nname = \"r\(i)\"\non = \"\(trigger)\"\nif = '\(condition)'\nthen = [\(action)]\n\n"
    }
    return out
}

func rulesBench(inbox: String, work: String, mbox: String) {
    let dir = work + "/rules-bench"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let withRules = dir + "/config.toml"
    FileManager.default.createFile(atPath: withRules, contents: Data())
    FileManager.default.createFile(atPath: dir + "/rules.toml", contents: Data(benchRules().utf8))
    let without = work + "/none.toml"
    unlink(work + "/rules.toml")
    // The corpus is a mailing list: loop protection quarantines its `Precedence: bulk` mail and
    // only ~250 tickets open, so rules rarely run. The second input renames that header: every
    // message then opens or joins a ticket and goes through all 50 rules (the worst case).
    let open = work + "/corpus-no-precedence.mboxrd"
    if !FileManager.default.fileExists(atPath: open) {
        _ = run([
            "/bin/sh", "-c",
            "sed 's/^[Pp]recedence:/X-Was-Precedence:/' '\(mbox)' > '\(open).part' && mv '\(open).part' '\(open)'",
        ])
    }
    let repeats = 3
    print("")
    print("Imports with 50 rules against without, interleaved, \(repeats) each; the median.")
    print("| input | without rules | with 50 rules | added | rule events |")
    print("|---|---|---|---|---|")
    for (label, input) in [("20k mbox as is", mbox), ("20k mbox, every message a ticket's", open)] {
        warm(input)
        var times: [String: [Double]] = ["without": [], "with": []]
        var events = 0
        for _ in 0..<repeats {
            for (name, config) in [("without", without), ("with", withRules)] {
                let db = dir + "/\(name).sqlite"
                for suffix in ["", "-wal", "-shm", ".search", ".search-wal", ".search-shm"] { unlink(db + suffix) }
                sync()
                let r = run([inbox, "import", "mbox", input, "--json"], env: ["INBOX_DB": db, "INBOX_CONFIG": config])
                if r.status != 0 { print("import failed: \(r.output)") }
                times[name]!.append(r.seconds)
                if name == "with", let database = try? AppDatabase.open(path: db) {
                    events =
                        (try? database.reader.read {
                            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event WHERE actor LIKE 'rule:%'") ?? 0
                        }) ?? 0
                }
            }
        }
        let median = { (xs: [Double]) in xs.sorted()[xs.count / 2] }
        let a = median(times["without"]!)
        let b = median(times["with"]!)
        print("| \(label) | \(f1(a)) s | \(f1(b)) s | \(String(format: "%+.1f", (b / a - 1) * 100)) % | \(events) |")
    }
}
