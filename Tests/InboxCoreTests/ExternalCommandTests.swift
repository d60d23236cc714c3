import Foundation
import InboxCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ExternalCommandTests {
    @Test func passesStdinAndCapturesBothOutputs() throws {
        // > 1 MB: no pipe deadlock
        let input = Array(repeating: Array("zażółć gęślą jaźń\n".utf8), count: 40_000).flatMap { $0 }
        let result = try ExternalCommand("cat; echo 'to stderr' >&2; exit 3", purpose: "test command").run(input: input)
        #expect(result.status == 3)
        #expect(result.stdout == input)
        #expect(result.stderr == "to stderr")
    }

    @Test func timeoutKillsTheWholeProcessGroup() throws {
        let started = Date()
        // The shell's child `sleep` holds stdout open: only killing the group ends the wait.
        #expect(throws: ExternalCommand.Failure.self) {
            _ = try ExternalCommand("sleep 30 & sleep 30", purpose: "lookup_command of store demo", timeout: 0.5).run()
        }
        #expect(Date().timeIntervalSince(started) < 10)
        do {
            _ = try ExternalCommand("sleep 30", purpose: "lookup_command of store demo", timeout: 0.3).run()
        } catch let failure as ExternalCommand.Failure {
            #expect(failure.kind == .timedOut)
            #expect(failure.description.contains("lookup_command of store demo did not finish within 0.3 s"))
        }
    }

    @Test func secretIsTheFirstLineWithoutCRLF() throws {
        #expect(try ExternalCommand("printf 's3cr3t\\r\\nsecond\\n'", purpose: "p").secret() == "s3cr3t")
        #expect(try ExternalCommand("printf 'no-newline'", purpose: "p").secret() == "no-newline")
    }

    @Test func secretRefusesEmptyOutputAndFailuresWithoutQuotingThem() throws {
        do {
            _ = try ExternalCommand("printf '\\nhunter2\\n'", purpose: "password_command of account a").secret()
            Issue.record("an empty first line was accepted")
        } catch let error as InboxError {
            #expect(error.description.contains("printed nothing on its first line"))
            #expect(!error.description.contains("hunter2"))
        }
        do {
            _ = try ExternalCommand("echo hunter2; exit 2", purpose: "password_command of account a").secret()
            Issue.record("a failing command was accepted")
        } catch let error as InboxError {
            #expect(
                error.description
                    == "password_command of account a failed with exit status 2 (run it in a shell to see why)")
        }
    }

    @Test func environmentIsPassed() throws {
        let result = try ExternalCommand("printf %s \"$INBOX_TEST_VALUE\"", purpose: "p").run(
            environment: ["INBOX_TEST_VALUE": "Ayşe", "PATH": "/usr/bin:/bin"])
        #expect(result.stdoutText == "Ayşe")
    }

    @Test func childInheritsOnlyStdinStdoutAndStderr() throws {
        // A descriptor of ours that is not close-on-exec, as the database or a log file may be.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inherit-\(UUID().uuidString)").path
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        #expect(fd >= 3)
        defer {
            close(fd)
            unlink(path)
        }
        let result = try ExternalCommand("ls -l /proc/self/fd", purpose: "p").run(input: Array("x".utf8))
        #expect(result.status == 0)
        // `ls` itself holds /proc/<pid>/fd open while it lists it; every other entry must be 0–2.
        let listed = result.stdoutText.split(separator: "\n").filter { $0.contains(" -> ") }
            .filter { !$0.hasSuffix("/fd") }
            .compactMap { line in line.split(separator: " -> ").first?.split(separator: " ").last.map(String.init) }
        #expect(Set(listed) == ["0", "1", "2"], "\(result.stdoutText)")
        #expect(!result.stdoutText.contains(path))
    }
}
