# -*- coding: utf-8 -*-
"""Low-level helpers for make_demo.py: MIME assembly, RFC 2047 encoding,
quoting styles of common mail clients, tiny valid PNG/JPEG/PDF files.

Everything here is deterministic: ids, boundaries and image contents are
derived from SHA-1 hashes of fixed seeds. Standard library only.
"""
import base64
import hashlib
import quopri
import struct
import urllib.parse
import zlib
from datetime import datetime, timedelta, timezone


# --------------------------------------------------------------------------
# determinism helpers


def hx(*parts, n=12):
    """Deterministic lowercase hex string derived from the given seed parts."""
    s = "\x1f".join(str(p) for p in parts)
    out = ""
    i = 0
    while len(out) < n:
        out += hashlib.sha1(f"{s}\x1e{i}".encode("utf-8")).hexdigest()
        i += 1
    return out[:n]


def hnum(*parts, mod=1000):
    return int(hx(*parts, n=12), 16) % mod


def D(s):
    """'2026-11-02 09:41 -0500' or '2026-11-02 09:41:07 -0500' -> aware datetime.
    Without seconds, deterministic seconds (3..52) are added."""
    if s.count(":") == 2:
        return datetime.strptime(s, "%Y-%m-%d %H:%M:%S %z")
    dt = datetime.strptime(s, "%Y-%m-%d %H:%M %z")
    return dt + timedelta(seconds=3 + hnum("sec", s, mod=50))


WD_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WD_EN_FULL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MO_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MO_EN_FULL = ["January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December"]

WD_TR3 = ["Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz"]
WD_TR = ["Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar"]
MO_TR3 = ["Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"]
MO_TR = ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos",
         "Eylül", "Ekim", "Kasım", "Aralık"]
WD_PL3 = ["pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."]
WD_PL = ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"]
MO_PL3 = ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]
MO_PL_GEN = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
             "sierpnia", "września", "października", "listopada", "grudnia"]
WD_NB3 = ["man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn."]
WD_NB = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MO_NB3 = ["jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "des."]
MO_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
         "september", "oktober", "november", "desember"]
WD_DE3 = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]
WD_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MO_DE3 = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]
MO_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
         "September", "Oktober", "November", "Dezember"]


def rfc_date(dt, pad=False):
    day = f"{dt.day:02d}" if pad else str(dt.day)
    return f"{WD_EN[dt.weekday()]}, {day} {MO_EN[dt.month - 1]} {dt.year} {dt:%H:%M:%S} {dt:%z}"


def received_date(dt):
    """Postfix style, in the server's zone (+0100, CET)."""
    cet = dt.astimezone(timezone(timedelta(hours=1)))
    return (f"{WD_EN[cet.weekday()]}, {cet.day:2d} {MO_EN[cet.month - 1]} {cet.year} "
            f"{cet:%H:%M:%S} +0100 (CET)")


def asctime_utc(dt):
    u = dt.astimezone(timezone.utc)
    return f"{WD_EN[u.weekday()]} {MO_EN[u.month - 1]} {u.day:2d} {u:%H:%M:%S} {u.year}"


# --------------------------------------------------------------------------
# RFC 2047 / address formatting


def is_ascii(s):
    return all(ord(c) < 128 for c in s)


def q_bytes(b):
    out = []
    for c in b:
        ch = chr(c)
        if c == 0x20:
            out.append("_")
        elif ch.isascii() and (ch.isalnum() or ch in "!*+-/"):
            out.append(ch)
        else:
            out.append("=%02X" % c)
    return "".join(out)


def encoded_words(text, charset, mode, maxlen=64):
    """Split text (on character boundaries) into encoded words of <= maxlen chars."""
    def word(s):
        b = s.encode(charset)
        payload = q_bytes(b) if mode == "Q" else base64.b64encode(b).decode("ascii")
        return f"=?{charset}?{mode}?{payload}?="

    words, cur = [], ""
    for ch in text:
        if cur and len(word(cur + ch)) > maxlen:
            words.append(word(cur))
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(word(cur))
    return words


