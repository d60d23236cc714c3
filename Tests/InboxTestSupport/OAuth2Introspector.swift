import Foundation

/// A token-introspection endpoint (RFC 7662, Tests/tools/oauth2_introspect.py) on a free
/// loopback port, for Dovecot's `oauth2` passdb. Only the tokens given are active.
/// Stopped when the value goes away.
public final class OAuth2Introspector: @unchecked Sendable {
    // `exited` is guarded by `lock`; everything else is immutable after init.
    public let port: Int
    public let folder: String
    private let pid: pid_t
    private let lock = NSLock()
    private var exited = false

    static let script = TestPaths.root + "/Tests/tools/oauth2_introspect.py"

    /// The URL to give Dovecot as `introspection_url`.
    public var url: String { "http://127.0.0.1:\(port)/introspect" }

    /// - Parameter tokens: access token → the user it signs in.
    public init(folder: String, tokens: [String: String]) throws {
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let portFile = folder + "/introspect.out"
        let pid = try DovecotServer.spawn(
            ["/usr/bin/python3", Self.script, "--dir", folder]
                + tokens.flatMap { ["--token", "\($0.key)=\($0.value)"] },
            stdout: portFile)
        self.pid = pid
        let deadline = Date().addingTimeInterval(30)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""
            if text.contains("\n") { break }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        guard line.hasPrefix("PORT "), let n = Int(line.dropFirst(5)) else {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            throw HarnessError("the token-introspection endpoint did not start (printed \"\(line)\")")
        }
        port = n
    }

    /// What each request found: "POST valid", "POST invalid", … in order.
    public func requests() -> [String] {
        let text = (try? String(contentsOfFile: folder + "/requests.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !exited else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(5)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        exited = true
    }

    deinit { stop() }
}
