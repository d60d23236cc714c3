import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A Dovecot IMAP server for one test: its own temp folder, config, Maildir and free ports on
/// 127.0.0.1 (research/test-material.md §2.1). As root it runs as `nobody` through setpriv.
/// Stop it with ``stop()``; deinit stops it too.
public final class DovecotServer: @unchecked Sendable {
    // Mutable state (`pid`, `exited`) is touched only by the test that owns the server, one call at a time.
    public static let user = "agent@example.test"
    public static let password = "secret"

    /// An `[[account]]` section of the config for the test user on this server: `name`,
    /// `host`, `port` and `tls`, then `extra` (more keys of the account).
    public static func account(
        _ name: String, host: String = "127.0.0.1", port: Int, tls: String = "none", _ extra: String = ""
    ) -> String {
        """
        [[account]]
        name = "\(name)"
        host = "\(host)"
        port = \(port)
        tls = "\(tls)"
        user = "\(user)"
        \(extra)

        """
    }

    public let folder: TemporaryFolder
    public let port: Int
    public let tlsPort: Int?
    /// The CA certificate that signed the server's certificate (with TLS).
    public let caFile: String?
    private var pid: pid_t?
    private var exited = false
    /// With OAuth2: the token-introspection URL Dovecot's `oauth2` passdb asks.
    public let oauth2Introspection: String?

