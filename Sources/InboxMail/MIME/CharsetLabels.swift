/// How bytes labelled with one MIME charset are turned into text.
enum CharsetEncoding: Sendable, Equatable {
    case utf8
    /// `us-ascii` and its aliases: any 8-bit byte is a mislabel, so valid UTF-8 is read as UTF-8
    /// and everything else as windows-1252 (the WHATWG reading of the label).
    case ascii
    case windows1252
    /// UTF-16 without a byte order: a BOM decides, else little-endian (WHATWG).
    case utf16LE
    case utf16BE
    /// Decoded by iconv under this name.
    case iconv(String)
}

/// The WHATWG Encoding Standard's label table (plus a few mail-only labels), lower-cased.
enum CharsetLabels {
    /// Resolves a label (any case, surrounding spaces or quotes allowed), nil when unknown.
    static func encoding(for label: String) -> CharsetEncoding? {
        var key = label
        if key.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) { key = key.lowercased() }
        if let hit = table[key] { return hit }
        let trimmed = key.trimmingASCII(" \t\"'")
        guard trimmed != key, !trimmed.isEmpty else { return nil }
        return table[trimmed]
    }

    /// A label iconv may know although WHATWG does not, such as "cp850"; only plain names qualify.
    static func iconvCandidate(_ label: String) -> String? {
        let t = label.trimmingASCII(" \t\"'")
        guard !t.isEmpty, t.utf8.count <= 40 else { return nil }
        for c in t.utf8 {
            let ok = ByteScan.isAlpha(c) || ByteScan.isDigit(c) || c == 45 || c == 95 || c == 46 || c == 58
            if !ok { return nil }
        }
        return t.uppercased()
    }

    static let table: [String: CharsetEncoding] = {
        var t: [String: CharsetEncoding] = [:]
        func add(_ e: CharsetEncoding, _ labels: [String]) { for l in labels { t[l] = e } }
        add(
            .utf8,
            [
                "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8",
                "unicode-2-0-utf-8", "utf_8",
            ])
        add(
            .ascii,
            [
                "ascii", "us-ascii", "ansi_x3.4-1968", "us", "iso646-us", "iso-ir-6", "cp367", "ibm367",
                "csascii", "iso_646.irv:1991", "646", "x-ascii",
            ])
        add(
            .windows1252,
            [
                "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
                "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "windows-1252",
                "x-cp1252", "latin-1", "iso8859_1", "iso_8859_1", "cp-1252", "win-1252",
            ])
        add(.iconv("IBM866"), ["866", "cp866", "csibm866", "ibm866"])
        add(
            .iconv("ISO-8859-2"),
            [
                "csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                "iso_8859-2:1987", "l2", "latin2",
            ])
        add(
            .iconv("ISO-8859-3"),
            [
                "csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
                "iso_8859-3:1988", "l3", "latin3",
            ])
        add(
            .iconv("ISO-8859-4"),
            [
                "csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
                "iso_8859-4:1988", "l4", "latin4",
            ])
        add(
            .iconv("ISO-8859-5"),
            [
                "csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5",
                "iso88595", "iso_8859-5", "iso_8859-5:1988",
            ])
        add(
            .iconv("ISO-8859-6"),
            [
                "arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6",
                "iso88596", "iso_8859-6", "iso_8859-6:1987",
            ])
        add(
            .iconv("ISO-8859-7"),
            [
                "csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7",
                "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987",
                "sun_eu_greek",
            ])
        add(
            .iconv("ISO-8859-8"),
            [
                "csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e",
                "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual",
                "csiso88598i", "iso-8859-8-i", "logical",
            ])
        add(
            .iconv("ISO-8859-10"),
            [
                "csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6",
                "latin6",
            ])
        add(.iconv("ISO-8859-13"), ["iso-8859-13", "iso8859-13", "iso885913"])
        add(.iconv("ISO-8859-14"), ["iso-8859-14", "iso8859-14", "iso885914"])
        add(
            .iconv("ISO-8859-15"),
            [
                "csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9",
                "latin9", "latin-9",
            ])
        add(.iconv("ISO-8859-16"), ["iso-8859-16", "iso8859-16", "iso885916", "latin10", "l10"])
        add(.iconv("KOI8-R"), ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"])
        add(.iconv("KOI8-U"), ["koi8-ru", "koi8-u"])
        add(.iconv("MACINTOSH"), ["csmacintosh", "mac", "macintosh", "x-mac-roman"])
        add(
            .iconv("WINDOWS-874"),
            [
                "dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874",
                "cp874",
            ])
        for n in [1250, 1251, 1253, 1255, 1256, 1257, 1258] {
            add(.iconv("CP\(n)"), ["cp\(n)", "windows-\(n)", "x-cp\(n)"])
        }
        add(
            .iconv("CP1254"),
            [
                "cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599",
                "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254",
            ])
        add(.iconv("MAC-CYRILLIC"), ["x-mac-cyrillic", "x-mac-ukrainian"])
        // WHATWG's GBK decoder is the gb18030 decoder.
        add(
            .iconv("GB18030"),
            [
                "chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                "iso-ir-58", "x-gbk", "gb18030", "euc-cn", "cp936", "x-euc-cn",
            ])
        add(.iconv("BIG5-HKSCS"), ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"])
        add(.iconv("EUC-JP"), ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"])
        add(.iconv("ISO-2022-JP-2"), ["csiso2022jp", "iso-2022-jp", "iso-2022-jp-2"])
        add(
            .iconv("CP932"),
            [
                "csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
                "x-sjis", "cp932",
            ])
        add(
            .iconv("CP949"),
            [
                "cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
                "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cp949", "uhc",
            ])
        add(.iconv("ISO-2022-KR"), ["csiso2022kr", "iso-2022-kr"])
        add(.iconv("ISO-2022-CN-EXT"), ["iso-2022-cn", "iso-2022-cn-ext"])
        add(.iconv("UTF-7"), ["utf-7", "utf7", "unicode-1-1-utf-7", "csunicode11utf7"])
        add(.utf16BE, ["unicodefffe", "utf-16be"])
        add(.utf16LE, ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"])
        return t
    }()
}

extension String {
    /// The string without leading and trailing ASCII characters from `set`.
    func trimmingASCII(_ set: StaticString) -> String {
        let chars = UnsafeBufferPointer(start: set.utf8Start, count: set.utf8CodeUnitCount)
        // Most values need no trimming: answer those without copying.
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !chars.contains(first) && !chars.contains(last) { return self }
        let u = Array(utf8)
        var lo = 0
        var hi = u.count
        while lo < hi && chars.contains(u[lo]) { lo += 1 }
        while hi > lo && chars.contains(u[hi - 1]) { hi -= 1 }
        if lo == 0 && hi == u.count { return self }
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}
