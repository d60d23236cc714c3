import Foundation
import NIOCore
import NIOPosix

/// Networking failures in words a person can act on, instead of SwiftNIO's internals
/// (`SingleConnectionFailure(target: [IPv4]127.0.0.1/…`): what failed, and which `[smtp]`
/// setting to check.
enum ConnectErrorText {
    /// "could not connect to 127.0.0.1:2526: connection refused — check [smtp] port".
    static func describe(_ error: any Error, host: String, port: Int) -> String {
        let target = "\(host):\(port)"
        if let e = error as? NIOConnectionError {
            if let errno = e.connectionErrors.lazy.compactMap({ ($0.error as? IOError)?.errnoCode }).first {
                return "could not connect to \(target): \(reason(errno: errno))"
            }
            if let first = e.connectionErrors.first {
                return describe(first.error, host: host, port: port)
            }
            if e.dnsAError != nil || e.dnsAAAAError != nil {
                return "could not find the host \"\(host)\" — check [smtp] host (and the network)"
            }
            return "could not connect to \(target) — check [smtp] host and port"
        }
        if let e = error as? IOError {
            return "could not connect to \(target): \(reason(errno: e.errnoCode))"
        }
        if let e = error as? ChannelError, case .connectTimeout(let t) = e {
            return
                "could not connect to \(target): no answer within \(t.nanoseconds / 1_000_000_000) s — check [smtp] host, port and firewall"
        }
        if error is SocketAddressError {
            return "could not find the host \"\(host)\" — check [smtp] host (and the network)"
        }
        return "could not connect to \(target): \(error)"
    }

    /// The errno of a failed connect, in words, with the setting to check.
    static func reason(errno: Int32) -> String {
        switch errno {
        case ECONNREFUSED: return "connection refused — check [smtp] port (nothing listens there)"
        case ETIMEDOUT: return "no answer (timed out) — check [smtp] host, port and firewall"
        case EHOSTUNREACH, ENETUNREACH: return "the host cannot be reached — check [smtp] host and the network"
        case ECONNRESET: return "the server reset the connection — check [smtp] port and tls"
        case EACCES, EPERM: return "the connection was not permitted — check the firewall"
        default: return String(cString: strerror(errno)) + " — check [smtp] host and port"
        }
    }
}
