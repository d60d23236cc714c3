import Crypto
import Foundation

/// SHA-256 of raw message bytes, the key of `raw_message`.
public enum RawDigest {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex SHA-256 of `bytes`. Thread-safe.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }

    /// Lower-case hex SHA-256 of the bytes in `buffer`. Thread-safe.
    public static func sha256Hex(_ buffer: UnsafeRawBufferPointer) -> String {
        let digest = SHA256.hash(data: buffer)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
