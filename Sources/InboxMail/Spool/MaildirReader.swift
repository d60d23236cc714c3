import Foundation
import Glibc

/// One file of a Maildir.
public struct MaildirEntry: Sendable, Hashable {
    /// Path of the file.
    public var path: String
    /// The unique part of the name (before `:2,`), stable when flags change or the file moves
    /// from `new/` to `cur/`.
    public var uniqueName: String
    /// Info flags (`S` seen, `R` replied, `F` flagged, `T` trashed, `D` draft, `P` passed).
    public var flags: String
    /// True for `new/`.
    public var isNew: Bool
}

/// Lists the messages of a Maildir (and of Maildirs nested below it) without changing anything.
public enum MaildirReader {
    /// True when `path` holds a `cur/` or a `new/` folder (copies kept in git often lack the
    /// empty one).
    public static func isMaildir(_ path: String) -> Bool {
        isFolder(path + "/cur") || isFolder(path + "/new")
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Every Maildir at or below `path` (Maildir++ `.Folder`s and plain nested folders), sorted.
    /// - Throws: ``MailReaderError`` when `path` is missing or holds no Maildir at all.
    public static func folders(at path: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw MailReaderError(path: path, "no such file or folder (check the path)")
        }
        guard isDir.boolValue else {
            throw MailReaderError(
                path: path, "is a file, not a Maildir folder (use `inbox import mbox` or `inbox import eml`)")
        }
        var found: [String] = []
        func walk(_ dir: String, depth: Int) {
            if isMaildir(dir) { found.append(dir) }
            guard depth < 8, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names.sorted() where !["cur", "new", "tmp"].contains(name) {
                let child = dir + "/" + name
                var childIsDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: child, isDirectory: &childIsDir), childIsDir.boolValue {
                    walk(child, depth: depth + 1)
                }
            }
        }
        walk(path, depth: 0)
        if found.isEmpty {
            throw MailReaderError(path: path, "not a Maildir: it has no cur/ or new/ folder (nor any Maildir below it)")
        }
        return found
    }

    /// The message files of one Maildir (`new/` and `cur/`), oldest name first.
    public static func entries(of maildir: String) throws -> [MaildirEntry] {
        var result: [MaildirEntry] = []
        for sub in ["new", "cur"] {
            let dir = maildir + "/" + sub
            if !isFolder(dir) { continue }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: dir)
            } catch {
                throw MailReaderError(path: dir, "cannot list the folder (check its permissions)")
            }
            for name in names where !name.hasPrefix(".") {
                let unique: String
                var flags = ""
                if let colon = name.range(of: ":2,") ?? name.range(of: "!2,") {
                    unique = String(name[..<colon.lowerBound])
                    flags = String(name[colon.upperBound...])
                } else if let colon = name.firstIndex(of: ":") {
                    unique = String(name[..<colon])
                } else {
                    unique = name
                }
                result.append(
                    MaildirEntry(path: dir + "/" + name, uniqueName: unique, flags: flags, isNew: sub == "new"))
            }
        }
        result.sort { $0.uniqueName < $1.uniqueName }
        return result
    }
}
