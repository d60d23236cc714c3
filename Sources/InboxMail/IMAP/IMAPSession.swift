import Foundation
import InboxCore
import Logging
import Synchronization

/// What SELECT or EXAMINE reported about a mailbox.
public struct IMAPMailboxStatus: Sendable, Equatable {
    public var exists: UInt32 = 0
    public var uidValidity: UInt32?
    public var uidNext: UInt32?
    public var highestModSeq: UInt64?
}

/// An IMAP4rev1 client session: greeting, capabilities, STARTTLS, login, commands with tags.
///
/// The session runs one command at a time (FETCH may be pipelined one ahead with
/// ``begin(_:)``/``complete(_:display:onUntagged:)``) and is meant to be driven by one thread at a
/// time; its small mutable state sits behind a lock so it can be handed between threads.
public final class IMAPSession: Sendable {
    /// How to sign in. For `.xoauth2` and `.oauthbearer` the "password" is an OAuth2 access token.
    public enum Mechanism: Sendable { case automatic, login, plain, xoauth2, oauthbearer }

    /// A command argument: text as is, or bytes that must be sent as a literal.
    public enum Part: Sendable {
        case text(String)
        case literal([UInt8])
    }

    let connection: IMAPConnection
    let logger: Logger
    private struct State {
        var tag = 0
        var capabilities: Set<String> = []
        /// Pipelined commands that completed before the one being waited for.
        var early: [String: (status: IMAPStatus, code: IMAPResponseCode?, text: String)] = [:]
    }
    private let state = Mutex(State())

    public var endpoint: IMAPEndpoint { connection.endpoint }
    public var capabilities: Set<String> { state.withLock { $0.capabilities } }

