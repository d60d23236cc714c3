import Foundation

extension KeyedDecodingContainer {
    /// A duration in seconds from config.toml, written as a number (`20`, `2.5`) or with a unit
    /// (`"30s"`, `"5m"`, `"1h"`); nil when the key is absent. TOML keeps integers and floats apart,
    /// so a plain `timeout = 20` must be read as well as `timeout = 20.0`. `allowZero` accepts
    /// `0`/`"0s"` (an undo window of none); otherwise a duration must be positive.
    func decodeSeconds(forKey key: Key, allowZero: Bool = false) throws -> Double? {
        guard contains(key) else { return nil }
        if let value = try? decode(Double.self, forKey: key) { return value }
        if let value = try? decode(Int.self, forKey: key) { return Double(value) }
        if let text = try? decode(String.self, forKey: key), let value = InboxConfig.seconds(text, allowZero: allowZero)
        {
            return value
        }
        throw DecodingError.dataCorruptedError(
            forKey: key, in: self,
            debugDescription:
                "\(key.stringValue) must be a number of seconds or a duration such as \"30s\", \"5m\" or \"1h\"")
    }
}