def can_encode(text, charset):
    try:
        text.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def header_atoms(text, charset="UTF-8", mode="B", style="whole"):
    """Return whitespace-separated atoms for an unstructured header value.
    style='whole' encodes the full text (Gmail), 'partial' keeps a leading
    ASCII prefix such as 'AW:' raw (Outlook, Thunderbird)."""
    if is_ascii(text):
        return text.split(" ")
    if not can_encode(text, charset):
        charset = "UTF-8"  # what real clients do when the legacy charset cannot hold it
    if style == "partial":
        toks = text.split(" ")
        i = next(k for k, t in enumerate(toks) if not is_ascii(t))
        return toks[:i] + encoded_words(" ".join(toks[i:]), charset, mode)
    return encoded_words(text, charset, mode)


def fold(name, atoms, limit=76):
    line = name + ":"
    lines = []
    for a in atoms:
        if line != name + ":" and len(line) + 1 + len(a) > limit:
            lines.append(line)
            line = " " + a
        else:
            line += " " + a
    lines.append(line)
    return "\n".join(lines)


SPECIALS = '()<>[]:;@\\,."'


def fmt_addr(name, addr, charset="UTF-8", mode="B"):
    if not name:
        return addr
    if is_ascii(name):
        if any(c in SPECIALS for c in name):
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{name} <{addr}>"
    if not can_encode(name, charset):
        charset = "UTF-8"
    return " ".join(encoded_words(name, charset, mode)) + f" <{addr}>"


def fold_addrs(name, addrs):
    """addrs: list of already formatted addresses."""
    atoms = []
    for i, a in enumerate(addrs):
        parts = a.split(" ")
        if i < len(addrs) - 1:
            parts[-1] += ","
        atoms.extend(parts)
    return fold(name, atoms)


# --------------------------------------------------------------------------
# MIME entities: (header_text, body_bytes)


def encode_text(text, charset, cte, errors="strict"):
    if not text.endswith("\n"):
        text += "\n"
    b = text.encode(charset, errors)
    if cte in ("8bit", "7bit"):
        cte = "8bit" if any(c > 127 for c in b) else "7bit"
        body = b
    elif cte == "quoted-printable":
        body = quopri.encodestring(b)
    elif cte == "base64":
        body = base64.encodebytes(b)
    else:
        raise ValueError(cte)
    return cte, body


def text_part(text, subtype, charset, cte, quote_cs=False, extra_ct="", extra_headers=""):
    errors = "xmlcharrefreplace" if subtype == "html" else "strict"
    cte, body = encode_text(text, charset, cte, errors)
    cs = f'"{charset}"' if quote_cs else charset
    hdr = (f"Content-Type: text/{subtype}; charset={cs}{extra_ct}\n"
           f"Content-Transfer-Encoding: {cte}\n{extra_headers}")
    return hdr, body


def serialize(entity):
    hdr, body = entity
    return hdr.encode("ascii") + b"\n" + body


def multipart(subtype, boundary, parts, params="", preamble=None):
    hdr = f'Content-Type: multipart/{subtype};{params}\n\tboundary="{boundary}"\n'
    out = b""
    if preamble:
        out += preamble.encode("ascii") + b"\n"
    for p in parts:
        pb = serialize(p)
        if not pb.endswith(b"\n"):
            pb += b"\n"
        out += b"\n--" + boundary.encode("ascii") + b"\n" + pb if out else b"--" + boundary.encode("ascii") + b"\n" + pb
    out += b"\n--" + boundary.encode("ascii") + b"--\n"
    return hdr, out


def attachment(data, ctype, filename, style="plain", charset="UTF-8", extra=""):
    if style == "plain":
        ct = f'{ctype}; name="{filename}"'
        cd = f'attachment; filename="{filename}"'
    elif style == "rfc2231":
        v = "UTF-8''" + urllib.parse.quote(filename, safe="")
        ct = f"{ctype};\n name*={v}"
        cd = f"attachment;\n filename*={v}"
    elif style == "rfc2047":
        w = encoded_words(filename, charset, "Q", maxlen=200)[0]
        ct = f'{ctype};\n\tname="{w}"'
        cd = f'attachment;\n\tfilename="{w}"'
    else:
        raise ValueError(style)
    hdr = (f"Content-Type: {ct}\nContent-Disposition: {cd}\n"
           f"Content-Transfer-Encoding: base64\n{extra}")
    return hdr, base64.encodebytes(data)


