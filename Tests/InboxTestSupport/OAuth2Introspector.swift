import Foundation

/// A token-introspection endpoint (RFC 7662, Tests/tools/oauth2_introspect.py) on a free
/// loopback port, for Dovecot's `oauth2` passdb. Only the tokens given are active.
/// Stopped when the value goes away.
public final class OAuth2Introspector: @unchecked Sendable {
    // Immutable after init.
    public let port: Int
    public let folder: String
    private let process: HelperProcess

    static let script = TestPaths.root + "/Tests/tools/oauth2_introspect.py"

    /// The URL to give Dovecot as `introspection_url`.
    public var url: String { "http://127.0.0.1:\(port)/introspect" }

    /// - Parameter tokens: access token → the user it signs in.
    public init(folder: String, tokens: [String: String]) throws {
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let portFile = folder + "/introspect.out"
        process = try HelperProcess(
            ["/usr/bin/python3", Self.script, "--dir", folder]
                + tokens.flatMap { ["--token", "\($0.key)=\($0.value)"] },
            stdout: portFile)
        port = try process.announcedPort(in: portFile, what: "the token-introspection endpoint")
    }

    /// What each request found: "POST valid", "POST invalid", … in order.
    public func requests() -> [String] {
        let text = (try? String(contentsOfFile: folder + "/requests.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    public func stop() { process.stop() }
}