    /// Whether Dovecot is installed (`make deps` installs it); tests skip cleanly without it.
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/dovecot")
    }

    public var dir: String { folder.path }
    public var maildir: String { dir + "/mail/\(Self.user)/Maildir" }

    /// - Parameter oauth2Introspection: a token-introspection URL (``OAuth2Introspector/url``):
    ///   XOAUTH2 and OAUTHBEARER are then offered and checked by Dovecot's `oauth2` passdb.
    public init(tls: Bool = false, oauth2Introspection: String? = nil) throws {
        self.oauth2Introspection = oauth2Introspection
        folder = TemporaryFolder("dovecot")
        port = try Self.freePort()
        tlsPort = tls ? try Self.freePort() : nil
        caFile = tls ? folder.file("ca.pem") : nil
        if tls { try makeCertificates() }
        try writeConfig()
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true)
        }
    }

    deinit { stop() }

    static var isRoot: Bool { getuid() == 0 }

    /// A port that was free a moment ago.
    ///
    /// A random port below Linux's ephemeral range (32768–60999) that binds now: a port the
    /// kernel hands out with bind(0) comes from that range, where the suite's own outgoing
    /// connections (hundreds to PostgreSQL, IMAP and SMTP) take their source ports, and one of
    /// them once took a Dovecot's port between this check and the server's start.
    public static func freePort() throws -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: 20_000..<32_000)
            if try bindable(candidate) != nil { return candidate }
        }
        guard let any = try bindable(0) else { throw HarnessError("cannot find a free port") }
        return any
    }

    /// Binds a socket to 127.0.0.1:`port` (0: any) and closes it; returns the port, or nil
    /// when it is taken.
    private static func bindable(_ port: Int) throws -> Int? {
        onLoopback(port) { fd, address, length in
            guard bind(fd, address, length) == 0, getsockname(fd, address, &length) == 0 else { return nil }
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                Int(UInt16(bigEndian: $0.pointee.sin_port))
            }
        }
    }

    /// Runs `body` with a new TCP socket and the address 127.0.0.1:`port` (and its length);
    /// the socket is closed after. What `bindable` and `canConnect` share.
    private static func onLoopback<T>(
        _ port: Int, _ body: (Int32, UnsafeMutablePointer<sockaddr>, inout socklen_t) -> T
    ) -> T {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(fd, $0, &length) }
        }
    }

    private func makeCertificates() throws {
        let d = dir
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: d + "/san.ext"))
        try Self.shell(
            """
            cd '\(d)' && \
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/CN=Inbox Test CA' && \
            openssl req -newkey rsa:2048 -nodes -keyout key.pem -out server.csr -subj /CN=localhost && \
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 30 -extfile san.ext
            """)
    }

    private func writeConfig() throws {
        let d = dir
        let runUser = Self.isRoot ? "nobody" : (ProcessInfo.processInfo.environment["USER"] ?? "nobody")
        let uid = Self.isRoot ? 65534 : Int(getuid())
        let gid = Self.isRoot ? 65534 : Int(getgid())
        let group = Self.isRoot ? "nogroup" : (String(cString: getgrgid(getgid()).pointee.gr_name))
        var tlsSettings = "ssl = no"
        var imaps = "  inet_listener imaps {\n    address = 127.0.0.1\n    port = 0\n    ssl = yes\n  }"
        if let tlsPort {
            tlsSettings = "ssl = yes\nssl_cert = <\(d)/cert.pem\nssl_key = <\(d)/key.pem"
            imaps = "  inet_listener imaps {\n    address = 127.0.0.1\n    port = \(tlsPort)\n    ssl = yes\n  }"
        }
        var mechanisms = "plain login"
        var oauth2Passdb = ""
        if let url = oauth2Introspection {
            mechanisms += " xoauth2 oauthbearer"
            oauth2Passdb = """
                passdb {
                  driver = oauth2
                  mechanisms = xoauth2 oauthbearer
                  args = \(d)/dovecot-oauth2.conf.ext
                }
                """
            let settings = """
                introspection_mode = post
                introspection_url = \(url)
                username_attribute = username
                active_attribute = active
                active_value = true

                """
            try Data(settings.utf8).write(to: URL(fileURLWithPath: d + "/dovecot-oauth2.conf.ext"))
        }
        let config = """
            protocols = imap
            listen = 127.0.0.1
            base_dir = \(d)/run
            state_dir = \(d)/state
            instance_name = test-\(port)
            log_path = \(d)/dovecot.log
            info_log_path = \(d)/dovecot.log
            default_internal_user = \(runUser)
            default_internal_group = \(group)
            default_login_user = \(runUser)
            first_valid_uid = \(uid)
            last_valid_uid = \(uid)
            first_valid_gid = 0
            \(tlsSettings)
            disable_plaintext_auth = no
            shutdown_clients = yes
            auth_mechanisms = \(mechanisms)
            mail_location = maildir:\(d)/mail/%u/Maildir
            namespace inbox {
              inbox = yes
              separator = /
              mailbox Archive {
                auto = create
              }
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u \(d)/users
            }
            \(oauth2Passdb)
            userdb {
              driver = passwd-file
              args = username_format=%u \(d)/users
              default_fields = uid=\(uid) gid=\(gid) home=\(d)/mail/%u
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = \(port)
              }
            \(imaps)
            }
            service anvil {
              chroot =
            }
            service stats {
              chroot =
            }

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: d + "/dovecot.conf"))
        try Data("\(Self.user):{PLAIN}\(Self.password)::::::\n".utf8).write(to: URL(fileURLWithPath: d + "/users"))
    }

    /// Writes messages into the Maildir (`cur/`), as a delivery agent would.
    public func seed(_ messages: [[UInt8]], prefix: String = "seed") throws {
        for (i, m) in messages.enumerated() {
            let name = "\(Int(Date().timeIntervalSince1970)).\(prefix)\(i).test:2,"
            try Data(m).write(to: URL(fileURLWithPath: maildir + "/cur/" + name))
        }
        try fixOwnership()
    }

    private func fixOwnership() throws {
        if Self.isRoot { try Self.shell("chown -R 65534:65534 '\(dir)'") }
    }

    public func start() throws {
        try fixOwnership()
        let argv =
            (Self.isRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [])
            + ["/usr/sbin/dovecot", "-F", "-c", dir + "/dovecot.conf"]
        pid = try Self.spawn(argv)
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if Self.canConnect(port), tlsPort.map(Self.canConnect) ?? true { return }
            if !isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let log = (try? String(contentsOfFile: dir + "/dovecot.log", encoding: .utf8)) ?? ""
        stop()
        throw HarnessError("Dovecot did not start on port \(port): \(log.suffix(800))")
    }

    /// Starts a program with default signal handling and no blocked signals: the test runner
    /// blocks SIGTERM in its threads, and Dovecot would inherit that and never stop.
    /// `stdout` names a file that receives the program's standard output (else /dev/null).
    public static func spawn(_ argv: [String], environment: [String: String]? = nil, stdout: String? = nil) throws
        -> pid_t
    {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var pid: pid_t = 0
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map {
            $0.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for e in envp ?? [] { free(e) } }
        let rc: Int32
        if let envp {
            rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, envp)
        } else {
            rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, environ)
        }
        guard rc == 0 else { throw HarnessError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Stops the server (SIGTERM) and waits for it to exit. Dovecot's mail processes outlive
    /// their master and would finish the command they are serving; they are killed too, so
    /// clients see their connection drop as when a machine goes down.
    public func stop() {
        guard let p = pid else { return }
        let children = Self.descendants(of: p)
        kill(p, SIGTERM)
        for c in children { kill(c, SIGKILL) }
        let deadline = Date().addingTimeInterval(10)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if isRunning {
            kill(p, SIGKILL)
            var status: Int32 = 0
            waitpid(p, &status, 0)
        }
        pid = nil
        exited = false
        // Wait until the port is free again so a restart can bind it.
        let until = Date().addingTimeInterval(5)
        while Self.canConnect(port), Date() < until { Thread.sleep(forTimeInterval: 0.05) }
    }

    static func descendants(of root: pid_t) -> [pid_t] {
        var parent: [pid_t: pid_t] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name),
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = pid_t(fields[1]) { parent[pid] = ppid }
        }
        var out: [pid_t] = []
        var frontier = [root]
        while let next = frontier.popLast() {
            for (child, ppid) in parent where ppid == next {
                out.append(child)
                frontier.append(child)
            }
        }
        return out
    }

    public var isRunning: Bool {
        guard let p = pid else { return false }
        if exited { return false }
        var status: Int32 = 0
        if waitpid(p, &status, WNOHANG) == p { exited = true }
        return !exited
    }

    /// Makes the server forget its UIDs (a new UIDVALIDITY), as after a restore from backup.
    /// Call while stopped.
    public func resetUIDValidity() throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: maildir) where name.hasPrefix("dovecot") {
            if name == "dovecot-uidlist" {
                let path = maildir + "/" + name
                var text = try String(contentsOfFile: path, encoding: .utf8)
                if let range = text.range(of: #" V\d+"#, options: .regularExpression) {
                    let old = Int(text[range].dropFirst(2)) ?? 0
                    text.replaceSubrange(range, with: " V\(old + 1000)")
                }
                try text.write(toFile: path, atomically: false, encoding: .utf8)
            } else {
                try fm.removeItem(atPath: maildir + "/" + name)
            }
        }
    }

    public static func canConnect(_ port: Int) -> Bool {
        onLoopback(port) { fd, address, length in connect(fd, address, length) == 0 }
    }

    @discardableResult
    public static func shell(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw HarnessError("`\(command.prefix(80))` failed: \(text.suffix(500))")
        }
        return text
    }
}

public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