# --------------------------------------------------------------------------
# tiny valid binary files


def _zlib_stored(raw):
    """zlib stream with stored (uncompressed) deflate blocks: byte-identical
    on every zlib implementation."""
    out = b"\x78\x01"
    chunks = [raw[i:i + 65535] for i in range(0, len(raw), 65535)] or [b""]
    for i, c in enumerate(chunks):
        final = 1 if i == len(chunks) - 1 else 0
        out += bytes([final]) + struct.pack("<HH", len(c), len(c) ^ 0xFFFF) + c
    return out + struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)


def make_png(w, h, seed):
    r0, g0, b0 = (hnum("png", seed, k, mod=200) for k in "rgb")
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            row += bytes([(r0 + 3 * x) % 256, (g0 + 5 * y) % 256, (b0 + 2 * (x ^ y)) % 256])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Software\x00Nordlys fixture generator")
            + chunk(b"IDAT", _zlib_stored(raw))
            + chunk(b"IEND", b""))


# JPEG Annex K standard luminance tables
DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALS = list(range(12))
AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
AC_VALS = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
    0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
    0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
    0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
    0xF9, 0xFA,
]
assert len(AC_VALS) == sum(AC_BITS) == 162 and len(set(AC_VALS)) == 162


def huff_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def make_jpeg(w, h, seed):
    """Baseline grayscale JFIF; every 8x8 block is flat (DC only)."""
    dc_codes = huff_codes(DC_BITS, DC_VALS)
    ac_codes = huff_codes(AC_BITS, AC_VALS)
    bw, bh = (w + 7) // 8, (h + 7) // 8
    base = 60 + hnum("jpg", seed, mod=100)
    bits = []

    def put(v, n):
        for i in range(n - 1, -1, -1):
            bits.append((v >> i) & 1)

    prev = 0
    for by in range(bh):
        for bx in range(bw):
            level = min(250, base + 9 * bx + 13 * by + (20 if (bx + by) % 3 == 0 else 0))
            dc = 8 * (level - 128)
            diff = dc - prev
            prev = dc
            cat = abs(diff).bit_length()
            put(*dc_codes[cat])
            if cat:
                put(diff if diff > 0 else diff + (1 << cat) - 1, cat)
            put(*ac_codes[0x00])  # EOB
    while len(bits) % 8:
        bits.append(1)
    scan = bytearray()
    for i in range(0, len(bits), 8):
        byte = int("".join(map(str, bits[i:i + 8])), 2)
        scan.append(byte)
        if byte == 0xFF:
            scan.append(0x00)
    return (b"\xff\xd8"
            + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
            + b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, h, w, 1) + bytes([1, 0x11, 0])
            + b"\xff\xc4" + struct.pack(">H", 3 + 16 + 12) + b"\x00" + bytes(DC_BITS) + bytes(DC_VALS)
            + b"\xff\xc4" + struct.pack(">H", 3 + 16 + 162) + b"\x10" + bytes(AC_BITS) + bytes(AC_VALS)
            + b"\xff\xda" + struct.pack(">HB", 8, 1) + bytes([1, 0x00, 0, 63, 0])
            + bytes(scan) + b"\xff\xd9")


def make_pdf(lines):
    """Minimal one-page PDF 1.4 with ASCII text and a correct xref table."""
    def esc(s):
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT\n/F1 11 Tf\n14 TL\n56 780 Td\n" + "".join(f"({esc(l)}) Tj T*\n" for l in lines) + "ET\n"
    cb = content.encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(cb)).encode() + b" >>\nstream\n" + cb + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n".encode() + b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return out


# --------------------------------------------------------------------------
# quoting


