import Foundation
import InboxCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `$VISUAL`/`$EDITOR` on a file in the foreground, on our terminal.
///
/// The caller gives the terminal back first (``NcursesTerminal/suspended(_:)``).
enum ExternalEditor {
    /// Runs `command FILE` through `/bin/sh` (so `EDITOR="code --wait"` works) and waits.
    /// Returns the exit status, or 127 when it cannot start.
    static func run(_ command: String, _ file: String) -> Int32 {
        runShell(command + " \"$1\"", argument: file)
    }

    /// Runs `script` through `/bin/sh -c` with `$1` set to `argument`, in the foreground on our
    /// terminal, and waits. Returns the exit status, or 127 when it cannot start.
    static func runShell(_ script: String, argument: String) -> Int32 {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // The editor gets a clean signal mask and default handlers (Ctrl-C is its own).
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ["/bin/sh", "-c", script, "sh", argument]
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        // While the editor runs, Ctrl-C and Ctrl-\ are for it, not for us.
        let oldInt = signal(SIGINT, SIG_IGN)
        let oldQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, oldInt)
            signal(SIGQUIT, oldQuit)
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, &attr, cArgs, environ) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7F != 0 { return 128 + (status & 0x7F) }
        return (status >> 8) & 0xFF
    }

    /// A new file in the temporary folder (`$TMPDIR`, else /tmp) holding `contents`, for the
    /// editor to open: only this user can read it (mode 0600; a draft holds customer data),
    /// and it is created with O_EXCL, so nothing already in a shared folder is followed or
    /// reused. The name ends in `.txt` so editors pick plain-text mode. The caller unlinks it.
    static func draftFile(prefix: String, contents: [UInt8]) throws -> String {
        var template = Array((FileManager.default.temporaryDirectory.path + "/" + prefix + "XXXXXX.txt").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else {
            throw InboxError(
                .io,
                "cannot create a file in \(FileManager.default.temporaryDirectory.path): \(String(cString: strerror(errno))) "
                    + "(set TMPDIR to a writable folder)")
        }
        defer { close(fd) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var written = 0
        while written < contents.count {
            let n = contents[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw InboxError(.io, "cannot write \(path): \(reason) (check the free space there)")
            }
            written += n
        }
        return path
    }

    /// `|` on the terminal, as mutt does: the raw message goes to `command` on stdin (through a
    /// private temporary file, removed after), its output stays on screen until a key is pressed.
    /// The caller gives the terminal back first.
    static func pipe(_ command: String, raw: [UInt8]) throws -> Int32 {
        let file = try draftFile(prefix: "inbox-pipe", contents: raw)
        defer { unlink(file) }
        // Braces, so `a | b` reads the message in `a`, not just in `b`.
        let status = runShell("{ " + command + "\n} < \"$1\"", argument: file)
        let note = status == 0 ? "" : " (the command ended with status \(status))"
        FileHandle.standardOutput.write(Data("\nPress any key to return to the inbox\(note)… ".utf8))
        waitForKey()
        return status
    }

    /// Reads one key from the terminal without waiting for Enter.
    private static func waitForKey() {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        var byte: UInt8 = 0
        _ = read(STDIN_FILENO, &byte, 1)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }
}