    private init(connection: IMAPConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects, reads the greeting, learns the capabilities and (for `.starttls`) upgrades to TLS.
    /// - Throws: ``IMAPError``; `.config` for plaintext to a host that is not loopback.
    public static func open(_ endpoint: IMAPEndpoint, logger: Logger = Logger(label: "inbox.imap")) throws
        -> IMAPSession
    {
        if endpoint.security == .none, !endpoint.isLoopback {
            throw IMAPError(
                .config,
                "tls = \"none\" sends the password in clear and is allowed only to a loopback host, not \(endpoint.host) (use tls = \"implicit\" or \"starttls\")"
            )
        }
        let connection = try IMAPConnection.connect(endpoint, logger: logger)
        let session = IMAPSession(connection: connection, logger: logger)
        do {
            try session.readGreeting()
            if session.capabilities.isEmpty { try session.refreshCapabilities() }
            if endpoint.security == .starttls {
                guard session.capabilities.contains("STARTTLS") else {
                    throw IMAPError(
                        .config,
                        "the server \(endpoint.host):\(endpoint.port) does not offer STARTTLS (use tls = \"implicit\" with its TLS port)"
                    )
                }
                try session.run([.text("STARTTLS")])
                try connection.startTLS()
                session.state.withLock { $0.capabilities = [] }
                try session.refreshCapabilities()
            }
        } catch {
            connection.close()
            throw error
        }
        return session
    }

    private func readGreeting() throws {
        let greeting = try connection.next(timeout: endpoint.connectTimeout + 15)
        switch greeting {
        case .status(.ok, let code, _), .status(.preauth, let code, _):
            if let code, code.name == "CAPABILITY" { setCapabilities(code.values.compactMap(\.text)) }
        case .status(.bye, _, let text):
            throw IMAPError(.connection, "the server \(endpoint.host) refused the connection: \(text)")
        default:
            throw IMAPError(.protocolError, "the server \(endpoint.host) did not greet like an IMAP server")
        }
    }

    private func setCapabilities(_ list: [String]) {
        state.withLock { $0.capabilities = Set(list.map { $0.uppercased() }) }
    }

    public func refreshCapabilities() throws {
        try run([.text("CAPABILITY")])
    }

    /// Logs in with AUTHENTICATE PLAIN when the server offers it (or `mechanism` asks), else LOGIN.
    /// - Throws: ``IMAPError`` of kind `.authentication` when the server refuses the credentials.
    public func login(user: String, password: String, mechanism: Mechanism = .automatic) throws {
        if mechanism == .xoauth2 || mechanism == .oauthbearer {
            try authenticateOAuth2(user: user, token: password, mechanism: mechanism)
            if !capabilities.contains("IMAP4REV1") { try refreshCapabilities() }
            return
        }
        let caps = capabilities
        if caps.contains("LOGINDISABLED") && mechanism != .plain && !caps.contains("AUTH=PLAIN") {
            throw IMAPError(
                .config,
                "the server \(endpoint.host) disables login on this connection (use tls = \"starttls\" or \"implicit\")"
            )
        }
        let usePlain = mechanism == .plain || (mechanism == .automatic && caps.contains("AUTH=PLAIN"))
        do {
            if usePlain {
                let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
                if caps.contains("SASL-IR") {
                    try run([.text("AUTHENTICATE PLAIN " + token)], display: "AUTHENTICATE PLAIN")
                } else {
                    try run([.text("AUTHENTICATE PLAIN")], display: "AUTHENTICATE PLAIN", continuation: token)
                }
            } else {
                try run([.text("LOGIN "), Self.string(user), .text(" "), Self.string(password)], display: "LOGIN")
            }
        } catch let error as IMAPError where error.kind == .command {
            throw IMAPError(
                .authentication,
                "the server \(endpoint.host) refused the login of \(user): \(error.serverText ?? error.description) (check the user and the password from password_command or INBOX_PASSWORD_<ACCOUNT>)"
            )
        }
        // Servers may change capabilities after login; most say so in the tagged OK.
        if !capabilities.contains("IMAP4REV1") { try refreshCapabilities() }
    }

    /// AUTHENTICATE XOAUTH2 or OAUTHBEARER with an access token. A refused token makes the
    /// server send an error challenge first; it is answered (empty, or %x01 for OAUTHBEARER)
    /// so the server ends the exchange with NO.
    private func authenticateOAuth2(user: String, token: String, mechanism: Mechanism) throws {
        let name = mechanism == .xoauth2 ? "XOAUTH2" : "OAUTHBEARER"
        guard capabilities.contains("AUTH=" + name) else {
            throw IMAPError(
                .config,
                "the server \(endpoint.host) does not offer AUTH=\(name) (use the auth its provider documents, or a password; see docs/oauth2.md)"
            )
        }
        let initial =
            mechanism == .xoauth2
            ? OAuth2Settings.xoauth2(user: user, token: token)
            : OAuth2Settings.oauthbearer(user: user, token: token, host: endpoint.host, port: endpoint.port)
        let encoded = Data(initial).base64EncodedString()
        let abort = mechanism == .xoauth2 ? "\r\n" : "AQ==\r\n"
        var challenged = false
        let answerChallenge: (IMAPResponse) throws -> Void = { response in
            if case .continuation = response, !challenged {
                challenged = true
                try self.connection.send(Array(abort.utf8))
            }
        }
        do {
            if capabilities.contains("SASL-IR") {
                try run(
                    [.text("AUTHENTICATE \(name) " + encoded)], display: "AUTHENTICATE \(name)",
                    onUntagged: answerChallenge)
            } else {
                try run(
                    [.text("AUTHENTICATE \(name)")], display: "AUTHENTICATE \(name)", continuation: encoded,
                    onUntagged: answerChallenge)
            }
        } catch let error as IMAPError where error.kind == .command {
            throw IMAPError(
                .authentication,
                "the server \(endpoint.host) refused the OAuth2 access token for \(user): \(error.serverText ?? error.description) (the token from oauth2_token_command may have expired or lack the mail scope: run the command in a shell and check that it prints a fresh token)"
            )
        }
    }

    /// Opens `mailbox` read-only (EXAMINE) or read-write (SELECT), with CONDSTORE when offered.
    public func select(_ mailbox: String, readOnly: Bool) throws -> IMAPMailboxStatus {
        var status = IMAPMailboxStatus()
        let condstore = capabilities.contains("CONDSTORE")
        var parts: [Part] = [.text(readOnly ? "EXAMINE " : "SELECT "), Self.mailbox(mailbox)]
        if condstore { parts.append(.text(" (CONDSTORE)")) }
        let done = try run(parts) { response in
            switch response {
            case .exists(let n): status.exists = n
            case .status(_, let code?, _): Self.apply(code, to: &status)
            default: break
            }
        }
        if let code = done.code { Self.apply(code, to: &status) }
        return status
    }

    private static func apply(_ code: IMAPResponseCode, to status: inout IMAPMailboxStatus) {
        switch code.name {
        case "UIDVALIDITY": status.uidValidity = code.number.map { UInt32(truncatingIfNeeded: $0) }
        case "UIDNEXT": status.uidNext = code.number.map { UInt32(truncatingIfNeeded: $0) }
        case "HIGHESTMODSEQ": status.highestModSeq = code.number
        default: break
        }
    }

    /// UIDs greater than `after` in the selected mailbox, ascending.
    public func uidsAfter(_ after: UInt32) throws -> [UInt32] {
        var uids: [UInt32] = []
        try run([.text("UID SEARCH UID \(after &+ 1):*")]) { response in
            if case .search(let list) = response { uids += list }
        }
        return uids.filter { $0 > after }.sorted()
    }

    // MARK: - Commands

    public struct Completion: Sendable {
        public var code: IMAPResponseCode?
        public var text: String
    }

    /// Runs one command to completion. Untagged responses go to `onUntagged` (capabilities are
    /// kept, BYE is remembered); a NO or BAD throws an ``IMAPError`` of kind `.command`.
    @discardableResult
    public func run(
        _ parts: [Part], display: String? = nil, continuation: String? = nil,
        onUntagged: (IMAPResponse) throws -> Void = { _ in }
    ) throws -> Completion {
        let tag = try begin(parts, display: display, continuation: continuation)
        return try complete(tag, display: display ?? Self.display(parts), onUntagged: onUntagged)
    }

    /// Sends a command and returns its tag; finish it with ``complete(_:display:onUntagged:)``.
    public func begin(_ parts: [Part], display: String? = nil, continuation: String? = nil) throws -> String {
        let tag = state.withLock { s -> String in
            s.tag += 1
            return "A\(s.tag)"
        }
        logger.debug("C: \(tag) \(display ?? Self.display(parts))")
        var line: [UInt8] = Array((tag + " ").utf8)
        let literalPlus = capabilities.contains("LITERAL+")
        for part in parts {
            switch part {
            case .text(let t):
                line += Array(t.utf8)
            case .literal(let bytes):
                line += Array("{\(bytes.count)\(literalPlus ? "+" : "")}\r\n".utf8)
                if !literalPlus {
                    try connection.send(line)
                    line = []
                    try waitForContinuation(tag: tag, display: display ?? Self.display(parts))
                }
                line += bytes
            }
        }
        line += [0x0D, 0x0A]
        try connection.send(line)
        if let continuation {
            try waitForContinuation(tag: tag, display: display ?? Self.display(parts))
            try connection.send(Array((continuation + "\r\n").utf8))
        }
        return tag
    }

    /// Reads up to the server's `+` continuation of `tag`; returns whether new mail was
    /// announced (`EXISTS`, `RECENT`) before it: a server tells what arrived since the last
    /// command there, before IDLE's `+ idling`.
    @discardableResult
    private func waitForContinuation(tag: String, display: String) throws -> Bool {
        var announced = false
        while true {
            switch try connection.next() {
            case .continuation: return announced
            case .exists, .recent: announced = true
            case .tagged(tag, let status, _, let text):
                throw IMAPError(
                    .command, "\(display) failed: the server said \(status.rawValue) \(text)", serverText: text)
            default: continue
            }
        }
    }

    /// Reads responses until the tagged completion of `tag`.
    @discardableResult
    public func complete(_ tag: String, display: String, onUntagged: (IMAPResponse) throws -> Void = { _ in })
        throws -> Completion
    {
        func finish(_ status: IMAPStatus, _ code: IMAPResponseCode?, _ text: String) throws -> Completion {
            if let code, code.name == "CAPABILITY" { setCapabilities(code.values.compactMap(\.text)) }
            if status == .ok { return Completion(code: code, text: text) }
            let codeText = code.map { "[\($0.name)] " } ?? ""
            throw IMAPError(
                .command, "\(display) failed: the server said \(status.rawValue) \(codeText)\(text)", serverText: text)
        }
        if let done = state.withLock({ $0.early.removeValue(forKey: tag) }) {
            return try finish(done.status, done.code, done.text)
        }
        var bye: String?
        while true {
            let response: IMAPResponse
            do {
                response = try connection.next()
            } catch let error as IMAPProtocolError {
                // The framing is intact: report the response and go on with the next one.
                logger.warning("\(display): unreadable response from \(endpoint.host): \(error.description)")
                continue
            } catch let error as IMAPError {
                if let bye, error.kind == .connection {
                    throw IMAPError(
                        .connection, "the server \(endpoint.host) ended the session during \(display): \(bye)")
                }
                throw error
            }
            switch response {
            case .tagged(let t, let status, let code, let text) where t == tag:
                return try finish(status, code, text)
            case .tagged(let t, let status, let code, let text):
                state.withLock { $0.early[t] = (status, code, text) }
            case .capability(let list):
                setCapabilities(list)
            case .status(.bye, _, let text):
                bye = text
            default:
                try onUntagged(response)
            }
        }
    }

    // MARK: - IDLE

    /// Waits in IDLE until the server reports new mail (EXISTS) or `timeout` seconds pass.
    /// - Returns: true when something arrived.
    public func idle(timeout: Double) throws -> Bool {
        let tag = try begin([.text("IDLE")])
        var arrived = try waitForContinuation(tag: tag, display: "IDLE")
        let deadline = Date().addingTimeInterval(timeout)
        waiting: while !arrived {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { break }
            do {
                switch try connection.next(timeout: left) {
                case .exists, .recent: arrived = true
                case .status(.bye, _, let text):
                    throw IMAPError(.connection, "the server \(endpoint.host) ended the session during IDLE: \(text)")
                default: continue
                }
            } catch let error as IMAPError where error.kind == .timeout {
                break waiting
            } catch is IMAPProtocolError {
                continue
            }
        }
        try connection.send(Array("DONE\r\n".utf8))
        try complete(tag, display: "IDLE")
        return arrived
    }

    /// Says LOGOUT (ignoring a failure) and closes the connection.
    public func logout() {
        _ = try? run([.text("LOGOUT")])
        connection.close()
    }

    /// Closes the connection without LOGOUT (after an error).
    public func close() { connection.close() }

    // MARK: - Arguments

    static func display(_ parts: [Part]) -> String {
        parts.map {
            switch $0 {
            case .text(let t): return t
            case .literal(let b): return "{\(b.count)}"
            }
        }.joined()
    }

    /// A string argument: quoted when it can be, a literal otherwise.
    public static func string(_ s: String) -> Part {
        let bytes = Array(s.utf8)
        if bytes.contains(where: { $0 < 0x20 || $0 > 0x7E }) { return .literal(bytes) }
        var out = "\""
        for ch in s {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return .text(out + "\"")
    }

    /// A mailbox name in modified UTF-7 (RFC 3501 §5.1.3), quoted.
    public static func mailbox(_ name: String) -> Part {
        string(ModifiedUTF7.encode(name))
    }
}

extension IMAPError {
    init(_ kind: Kind, _ description: String, serverText: String?) {
        self.init(kind, description)
        self.serverText = serverText
    }
}

/// Mailbox names as IMAP writes them: printable ASCII as is, `&` as `&-`, the rest as
/// `&…-` around modified base64 of UTF-16.
public enum ModifiedUTF7 {
    public static func encode(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for u in pending { bytes += [UInt8(u >> 8), UInt8(u & 0xFF)] }
            let b64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: ",")
                .replacingOccurrences(of: "=", with: "")
            out += "&" + b64 + "-"
            pending.removeAll()
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending += Array(String(scalar).utf16)
            }
        }
        flush()
        return out
    }
}
