import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one runner for every command the configuration names (`password_command`,
/// `oauth2_token_command`, `lookup_command`, `send_command`, `sendmail_command`): `/bin/sh -c`,
/// bytes on stdin, stdout and stderr captured, and a timeout.
///
/// What the caller must know:
/// - The command runs in its own process group; on timeout the whole group is killed, so a
///   script that started `sleep` or `curl` cannot keep the caller waiting.
/// - `run` blocks the calling thread until the command ends or the timeout passes: call it off the
///   UI loop.
/// - Errors name the command by its `purpose` ("password_command of account support"), never by
///   its text or output, which may hold a secret. Callers decide whether stderr may be shown.
public struct ExternalCommand: Sendable {
    /// The shell command line, run by `/bin/sh -c`.
    public var command: String
    /// What the command is for, used in error messages ("lookup_command of store nordlys").
    public var purpose: String
    /// Seconds before the command's process group is killed.
    public var timeout: TimeInterval

    public init(_ command: String, purpose: String, timeout: TimeInterval = 30) {
        self.command = command
        self.purpose = purpose
        self.timeout = timeout
    }

    /// What a finished command left behind.
    public struct Result: Sendable, Equatable {
        /// The exit status (a killed command reports 128 + the signal number).
        public var status: Int32
        public var stdout: [UInt8]
        /// The command's error output as text, trimmed.
        public var stderr: String
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The command could not be started, or did not finish in time.
    public struct Failure: Error, Sendable, CustomStringConvertible, Equatable {
        public enum Kind: Sendable, Equatable { case cannotStart, timedOut }
        public var kind: Kind
        public var description: String
    }

    /// Runs the command with `input` on stdin and returns what it printed and its status.
    /// A non-zero status is not an error here: the caller knows what each status means.
    /// - Throws: ``Failure`` when the shell cannot start or the timeout passes.
    public func run(input: [UInt8] = [], environment: [String: String]? = nil) throws -> Result {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        var stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0 else { throw startFailure(errno) }
        guard pipe(&stdoutPipe) == 0 else {
            closeAll(stdinPipe)
            throw startFailure(errno)
        }
        guard pipe(&stderrPipe) == 0 else {
            closeAll(stdinPipe + stdoutPipe)
            throw startFailure(errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        // The child gets stdin, stdout and stderr and nothing else: every other descriptor of
        // `inbox` that is not close-on-exec (the database, a log file, a socket) would otherwise
        // leak into a script that may run for seconds or keep a child of its own alive. The pipes'
        // own ends are ≥ 3 too, so this also closes them after the dup2s above.
        closeFrom3(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ["/bin/sh", "-c", command]
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cArgv in
            withCStrings(env) { cEnv in posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArgv, cEnv) }
        }
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard spawned == 0 else {
            closeAll([stdinPipe[1], stdoutPipe[0], stderrPipe[0]])
            throw startFailure(spawned)
        }

        let deadline = Date().addingTimeInterval(timeout)
        var pending = input[...]
        var writeFD: Int32 = stdinPipe[1]
        if pending.isEmpty {
            close(writeFD)
            writeFD = -1
        } else {
            _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
        }
        var out: [UInt8] = []
        var err: [UInt8] = []
        var readFDs: [Int32] = [stdoutPipe[0], stderrPipe[0]]
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !readFDs.isEmpty || writeFD >= 0 {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 {
                timedOut = true
                break
            }
            var polls = readFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if writeFD >= 0 { polls.append(pollfd(fd: writeFD, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&polls, nfds_t(polls.count), Int32(min(left, 1) * 1000) + 1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for p in polls where p.revents != 0 {
                if p.fd == writeFD {
                    let n = pending.withUnsafeBytes { write(writeFD, $0.baseAddress, $0.count) }
                    if n > 0 { pending = pending.dropFirst(n) }
                    if n < 0 && errno != EAGAIN && errno != EINTR || pending.isEmpty {
                        close(writeFD)
                        writeFD = -1
                    }
                    continue
                }
                let n = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if p.fd == stdoutPipe[0] { out += buffer[0..<n] } else { err += buffer[0..<n] }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(p.fd)
                    readFDs.removeAll { $0 == p.fd }
                }
            }
        }
        if timedOut { kill(-pid, SIGKILL) }
        if writeFD >= 0 { close(writeFD) }
        closeAll(readFDs)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut {
            throw Failure(
                kind: .timedOut,
                description:
                    "\(purpose) did not finish within \(Self.seconds(timeout)) and was stopped (make it faster, or raise its timeout)"
            )
        }
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(
            status: exit, stdout: out,
            stderr: String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs a command that prints a secret (a password or an access token) and returns its first
    /// line without CR/LF. Its stdin is empty and its stderr is never quoted.
    /// - Throws: ``Failure`` (cannot start, timed out) or ``InboxError`` of code `.config` for a
    ///   non-zero exit or an empty first line.
    public func secret() throws -> String {
        let result = try run()
        guard result.status == 0 else {
            throw InboxError(
                .config, "\(purpose) failed with exit status \(result.status) (run it in a shell to see why)")
        }
        // Bytes, not Characters: "\r\n" is one Character in Swift and would hide the line end.
        var line = result.stdout.prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        let value = String(decoding: line, as: UTF8.self)
        guard !value.isEmpty else {
            throw InboxError(.config, "\(purpose) printed nothing on its first line (it must print the secret there)")
        }
        return value
    }

    private func startFailure(_ code: Int32) -> Failure {
        Failure(
            kind: .cannotStart,
            description:
                "cannot run \(purpose): \(String(cString: strerror(code))) (check that /bin/sh exists and the system has free processes)"
        )
    }

    private func closeAll(_ fds: [Int32]) { for fd in fds { close(fd) } }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does
    /// not declare: looked up once by name.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    nonisolated(unsafe) private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Adds to `actions` the closing of every descriptor from 3 up, in the child: in one step where
    /// the C library can, else each descriptor open now (listed in /proc/self/fd, else up to 1024).
    private func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        if let addCloseFrom = Self.addCloseFrom, addCloseFrom(&actions, 3) == 0 { return }
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
        for fd in listed ?? Array(3..<1024) where fd >= 3 { posix_spawn_file_actions_addclose(&actions, fd) }
    }

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
    }
}

/// Calls `body` with a NULL-terminated C array of the strings, valid for the call only.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { for p in pointers { free(p) } }
    return body(pointers + [nil])
}
