import Foundation
import TOMLKit

/// A parsed TOML document as plain values, for ``ConfigKeyRecorder``.
indirect enum TOMLNode {
    case table([String: TOMLNode])
    case array([TOMLNode])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// Dates and times, as their TOML text.
    case other(String)
    /// A required key the file lacks: decoded as an empty value so the recording goes on
    /// past it (the real decoder reports the missing key).
    case missing

    init(_ value: TOMLValueConvertible) {
        if let table = value.table {
            var dict: [String: TOMLNode] = [:]
            for key in table.keys { if let v = table[key] { dict[key] = TOMLNode(v) } }
            self = .table(dict)
        } else if let array = value.array {
            self = .array(array.map { TOMLNode($0) })
        } else if let s = value.string {
            self = .string(s)
        } else if let b = value.bool {
            self = .bool(b)
        } else if let i = value.int {
            self = .int(i)
        } else if let d = value.double {
            self = .double(d)
        } else {
            self = .other("\(value)")
        }
    }
}

/// One step of a path into a TOML document: a key, or an index into an array.
enum TOMLPathStep: Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    var description: String {
        switch self {
        case .key(let k): return k
        case .index(let i): return "[\(i)]"
        }
    }
}

/// Which keys the `Decodable` config types asked for, table by table.
///
/// The types are the one list of known keys: a property added to a config struct becomes a
/// known key with no list to update. A table decoded as a dictionary (its `allKeys` read)
/// takes any key.
final class ConfigKeyLog {
    var asked: [[TOMLPathStep]: Set<String>] = [:]
    var open: Set<[TOMLPathStep]> = []

    func ask(_ key: String, at path: [TOMLPathStep]) { asked[path, default: []].insert(key) }
    func visit(_ path: [TOMLPathStep]) { if asked[path] == nil { asked[path] = [] } }
}

/// A `Decoder` over a ``TOMLNode`` that records every key asked for in a ``ConfigKeyLog``.
/// It decodes the same way as TOMLKit's decoder for the types config files use.
struct ConfigKeyRecorder: Decoder {
    let node: TOMLNode
    let path: [TOMLPathStep]
    let log: ConfigKeyLog

    var codingPath: [any CodingKey] { path.map { step in AnyKey(step.description) } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .missing = node { return KeyedDecodingContainer(Keyed<Key>(dict: [:], decoder: self)) }
        guard case .table(let dict) = node else {
            throw DecodingError.typeMismatch(
                [String: Any].self, .init(codingPath: codingPath, debugDescription: "not a table"))
        }
        log.visit(path)
        return KeyedDecodingContainer(Keyed<Key>(dict: dict, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        if case .missing = node { return Unkeyed(items: [], decoder: self) }
        guard case .array(let items) = node else {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "not an array"))
        }
        return Unkeyed(items: items, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func child(_ node: TOMLNode, _ step: TOMLPathStep) -> ConfigKeyRecorder {
        ConfigKeyRecorder(node: node, path: path + [step], log: log)
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func mismatch<T>(_ type: T.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "unexpected value"))
    }

    func primitive<T>(_ type: T.Type) throws -> T {
        switch (node, type) {
        case (.string(let s), is String.Type): return s as! T
        case (.bool(let b), is Bool.Type): return b as! T
        case (.int(let i), is Int.Type): return i as! T
        case (.int(let i), is Int64.Type): return Int64(i) as! T
        case (.int(let i), is Int32.Type): if let v = Int32(exactly: i) { return v as! T }
        case (.int(let i), is UInt.Type): if let v = UInt(exactly: i) { return v as! T }
        case (.int(let i), is UInt16.Type): if let v = UInt16(exactly: i) { return v as! T }
        case (.double(let d), is Double.Type): return d as! T
        case (.int(let i), is Double.Type): return Double(i) as! T
        case (.double(let d), is Float.Type): return Float(d) as! T
        case (.other(let s), is String.Type): return s as! T
        case (.missing, is String.Type): return "" as! T
        case (.missing, is Bool.Type): return false as! T
        case (.missing, is Int.Type): return 0 as! T
        case (.missing, is Double.Type): return 0.0 as! T
        default: break
        }
        throw mismatch(type)
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let dict: [String: TOMLNode]
        let decoder: ConfigKeyRecorder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] {
            decoder.log.open.insert(decoder.path)
            return dict.keys.compactMap { Key(stringValue: $0) }
        }

        func contains(_ key: Key) -> Bool {
            decoder.log.ask(key.stringValue, at: decoder.path)
            return dict[key.stringValue] != nil
        }

        func node(_ key: Key) throws -> TOMLNode {
            decoder.log.ask(key.stringValue, at: decoder.path)
            return dict[key.stringValue] ?? .missing
        }

        func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try T(from: decoder.child(try node(key), .key(key.stringValue)))
        }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(type, key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(type, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(type, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(type, key) }

        private func value<T>(_ type: T.Type, _ key: Key) throws -> T {
            try decoder.child(try node(key), .key(key.stringValue)).primitive(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try decoder.child(try node(key), .key(key.stringValue)).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try decoder.child(try node(key), .key(key.stringValue)).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(try node(key), .key(key.stringValue)) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [TOMLNode]
        let decoder: ConfigKeyRecorder
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        mutating func next() throws -> ConfigKeyRecorder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    Any.self, .init(codingPath: codingPath, debugDescription: "end of array"))
            }
            defer { currentIndex += 1 }
            return decoder.child(items[currentIndex], .index(currentIndex))
        }

        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: try next()) }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try next().primitive(type) }
        mutating func decode(_ type: String.Type) throws -> String { try next().primitive(type) }
        mutating func decode(_ type: Double.Type) throws -> Double { try next().primitive(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try next().primitive(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next().primitive(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().primitive(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().primitive(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().primitive(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().primitive(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next().primitive(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().primitive(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().primitive(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().primitive(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().primitive(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try next().container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: ConfigKeyRecorder
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { if case .missing = decoder.node { return true } else { return false } }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
        func decode(_ type: Bool.Type) throws -> Bool { try decoder.primitive(type) }
        func decode(_ type: String.Type) throws -> String { try decoder.primitive(type) }
        func decode(_ type: Double.Type) throws -> Double { try decoder.primitive(type) }
        func decode(_ type: Float.Type) throws -> Float { try decoder.primitive(type) }
        func decode(_ type: Int.Type) throws -> Int { try decoder.primitive(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decoder.primitive(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decoder.primitive(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decoder.primitive(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decoder.primitive(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try decoder.primitive(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.primitive(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.primitive(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.primitive(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.primitive(type) }
    }
}
