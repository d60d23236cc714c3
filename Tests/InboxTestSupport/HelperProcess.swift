import Foundation

/// A helper server a test starts (the SMTP sink, the token-introspection endpoint, pymap): spawned
/// with default signal handling by ``DovecotServer/spawn(_:environment:stdout:)``, stopped with
/// SIGTERM and, after 5 s, SIGKILL. Stopped when the value goes away.
public final class HelperProcess: @unchecked Sendable {
    // `exited` is guarded by `lock`; `pid` is immutable after init.
    public let pid: pid_t
    private let lock = NSLock()
    private var exited = false

    public init(_ argv: [String], stdout: String? = nil) throws {
        pid = try DovecotServer.spawn(argv, stdout: stdout)
    }

    /// Waits up to 30 s for the first line of `file` (the helper's stdout) to say "PORT n" and
    /// returns n. Stops the helper and throws, naming it as `what`, when it does not.
    public func announcedPort(in file: String, what: String) throws -> Int {
        let deadline = Date().addingTimeInterval(30)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if text.contains("\n") { break }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        guard line.hasPrefix("PORT "), let n = Int(line.dropFirst(5)) else {
            stop(grace: 0)
            throw HarnessError("\(what) did not start (printed \"\(line)\")")
        }
        return n
    }

    /// Stops the helper: SIGTERM, then SIGKILL after `grace` seconds; waits for it to exit.
    public func stop(grace: TimeInterval = 5) {
        lock.lock()
        defer { lock.unlock() }
        guard !exited else { return }
        exited = true
        kill(pid, grace > 0 ? SIGTERM : SIGKILL)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(grace)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    deinit { stop() }
}
