import Foundation

/// A large mailbox for tests that need an import running long enough to overlap other work.
public enum LoadMailbox {
    /// Returns the path of the mailbox: the 20k-message corpus when `../shared/corpora` holds
    /// it (unpacked once into the temporary folder and shared by the tests that use it, since
    /// unpacking takes longer than a small import), else `generated` messages written into
    /// `dir`, in threads of four (Polish text with diacritics, a few kilobytes each).
    /// The caller only reads the file.
    /// - Throws: when `xz` cannot unpack the corpus (install xz-utils).
    public static func make(in dir: TemporaryFolder, generated: Int = 8_000) throws -> (path: String, isCorpus: Bool) {
        let path = dir.file("load.mbox")
        if let corpora = TestPaths.corpora {
            let corpus = corpora + "/linux-mips-20k.mboxrd.xz"
            if let size = (try? FileManager.default.attributesOfItem(atPath: corpus))?[.size] as? Int {
                let unpacked = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "inbox-test-linux-mips-20k-\(size).mboxrd"
                ).path
                if FileManager.default.fileExists(atPath: unpacked) { return (unpacked, true) }
                // Unpacked under a name of its own, then renamed: a test running beside this
                // one never reads half a file.
                let part = unpacked + ".\(UUID().uuidString).part"
                let r = try CommandRunner.run(
                    "/bin/sh", ["-c", "xz -dc \"$0\" > \"$1\" && mv \"$1\" \"$2\"", corpus, part, unpacked])
                guard r.status == 0 else {
                    try? FileManager.default.removeItem(atPath: part)
                    throw LoadMailboxError(description: "xz could not unpack \(corpus): \(r.stderr) (install xz-utils)")
                }
                return (unpacked, true)
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
                    body: String(
                        repeating: "Dzień dobry, przesyłka \(thread) wciąż nie dotarła. Proszę o pomoc.\n", count: 20)))
        }
        dir.write("load.mbox", MailFactory.mbox(messages))
        return (path, false)
    }
}

public struct LoadMailboxError: Error, CustomStringConvertible {
    public let description: String
}
