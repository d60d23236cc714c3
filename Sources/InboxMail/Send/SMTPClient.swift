import Foundation
import InboxCore
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers one message somewhere: SMTP (``SMTPClient``) or a sendmail command (``SendmailTransport``).
public protocol MailTransport: Sendable {
    /// Hands `raw` to the next hop. - Throws: ``SMTPError`` (``SMTPError/isTemporary`` says whether to retry).
    func deliver(raw: [UInt8], from: String, recipients: [String]) async throws
}

/// An SMTP client on SwiftNIO: implicit TLS or STARTTLS (certificates verified), AUTH PLAIN
/// or LOGIN, SMTPUTF8 when an address or header needs it. One connection per message.
public struct SMTPClient: MailTransport {
    public enum Security: String, Sendable { case implicit, starttls, none }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?
    /// Runs at connect time and gives the password (never stored, never logged).
    public var password: (@Sendable () throws -> String)?
    /// Extra trusted certificate authorities (PEM file).
    public var caFile: String?
    public var helo: String
    public var timeout: TimeInterval
    /// How to sign in: PLAIN/LOGIN with a password, or OAuth2 (then ``password`` gives the access token).
    public enum Auth: String, Sendable { case automatic, xoauth2, oauthbearer }
    public var auth: Auth = .automatic
    /// What gives the secret, for error messages ("[smtp] oauth2_token_command").
    public var secretSource = "[smtp] password_command"

    public init(
        host: String, port: Int, security: Security, user: String? = nil,
        password: (@Sendable () throws -> String)? = nil,
        caFile: String? = nil, helo: String? = nil, timeout: TimeInterval = 30
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.user = user
        self.password = password
        self.caFile = caFile
        self.helo = helo ?? (ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName)
        self.timeout = timeout
    }

    /// The client `[smtp]` describes. - Throws: ``SMTPError/configuration(_:)``.
    public static func make(_ s: SMTPSettings) throws -> SMTPClient {
        guard let host = s.host, !host.isEmpty else {
            throw SMTPError.configuration("[smtp] has no host (set host = \"smtp.example.com\", or sendmail_command)")
        }
        guard let security = Security(rawValue: (s.tls ?? "starttls").lowercased()) else {
            throw SMTPError.configuration("[smtp] tls = \"\(s.tls ?? "")\" is not implicit, starttls or none")
        }
        if security == .none && !["localhost", "127.0.0.1", "::1"].contains(host) {
            throw SMTPError.configuration(
                "[smtp] tls = \"none\" is refused for \(host): passwords and mail would cross the network in clear (use starttls or implicit)"
            )
        }
        var password: (@Sendable () throws -> String)?
        let auth = Auth(rawValue: s.auth ?? "automatic") ?? .automatic
        if auth != .automatic {
            guard let command = s.oauth2_token_command, !command.isEmpty else {
                throw SMTPError.configuration(
                    "[smtp] auth = \"\(auth.rawValue)\" needs oauth2_token_command (a command that prints an access token; see docs/oauth2.md)"
                )
            }
            password = { @Sendable () throws -> String in
                do {
                    return try OAuth2Settings.token(command: command, purpose: "[smtp] oauth2_token_command")
                } catch let error as InboxError {
                    throw SMTPError.configuration(error.description)
                }
            }
        } else if let command = s.password_command {
            password = { @Sendable () throws -> String in try PasswordCommand.run(command) }
        }
        let port = s.port ?? (security == .implicit ? 465 : 587)
        var client = SMTPClient(
            host: host, port: port, security: security, user: s.user, password: password, caFile: s.ca_file,
            helo: s.helo,
            timeout: s.timeout ?? 30)
        client.auth = auth
        if auth != .automatic { client.secretSource = "[smtp] oauth2_token_command" }
        return client
    }

    /// Connects, says EHLO, starts TLS as configured and signs in, then QUIT: what `inbox doctor`
    /// checks. Sends no mail.
    /// - Returns: a short account of what worked ("STARTTLS, signed in as ada").
    /// - Throws: ``SMTPError`` saying what failed and what to do.
    public func checkLogin() async throws -> String {
        try await withConnection { connection, tls in
            _ = try await greetAndSignIn(connection, tls: tls)
            _ = try? await connection.command("QUIT")
        }
        let security = self.security == .none ? "no TLS (loopback)" : self.security == .implicit ? "TLS" : "STARTTLS"
        return user.map { "\(security), signed in as \($0)" } ?? "\(security), no sign-in configured"
    }

