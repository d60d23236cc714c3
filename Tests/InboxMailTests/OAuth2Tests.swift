import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxMail

/// OAuth2 sign-in: Dovecot with its `oauth2` passdb asking a token-introspection endpoint on
/// loopback, and an SMTP server that checks the XOAUTH2/OAUTHBEARER token. The access token
/// comes from `oauth2_token_command`, through the shared runner.
@Suite(.serialized, .enabled(if: DovecotServer.isAvailable && SMTPSink.available)) struct OAuth2Tests {
    let dir = TemporaryFolder("inbox-oauth2")
    static let token = "ya29.a0AfH6SM-valid-token"

    func env() -> [String: String] {
        [
            "INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": dir.file("config.toml"),
            "XDG_STATE_HOME": dir.file("state"),
        ]
    }

    func writeConfig(port: Int, auth: String, token: String) throws {
        // The token command reads a file, as a real refresher would cache one.
        dir.write("token", token + "\n")
        let path = dir.write(
            "config.toml",
            DovecotServer.account(
                "gmail", port: port, "auth = \"\(auth)\"\noauth2_token_command = \"cat '\(dir.file("token"))'\""))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    func start() throws -> (OAuth2Introspector, DovecotServer) {
        let introspector = try OAuth2Introspector(
            folder: dir.file("introspect"), tokens: [Self.token: DovecotServer.user])
        let server = try DovecotServer(oauth2Introspection: introspector.url)
        try server.seed(IMAPSyncTests.messages(3))
        try server.start()
        return (introspector, server)
    }

    @Test(arguments: ["xoauth2", "oauthbearer"]) func validTokenSyncs(auth: String) throws {
        let (introspector, server) = try start()
        defer { server.stop(); introspector.stop() }
        try writeConfig(port: server.port, auth: auth, token: Self.token)
        let r = try CommandRunner.inbox(["sync", "--log-level", "trace"], environment: env())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Synced gmail: 3 messages: 3 new"), "\(r.stdout)")
        #expect(
            introspector.requests().contains("POST valid"), "Dovecot asked the endpoint: \(introspector.requests())")
        let log = (try? String(contentsOfFile: dir.file("state/inbox/inbox.log"), encoding: .utf8)) ?? ""
        #expect(log.contains("AUTHENTICATE \(auth.uppercased())"), "the sign-in is logged")
        #expect(!log.contains(Self.token), "the token is never logged")
    }

    @Test func invalidTokenFailsClearlyNamingTheCommand() throws {
        let (introspector, server) = try start()
        defer { server.stop(); introspector.stop() }
        try writeConfig(port: server.port, auth: "xoauth2", token: "expired-token")
        let r = try CommandRunner.inbox(["sync"], environment: env())
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one error: \(r.stderr)")
        #expect(r.stderr.contains("refused the OAuth2 access token"), "\(r.stderr)")
        #expect(r.stderr.contains("oauth2_token_command"), "the error names the command: \(r.stderr)")
        #expect(!r.stderr.contains("expired-token"), "the token is not printed")
        #expect(introspector.requests().contains("POST invalid"))
    }

    @Test func failingTokenCommandNamesItself() throws {
        let (introspector, server) = try start()
        defer { server.stop(); introspector.stop() }
        try writeConfig(port: server.port, auth: "xoauth2", token: Self.token)
        try FileManager.default.removeItem(atPath: dir.file("token"))
        let r = try CommandRunner.inbox(["sync"], environment: env())
        #expect(r.status == 1)
        #expect(r.stderr.contains("oauth2_token_command of account \"gmail\" failed with exit status 1"), "\(r.stderr)")
        #expect(introspector.requests().isEmpty, "nothing was sent to the server")
    }

    @Test func configWithoutTokenCommandIsRefused() throws {
        let text =
            "[[account]]\nname = \"m365\"\nhost = \"outlook.office365.com\"\nuser = \"a@b.example\"\nauth = \"oauthbearer\"\n"
        #expect(throws: InboxError.self) { try InboxConfig.parse(text) }
        do {
            _ = try InboxConfig.parse(text)
        } catch {
            #expect("\(error)".contains("no oauth2_token_command"))
        }
    }

    // MARK: SMTP

    func smtpClient(port: Int, auth: String, token: String) throws -> SMTPClient {
        dir.write("smtp-token", token + "\n")
        return try SMTPClient.make(
            SMTPSettings(
                host: "127.0.0.1", port: port, tls: "none", user: "ada@nordlys.example", helo: "test.local",
                timeout: 20,
                auth: auth, oauth2_token_command: "cat '\(dir.file("smtp-token"))'"))
    }

    @Test(arguments: ["xoauth2", "oauthbearer"]) func smtpDeliversWithValidToken(auth: String) async throws {
        let sink = try SMTPSink(
            folder: dir.file("sink-\(auth)"), arguments: ["--oauth2", "ada@nordlys.example:\(Self.token)"])
        defer { sink.stop() }
        let client = try smtpClient(port: sink.port, auth: auth, token: Self.token)
        let raw = Array(
            "From: ada@nordlys.example\r\nTo: kunde@example.pl\r\nSubject: Zamówienie\r\n\r\nDzień dobry\r\n".utf8)
        try await client.deliver(raw: raw, from: "ada@nordlys.example", recipients: ["kunde@example.pl"])
        #expect(sink.messages().count == 1)
        #expect(sink.envelopes().first?["auth"] as? Bool == true)
    }

    @Test func smtpRefusedTokenIsOneClearError() async throws {
        let sink = try SMTPSink(
            folder: dir.file("sink-bad"), arguments: ["--oauth2", "ada@nordlys.example:\(Self.token)"])
        defer { sink.stop() }
        let client = try smtpClient(port: sink.port, auth: "xoauth2", token: "revoked")
        do {
            try await client.deliver(
                raw: Array("Subject: x\r\n\r\ny\r\n".utf8), from: "ada@nordlys.example", recipients: ["k@example.pl"])
            Issue.record("a refused token must fail")
        } catch let error as SMTPError {
            #expect(!error.isTemporary, "a refused token is not retried")
            #expect(error.description.contains("refused the OAuth2 access token"), "\(error)")
            #expect(error.description.contains("[smtp] oauth2_token_command"), "names the command: \(error)")
            #expect(!error.description.contains("revoked"))
        }
        #expect(sink.messages().isEmpty)
    }
}
