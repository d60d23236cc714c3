/// Errors of the spool readers. `description` is one sentence a person can act on.
public struct MailReaderError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    public init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    static func errno(_ path: String, _ action: String, hint: String = "") -> MailReaderError {
        let code = Glibc.errno
        let text = String(cString: strerror(code))
        switch code {
        case ENOENT:
            return MailReaderError(path: path, "no such file or folder (check the path)")
        case EACCES, EPERM:
            return MailReaderError(path: path, "permission denied (run as the owner of the file, or fix its mode)")
        default:
            return MailReaderError(path: path, "cannot \(action): \(text)\(hint)")
        }
    }
}

import Glibc