    public func deliver(raw: [UInt8], from: String, recipients: [String]) async throws {
        try await withConnection { connection, tls in
            try await session(connection, tls: tls, raw: raw, from: from, recipients: recipients)
        }
    }

    /// Connects as configured (TLS from the start for `implicit`), runs `body` and closes the
    /// connection, also when `body` throws.
    private func withConnection(_ body: (SMTPConnection, NIOSSLContext?) async throws -> Void) async throws {
        let tls = security == .none ? nil : try tlsContext()
        let connection = try await SMTPConnection.connect(
            host: host, port: port, implicitTLS: security == .implicit ? tls : nil, timeout: timeout)
        do {
            try await body(connection, tls)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    /// The greeting, EHLO, STARTTLS when configured and the sign-in when a user is set; returns
    /// what the server offers after them.
    func greetAndSignIn(_ c: SMTPConnection, tls: NIOSSLContext?) async throws -> Capabilities {
        try expect(await c.read(), 220, "greeting")
        var caps = try await ehlo(c)
        if security == .starttls {
            guard caps.has("STARTTLS") else {
                throw SMTPError.configuration(
                    "\(host):\(port) does not offer STARTTLS (set [smtp] tls = \"implicit\" if it wants TLS from the start)"
                )
            }
            try expect(await c.command("STARTTLS"), 220, "STARTTLS")
            try await c.startTLS(tls!, serverHostname: host)
            caps = try await ehlo(c)
        }
        if let user { try await authenticate(c, caps: caps, user: user) }
        return caps
    }

    func tlsContext() throws -> NIOSSLContext {
        var config = TLSConfiguration.makeClientConfiguration()
        config.certificateVerification = .fullVerification
        if let ca = caFile {
            do {
                let certs = try NIOSSLCertificate.fromPEMFile(ca)
                config.trustRoots = .certificates(certs)
            } catch {
                throw SMTPError.configuration(
                    "Cannot read the certificate authorities in \(ca): \(error) ([smtp] ca_file must be a PEM file)")
            }
        }
        do { return try NIOSSLContext(configuration: config) } catch {
            throw SMTPError.configuration("Cannot set up TLS: \(error)")
        }
    }

    func session(_ c: SMTPConnection, tls: NIOSSLContext?, raw: [UInt8], from: String, recipients: [String])
        async throws
    {
        let caps = try await greetAndSignIn(c, tls: tls)
        let needsUTF8 = !raw.allSatisfy { $0 < 0x80 } || !(from + recipients.joined()).allSatisfy(\.isASCII)
        var mail = "MAIL FROM:<\(from)>"
        if needsUTF8 {
            if caps.has("SMTPUTF8") {
                mail += " SMTPUTF8"
            } else if !(from + recipients.joined()).allSatisfy(\.isASCII) {
                throw SMTPError.permanent("\(host) does not support SMTPUTF8, which the addresses need")
            }
            if caps.has("8BITMIME") { mail += " BODY=8BITMIME" }
        }
        try expect(await c.command(mail), 250, "MAIL FROM")
        for r in recipients {
            try expect(await c.command("RCPT TO:<\(r)>"), 250, "RCPT TO \(r)")
        }
        try expect(await c.command("DATA"), 354, "DATA")
        try await c.write(Self.dotStuffed(raw))
        try expect(await c.read(), 250, "the end of DATA")
        _ = try? await c.command("QUIT")
    }

    func ehlo(_ c: SMTPConnection) async throws -> Capabilities {
        let reply = try await c.command("EHLO \(helo)")
        if reply.code == 250 { return Capabilities(reply) }
        try expect(await c.command("HELO \(helo)"), 250, "HELO")
        return Capabilities(SMTPReply(code: 250, lines: []))
    }

    func authenticate(_ c: SMTPConnection, caps: Capabilities, user: String) async throws {
        guard let password else {
            throw SMTPError.configuration("[smtp] has a user but no password_command (or oauth2_token_command)")
        }
        let secret: String
        do { secret = try password() } catch {
            throw SMTPError.configuration("\(error)")
        }
        let mechanisms = caps.authMechanisms
        if auth != .automatic {
            try await authenticateOAuth2(c, mechanisms: mechanisms, user: user, token: secret)
            return
        }
        if mechanisms.contains("PLAIN") || mechanisms.isEmpty {
            let token = BodyEncoding.base64Line(Array(("\0" + user + "\0" + secret).utf8))
            try expectAuth(await c.command("AUTH PLAIN " + token, redacted: "AUTH PLAIN ***"))
        } else if mechanisms.contains("LOGIN") {
            try expect(await c.command("AUTH LOGIN"), 334, "AUTH LOGIN")
            try expect(await c.command(BodyEncoding.base64Line(Array(user.utf8))), 334, "AUTH LOGIN user")
            try expectAuth(await c.command(BodyEncoding.base64Line(Array(secret.utf8)), redacted: "***"))
        } else {
            throw SMTPError.configuration(
                "\(host) offers AUTH \(mechanisms.joined(separator: " ")), but only PLAIN and LOGIN are supported")
        }
    }

    /// AUTH XOAUTH2 or OAUTHBEARER. A refused token comes back as 334 with an error (base64
    /// JSON); it is answered so the server finishes with 5xx, reported as one error naming the
    /// token command.
    func authenticateOAuth2(_ c: SMTPConnection, mechanisms: [String], user: String, token: String) async throws {
        let name = auth == .xoauth2 ? "XOAUTH2" : "OAUTHBEARER"
        guard mechanisms.contains(name) else {
            throw SMTPError.configuration(
                "\(host) does not offer AUTH \(name) (it offers \(mechanisms.isEmpty ? "none" : mechanisms.joined(separator: " "))): set [smtp] auth to what its provider documents (docs/oauth2.md)"
            )
        }
        let initial =
            auth == .xoauth2
            ? OAuth2Settings.xoauth2(user: user, token: token)
            : OAuth2Settings.oauthbearer(user: user, token: token, host: host, port: port)
        var reply = try await c.command(
            "AUTH \(name) " + BodyEncoding.base64Line(initial), redacted: "AUTH \(name) ***")
        if reply.code == 334 { reply = try await c.command(auth == .xoauth2 ? "" : "AQ==") }
        if reply.code == 235 { return }
        if reply.isTemporary { throw SMTPError.temporary("OAuth2 sign-in: \(reply)") }
        throw SMTPError.configuration(
            "The mail server refused the OAuth2 access token for \(user) from \(secretSource): \(reply) (it may have expired or lack the mail scope: run the command in a shell and check that it prints a fresh token)"
        )
    }

    func expectAuth(_ reply: SMTPReply) throws {
        if reply.code == 235 { return }
        if reply.isTemporary { throw SMTPError.temporary("login: \(reply)") }
        throw SMTPError.configuration(
            "The mail server refused the login for \(user ?? ""): \(reply) (check [smtp] user and password_command)")
    }

    func expect(_ reply: SMTPReply, _ code: Int, _ step: String) throws {
        if reply.code == code { return }
        if reply.isTemporary { throw SMTPError.temporary("\(reply) (after \(step))") }
        if reply.isPermanent { throw SMTPError.permanent("\(reply) (after \(step))") }
        throw SMTPError.protocolViolation("unexpected \(reply) after \(step)")
    }

    /// CRLF line ends, a "." doubled at the start of a line, and the final ".".
    static func dotStuffed(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for b in raw {
            if b == 10 && previous != 13 { out.append(13) }
            if atLineStart && b == UInt8(ascii: ".") { out.append(b) }
            out.append(b)
            atLineStart = b == 10
            previous = b
        }
        if !atLineStart { out += [13, 10] }
        return out + Array(".\r\n".utf8)
    }

    struct Capabilities {
        var keywords: [String: [String]] = [:]
        init(_ reply: SMTPReply) {
            for line in reply.lines.dropFirst() {
                let words = line.split(separator: " ").map { String($0).uppercased() }
                if let k = words.first { keywords[k] = Array(words.dropFirst()) }
            }
        }
        func has(_ k: String) -> Bool { keywords[k] != nil }
        var authMechanisms: [String] { keywords["AUTH"] ?? [] }
    }
}

/// Runs `[smtp] password_command` through the shared runner (first line, CR/LF stripped, empty
/// refused, 30 s timeout, never quoted).
public enum PasswordCommand {
    public static func run(_ command: String) throws -> String {
        do {
            return try ExternalCommand(command, purpose: "[smtp] password_command").secret()
        } catch let error as CustomStringConvertible & Error {
            throw SMTPError.configuration(error.description)
        }
    }
}

/// One SMTP connection: writes lines, reads replies through ``SMTPReplyParser``, can switch to TLS.
final class SMTPConnection: Sendable {
    let channel: Channel
    private let replies: ReplyBox
    let timeout: TimeInterval

    /// The reply stream's iterator, used by one task at a time (the session).
    private final class ReplyBox: @unchecked Sendable {
        // Only the session's task touches the iterator, one call after another.
        var iterator: AsyncThrowingStream<SMTPReply, Error>.AsyncIterator
        init(_ i: AsyncThrowingStream<SMTPReply, Error>.AsyncIterator) { iterator = i }
    }

    private init(channel: Channel, stream: AsyncThrowingStream<SMTPReply, Error>, timeout: TimeInterval) {
        self.channel = channel
        self.replies = ReplyBox(stream.makeAsyncIterator())
        self.timeout = timeout
    }

    static func connect(host: String, port: Int, implicitTLS: NIOSSLContext?, timeout: TimeInterval) async throws
        -> SMTPConnection
    {
        let (stream, continuation) = AsyncThrowingStream<SMTPReply, Error>.makeStream()
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(timeout * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls = implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ReplyHandler(continuation))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            return SMTPConnection(channel: channel, stream: stream, timeout: timeout)
        } catch {
            continuation.finish()
            throw SMTPError.connection(ConnectErrorText.describe(error, host: host, port: port))
        }
    }

    func read() async throws -> SMTPReply {
        let box = replies
        let channel = self.channel
        let deadline = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            channel.pipeline.fireErrorCaught(SMTPError.connection("no reply within \(Int(self.timeout)) s"))
        }
        defer { deadline.cancel() }
        do {
            guard let reply = try await box.iterator.next() else {
                throw SMTPError.connection("the server closed the connection")
            }
            return reply
        } catch let e as SMTPError {
            throw e
        } catch {
            throw SMTPError.connection("\(error)")
        }
    }

