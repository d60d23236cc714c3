import Foundation
import Glibc

/// The locks mail delivery agents honour on a live spool file (`/var/mail/USER`): a dotlock
/// (`USER.lock`, when the folder is writable) and an fcntl read lock. Reading under them
/// never modifies the spool.
public final class SpoolLock {
    private let path: String
    private var dotlockPath: String?
    private var fd: Int32 = -1

    /// Takes both locks, waiting up to `timeout` seconds for a mail delivery in progress.
    /// A dotlock older than 5 minutes is considered stale and removed.
    /// - Throws: ``MailReaderError`` when the spool stays locked.
    public init(path: String, timeout: Double = 10) throws {
        self.path = path
        let deadline = Date().addingTimeInterval(timeout)
        let lockPath = path + ".lock"
        while true {
            let lfd = open(lockPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
            if lfd >= 0 {
                let pid = "\(getpid())\n"
                _ = pid.withCString { write(lfd, $0, strlen($0)) }
                close(lfd)
                dotlockPath = lockPath
                break
            }
            if errno == EACCES || errno == EROFS || errno == EPERM {
                break  // cannot dotlock in this folder: rely on the fcntl lock alone
            }
            if errno != EEXIST { throw MailReaderError.errno(lockPath, "create the lock file") }
            var st = stat()
            if stat(lockPath, &st) == 0, time(nil) - st.st_mtim.tv_sec > 300 {
                unlink(lockPath)
                continue
            }
            if Date() > deadline {
                throw MailReaderError(
                    path: path, "is locked by another program (\(lockPath) exists); try again in a moment")
            }
            usleep(200_000)
        }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let error = MailReaderError.errno(path, "open it")
            release()
            throw error
        }
        var fl = flock()
        fl.l_type = Int16(F_RDLCK)
        fl.l_whence = Int16(SEEK_SET)
        fl.l_start = 0
        fl.l_len = 0
        while fcntl(fd, F_SETLK, &fl) != 0 {
            if Date() > deadline {
                release()
                throw MailReaderError(path: path, "is locked by another program (fcntl); try again in a moment")
            }
            usleep(200_000)
        }
    }

    /// Releases both locks. Safe to call twice.
    public func release() {
        if fd >= 0 {
            close(fd)  // drops the fcntl lock
            fd = -1
        }
        if let dotlockPath {
            unlink(dotlockPath)
            self.dotlockPath = nil
        }
    }

    deinit { release() }

    /// True for paths under the system mail spool, where locking is the norm.
    public static func isSystemSpool(_ path: String) -> Bool {
        path.hasPrefix("/var/mail/") || path.hasPrefix("/var/spool/mail/")
    }
}
