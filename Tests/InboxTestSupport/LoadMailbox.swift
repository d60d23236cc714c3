import Foundation

/// A large mailbox for tests that need an import running long enough to overlap other work.
public enum LoadMailbox {
    /// Writes the mailbox into `dir` and returns its path: the 20k-message corpus unpacked
    /// when `../shared/corpora` holds it, else `generated` messages in threads of four
    /// (Polish text with diacritics, a few kilobytes each).
    /// - Throws: when `xz` cannot unpack the corpus (install xz-utils).
    public static func make(in dir: TemporaryFolder, generated: Int = 8_000) throws -> (path: String, isCorpus: Bool) {
        let path = dir.file("load.mbox")
        if let corpora = TestPaths.corpora {
            let corpus = corpora + "/linux-mips-20k.mboxrd.xz"
            if FileManager.default.fileExists(atPath: corpus) {
                let r = try CommandRunner.run("/bin/sh", ["-c", "xz -dc \"$0\" > \"$1\"", corpus, path])
                guard r.status == 0 else {
                    throw LoadMailboxError(description: "xz could not unpack \(corpus): \(r.stderr) (install xz-utils)")
                }
                return (path, true)
            }
        }
        var messages: [String] = []
        messages.reserveCapacity(generated)
        for i in 0..<generated {
            let thread = i / 4
            messages.append(
                MailFactory.message(
                    id: "load-\(i)@example.pl", from: "Klient \(thread) <klient\(thread)@example.pl>",
                    subject: "Zamówienie \(thread): żółw nie dotarł",
                    inReplyTo: i % 4 == 0 ? nil : "load-\(i - 1)@example.pl",
                    body: String(repeating: "Dzień dobry, przesyłka \(thread) wciąż nie dotarła. Proszę o pomoc.\n", count: 20)))
        }
        dir.write("load.mbox", MailFactory.mbox(messages))
        return (path, false)
    }
}

public struct LoadMailboxError: Error, CustomStringConvertible {
    public let description: String
}