    func write(_ bytes: [UInt8]) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        } catch {
            throw SMTPError.connection("cannot write: \(error)")
        }
    }

    /// Sends a command line and reads its reply. `redacted` is what logs may show instead.
    func command(_ line: String, redacted: String? = nil) async throws -> SMTPReply {
        try await write(Array((line + "\r\n").utf8))
        return try await read()
    }

    func startTLS(_ context: NIOSSLContext, serverHostname: String) async throws {
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw SMTPError.configuration("Cannot start TLS with \(serverHostname): \(error)")
        }
    }

    func close() async {
        try? await channel.close().get()
    }
}

/// Feeds received bytes to the parser and the replies to the session's stream.
final class ReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private var parser = SMTPReplyParser()
    private let continuation: AsyncThrowingStream<SMTPReply, Error>.Continuation

    init(_ continuation: AsyncThrowingStream<SMTPReply, Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            for reply in try parser.feed(buffer.readableBytesView) { continuation.yield(reply) }
        } catch {
            continuation.finish(throwing: error)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let e = error as? SMTPError {
            continuation.finish(throwing: e)
        } else if let e = error as? NIOSSLError {
            continuation.finish(
                throwing: SMTPError.configuration(
                    "TLS with the mail server failed: \(e) (is the certificate valid for the host name? set [smtp] ca_file for a private authority)"
                ))
        } else if let e = error as? BoringSSLError {
            continuation.finish(
                throwing: SMTPError.configuration(
                    "TLS with the mail server failed: \(e) (is the certificate valid for the host name? set [smtp] ca_file for a private authority)"
                ))
        } else {
            continuation.finish(throwing: SMTPError.connection("\(error)"))
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish(throwing: SMTPError.connection("the server closed the connection"))
        context.fireChannelInactive()
    }
}

/// Delivery through a sendmail-compatible command that reads the message on stdin.
public struct SendmailTransport: MailTransport {
    public var command: String
    public init(command: String) { self.command = command }

    public func deliver(raw: [UInt8], from: String, recipients: [String]) async throws {
        let result: ExternalCommand.Result
        do {
            result = try ExternalCommand(command, purpose: "sendmail_command \"\(command)\"", timeout: 120).run(
                input: raw)
        } catch let failure as ExternalCommand.Failure {
            if failure.kind == .timedOut { throw SMTPError.temporary(failure.description) }
            throw SMTPError.configuration(failure.description)
        }
        let err = result.stderr
        switch result.status {
        case 0: return
        case 75: throw SMTPError.temporary("sendmail_command: \(err.isEmpty ? "temporary failure (exit 75)" : err)")
        default:
            throw SMTPError.permanent(
                "sendmail_command exited with status \(result.status)\(err.isEmpty ? "" : ": " + err)")
        }
    }
}
