import Foundation

/// Errors of the InboxCore library. `description` is a sentence a person can act on.
public struct InboxError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case database, config, notFound, badInput, io, conflict
    }

    public var code: Code
    public var description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
