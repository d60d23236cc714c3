/// One header field of a message, for display and tools such as `inbox parse`.
public struct HeaderField: Sendable, Hashable {
    /// The field name as written (case kept).
    public var name: String
    /// The value unfolded, with RFC 2047 words decoded and raw 8-bit text read as UTF-8 or
    /// windows-1252.
    public var value: String
    /// The field's exact bytes, including the name and the final line break.
    public var raw: ArraySlice<UInt8>

    public init(name: String, value: String, raw: ArraySlice<UInt8>) {
        self.name = name
        self.value = value
        self.raw = raw
    }
}
