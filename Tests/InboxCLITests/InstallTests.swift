import Foundation
import InboxTestSupport
import Testing

/// `make install` into a temporary PREFIX, as a new user would run it, then each installed part
/// is used: the binary, the man pages, the bash completion and the systemd user units.
/// (A debug build, so the test does not wait for a release build; `make install` defaults to release.)
@Suite(.serialized) struct InstallTests {
    let prefix = TemporaryFolder("inbox-prefix")

    static let make = "/usr/bin/make"
    static var makeAvailable: Bool { FileManager.default.isExecutableFile(atPath: make) }

    func sh(_ script: String, environment: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run("/bin/bash", ["-c", script], environment: environment)
    }

    @Test(.enabled(if: makeAvailable)) func installUseAndUninstall() throws {
        let p = prefix.path
        let install = try CommandRunner.run(
            Self.make,
            [
                "-C", TestPaths.root, "--no-print-directory", "install", "PREFIX=\(p)", "CONFIGURATION=debug",
                "SWIFTPM_FLAGS=--ignore-lock",
            ])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(
            install.stdout.contains("systemctl --user enable --now inbox-sync.service"),
            "the note on enabling the units")
        #expect(install.stdout.contains("systemctl --user enable --now inbox-tick.timer"))

        // The binary and its version.
        let version = try CommandRunner.run(p + "/bin/inbox", ["--version"])
        #expect(version.status == 0)
        #expect(
            version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(
                of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "\(version.stdout)")

        // Man pages: inbox.1 and one per subcommand, rendered by man-db.
        let pages = try FileManager.default.contentsOfDirectory(atPath: p + "/share/man/man1")
        #expect(pages.contains("inbox.1"), "\(pages)")
        for sub in ["sync", "import", "doctor", "outbox"] {
            #expect(
                pages.contains { $0.hasPrefix("inbox") && $0.contains(sub) && $0.hasSuffix(".1") },
                "a page for \(sub): \(pages)")
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let man = try sh(
                "man -l '\(p)/share/man/man1/inbox.1' | col -b",
                environment: ["MANWIDTH": "100", "PAGER": "cat", "MANPAGER": "cat"])
            #expect(man.status == 0, "\(man.stderr)")
            #expect(man.stdout.contains("NAME"), "\(man.stdout.prefix(400))")
            #expect(man.stdout.contains("A terminal helpdesk"), "\(man.stdout.prefix(400))")
            #expect(man.stdout.contains("doctor"), "the subcommands are listed")
        }

        // bash: completing `inbox imp<Tab>` gives `import`, through the installed script.
        let completion = p + "/share/bash-completion/completions/inbox"
        let bash = try sh(
            """
            source '\(completion)' || exit 3
            f=$(complete -p inbox | sed -E 's/.* -F ([^ ]+) .*/\\1/')
            [ -n "$f" ] || exit 4
            COMP_WORDS=(inbox imp); COMP_CWORD=1; COMP_LINE='inbox imp'; COMP_POINT=${#COMP_LINE}
            "$f" inbox imp inbox
            printf '%s\\n' "${COMPREPLY[@]}"
            """, environment: ["PATH": p + "/bin:/usr/bin:/bin"])
        #expect(bash.status == 0, "\(bash.stderr)")
        #expect(bash.stdout.split(separator: "\n").map(String.init) == ["import"], "\(bash.stdout)|\(bash.stderr)")
        #expect(FileManager.default.fileExists(atPath: p + "/share/zsh/site-functions/_inbox"))
        #expect(FileManager.default.fileExists(atPath: p + "/share/fish/vendor_completions.d/inbox.fish"))

        // systemd user units, pointing at the installed binary.
        let units = p + "/lib/systemd/user"
        let sync = try String(contentsOfFile: units + "/inbox-sync.service", encoding: .utf8)
        #expect(sync.contains("ExecStart=\(p)/bin/inbox sync --watch"))
        let tick = try String(contentsOfFile: units + "/inbox-tick.service", encoding: .utf8)
        #expect(tick.contains("ExecStart=\(p)/bin/inbox tick"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") {
            let runtime = TemporaryFolder("inbox-runtime")
            let verify = try CommandRunner.run(
                "/usr/bin/systemd-analyze",
                [
                    "verify", "--user", units + "/inbox-sync.service", units + "/inbox-tick.service",
                    units + "/inbox-tick.timer",
                ],
                environment: ["XDG_RUNTIME_DIR": runtime.path, "MANPATH": p + "/share/man:/usr/share/man"])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            #expect(verify.stderr.isEmpty, "no warnings: \(verify.stderr)")
        }

        let uninstall = try CommandRunner.run(
            Self.make, ["-C", TestPaths.root, "--no-print-directory", "uninstall", "PREFIX=\(p)"])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        let left = try sh("find '\(p)' -type f")
        #expect(left.stdout.isEmpty, "make uninstall leaves nothing: \(left.stdout)")
    }
}
