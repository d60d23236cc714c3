/// An optional that JSON always shows: `nil` is written as `null` instead of leaving the key out,
/// so readers of the documented JSON (docs/json.md) find every field. Mark the property and let
/// `Codable` be synthesized:
///
///     @ExplicitNull public var median: TimeInterval? = nil
///
/// Decoding takes a missing key or `null` as `nil`, as for a plain optional.
@propertyWrapper
public struct ExplicitNull<Wrapped> {
    public var wrappedValue: Wrapped?

    public init(wrappedValue: Wrapped?) {
        self.wrappedValue = wrappedValue
    }
}

extension ExplicitNull: Sendable where Wrapped: Sendable {}
extension ExplicitNull: Equatable where Wrapped: Equatable {}
extension ExplicitNull: Hashable where Wrapped: Hashable {}

extension ExplicitNull: Encodable where Wrapped: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue)
    }
}

extension ExplicitNull: Decodable where Wrapped: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Wrapped.self)
    }
}

extension KeyedDecodingContainer {
    /// A missing key is `nil` (synthesized `Decodable` asks for the wrapper, which is not optional).
    public func decode<Wrapped: Decodable>(
        _ type: ExplicitNull<Wrapped>.Type, forKey key: Key
    ) throws -> ExplicitNull<Wrapped> {
        ExplicitNull(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

/// A value encoded as itself plus one more key beside its own (for example `inbox show --json`'s
/// ticket with its `orders`, or an export line's ticket with its `reviews`).
public struct WithExtraKey<Base: Encodable, Extra: Encodable>: Encodable {
    public var base: Base
    public var key: String
    public var extra: Extra

    public init(_ base: Base, _ key: String, _ extra: Extra) {
        self.base = base
        self.key = key
        self.extra = extra
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(extra, forKey: Key(stringValue: key))
    }
}
