/// File names from mail made safe to create inside a folder.
public enum SafeFilename {
    /// The longest name produced, in UTF-8 bytes.
    public static let maxBytes = 200

    /// A name safe to create inside a folder.
    ///
    /// No "/" or "\\", no NUL/control chars, no leading dot, not "." or "..", at most 200 UTF-8 bytes
    /// (keeping the extension), never empty (the fallback is "attachment" plus an extension guessed from
    /// the content type, "attachment.bin" when unknown). Only the last path component is kept
    /// ("../../etc/passwd" → "passwd"); control characters, bidirectional overrides and other invisible
    /// format characters are removed.
    public static func make(_ name: String?, contentType: String?) -> String {
        var scalars = String.UnicodeScalarView()
        if let name {
            // Keep the last path component.
            var component = Substring(name).unicodeScalars[...]
            if let sep = component.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
                component = component[component.index(after: sep)...]
            }
            for s in component where !isUnsafe(s) { scalars.append(s) }
        }
        var result = String(scalars)
        result = trim(result)
        while result.hasPrefix(".") { result.removeFirst() }
        result = trim(result)
        if result.isEmpty || result == "." || result == ".." {
            return fallback(contentType: contentType)
        }
        return truncate(result)
    }

    private static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v <= 0x9F) { return true }
        switch v {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFEFF, 0xFFF9...0xFFFB:
            return true
        default:
            return false
        }
    }

    /// Without leading and trailing spaces, and without trailing dots (which some systems drop).
    private static func trim(_ s: String) -> String {
        var t = Substring(s)
        while let f = t.first, f == " " || f == "\u{3000}" { t.removeFirst() }
        while let l = t.last, l == " " || l == "." || l == "\u{3000}" { t.removeLast() }
        return String(t)
    }

    /// Cuts the stem so the whole name fits `maxBytes`, keeping a short extension.
    private static func truncate(_ name: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        var stem = Substring(name)
        var ext = Substring("")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let candidate = name[dot...]
            if candidate.utf8.count <= 32 {
                ext = candidate
                stem = name[..<dot]
            }
        }
        let budget = maxBytes - ext.utf8.count
        var kept = ""
        var used = 0
        for ch in stem {
            let size = ch.utf8.count
            if used + size > budget { break }
            kept.append(ch)
            used += size
        }
        if kept.isEmpty { kept = "attachment" }
        return trim(kept) + ext
    }

    /// "attachment" plus an extension guessed from the content type.
    static func fallback(contentType: String?) -> String {
        guard let ct = contentType?.lowercased() else { return "attachment.bin" }
        let type = ct.split(separator: ";").first.map { $0.trimmingSet(" \t") } ?? ct
        return "attachment." + (extensions[type] ?? "bin")
    }

    private static let extensions: [String: String] = [
        "text/plain": "txt", "text/html": "html", "text/csv": "csv", "text/calendar": "ics", "text/x-vcard": "vcf",
        "text/vcard": "vcf", "text/xml": "xml", "text/markdown": "md", "text/x-patch": "patch",
        "text/x-diff": "diff", "text/rfc822-headers": "txt", "text/enriched": "txt",
        "message/rfc822": "eml", "message/global": "eml", "message/delivery-status": "txt",
        "message/disposition-notification": "txt", "message/feedback-report": "txt",
        "application/pdf": "pdf", "application/zip": "zip", "application/gzip": "gz", "application/x-gzip": "gz",
        "application/x-tar": "tar", "application/x-7z-compressed": "7z", "application/x-rar-compressed": "rar",
        "application/json": "json", "application/xml": "xml", "application/msword": "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.ms-excel": "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.ms-powerpoint": "ppt",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
        "application/pgp-signature": "asc", "application/pgp-encrypted": "asc", "application/pgp-keys": "asc",
        "application/pkcs7-signature": "p7s", "application/x-pkcs7-signature": "p7s",
        "application/pkcs7-mime": "p7m", "application/ics": "ics", "application/rtf": "rtf",
        "image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif", "image/webp": "webp",
        "image/svg+xml": "svg", "image/bmp": "bmp", "image/tiff": "tiff", "image/heic": "heic",
        "audio/mpeg": "mp3", "audio/wav": "wav", "audio/ogg": "ogg", "video/mp4": "mp4", "video/quicktime": "mov",
    ]
}

extension StringProtocol {
    fileprivate func trimmingSet(_ set: String) -> String {
        var t = Substring(self)
        while let f = t.first, set.contains(f) { t.removeFirst() }
        while let l = t.last, set.contains(l) { t.removeLast() }
        return String(t)
    }
}
