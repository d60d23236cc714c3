import Foundation
import NIOCore
import NIOSSL

/// Errors of IMAP sync. `description` is a sentence a user can act on; the sync adds the account,
/// folder and command it was running.
public struct IMAPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The account's settings are wrong or incomplete: retrying does not help.
        case config
        /// The server refused the user name or password: retrying does not help.
        case authentication
        /// The server's certificate is not trusted: retrying does not help.
        case certificate
        /// The connection failed, dropped or was refused: worth retrying.
        case connection
        case timeout
        /// The server answered NO or BAD to a command.
        case command
        /// The server sent something the client cannot read.
        case protocolError
    }

    public var kind: Kind
    public var description: String
    /// The text of a NO or BAD from the server, when that is what failed.
    public var serverText: String?

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// Worth another attempt after a pause (the connection may come back).
    public var isTransient: Bool { kind == .connection || kind == .timeout || kind == .protocolError }

    /// This error with a context prefix ("account support, folder INBOX: ").
    func prefixed(_ context: String) -> IMAPError {
        IMAPError(kind, context + description)
    }

    /// A short text for a NIO or TLS error.
    static func describe(_ error: any Error) -> String {
        if let e = error as? IMAPError { return e.description }
        if let e = error as? NIOSSLError {
            return "TLS failed (\(e))"
        }
        if let e = error as? IOError { return e.description }
        if error is ChannelError { return "\(error)" }
        return "\(error)"
    }

    /// True when a failure text says that the peer's certificate was not trusted.
    static func isCertificateFailure(_ text: String) -> Bool {
        let t = text.uppercased()
        return t.contains("CERTIFICATE_VERIFY_FAILED") || t.contains("CERTIFICATE VERIFY FAILED")
            || t.contains("UNABLE TO GET LOCAL ISSUER") || t.contains("SELF SIGNED") || t.contains("SELF-SIGNED")
            || t.contains("UNABLEToVALIDATECERTIFICATE".uppercased()) || t.contains("HOSTNAME")
    }
}