def quote_lines(text):
    out = []
    for line in text.rstrip("\n").split("\n"):
        if line.startswith(">"):
            out.append(">" + line)
        elif line == "":
            out.append(">")
        else:
            out.append("> " + line)
    return "\n".join(out)


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def attribution(style, lang, dt, name, addr):
    """Reply header line ('On ..., X wrote:') as written by the given client."""
    d, m, y, wd = dt.day, dt.month - 1, dt.year, dt.weekday()
    hm = f"{dt:%H:%M}"
    if style == "gmail":
        return {
            "en": f"On {WD_EN[wd]}, {d} {MO_EN[m]} {y} at {hm}, {name} <{addr}> wrote:",
            "tr": f"{name} <{addr}>, {d} {MO_TR3[m]} {y} {WD_TR3[wd]}, {hm} tarihinde şunu yazdı:",
            "pl": f"W dniu {WD_PL3[wd]} {d} {MO_PL3[m]} {y} o {hm} {name} <{addr}> napisał(a):",
            "nb": f"{WD_NB3[wd]} {d}. {MO_NB3[m]} {y} kl. {hm} skrev {name} <{addr}>:",
            "de": f"Am {WD_DE3[wd]}, {d}. {MO_DE3[m]} {y} um {hm} Uhr schrieb {name} <{addr}>:",
        }[lang]
    if style == "apple":
        return {
            "en": f"On {d} {MO_EN[m]} {y}, at {hm}, {name} <{addr}> wrote:",
            "tr": f"{d} {MO_TR3[m]} {y} tarihinde {hm} saatinde, {name} <{addr}> şunu yazdı:",
            "pl": f"Wiadomość napisana przez {name} <{addr}> w dniu {d} {MO_PL3[m]} {y}, o godz. {hm}:",
            "nb": f"{d}. {MO_NB3[m]} {y} kl. {hm} skrev {name} <{addr}>:",
            "de": f"Am {d:02d}.{m + 1:02d}.{y} um {hm} schrieb {name} <{addr}>:",
        }[lang]
    if style == "thunderbird":
        return {
            "en": f"On {d:02d}/{m + 1:02d}/{y} {hm}, {name} wrote:",
            "pl": f"W dniu {d}.{m + 1:02d}.{y} o {hm}, {name} pisze:",
            "de": f"Am {d:02d}.{m + 1:02d}.{y % 100:02d} um {hm} schrieb {name}:",
        }[lang]
    if style == "webmail":  # Roundcube-like
        return {
            "en": f"On {y}-{m + 1:02d}-{d:02d} {hm}, {name} wrote:",
            "tr": f"{d:02d}.{m + 1:02d}.{y} {hm} tarihinde, {name} <{addr}> şunu yazdı:",
            "pl": f"W dniu {d:02d}.{m + 1:02d}.{y} o {hm}, {name} <{addr}> pisze:",
            "nb": f"Den {d:02d}.{m + 1:02d}.{y} {hm}, skrev {name} <{addr}>:",
            "de": f"Am {d:02d}.{m + 1:02d}.{y} {hm}, schrieb {name}:",
        }[lang]
    raise ValueError(style)


def outlook_sent(lang, dt):
    d, m, y, wd = dt.day, dt.month - 1, dt.year, dt.weekday()
    if lang == "en":
        h12 = dt.hour % 12 or 12
        ampm = "AM" if dt.hour < 12 else "PM"
        return f"{WD_EN_FULL[wd]}, {MO_EN_FULL[m]} {d}, {y} {h12}:{dt:%M} {ampm}"
    if lang == "de":
        return f"{WD_DE[wd]}, {d}. {MO_DE[m]} {y} {dt:%H:%M}"
    if lang == "tr":
        return f"{d} {MO_TR[m]} {y} {WD_TR[wd]} {dt:%H:%M}"
    if lang == "pl":
        return f"{WD_PL[wd]}, {d} {MO_PL_GEN[m]} {y} {dt:%H:%M}"
    if lang == "nb":
        return f"{WD_NB[wd]} {d}. {MO_NB[m]} {y} {dt:%H:%M}"
    raise ValueError(lang)


OUTLOOK_LABELS = {
    "en": ("From", "Sent", "To", "Subject"),
    "de": ("Von", "Gesendet", "An", "Betreff"),
    "tr": ("Kimden", "Gönderildi", "Kime", "Konu"),
    "pl": ("Od", "Wysłano", "Do", "Temat"),
    "nb": ("Fra", "Sendt", "Til", "Emne"),
}
OUTLOOK_SEPARATOR = {
    "classic-en": "-----Original Message-----",
    "classic-de": "-----Ursprüngliche Nachricht-----",
    "line": "________________________________",
}
