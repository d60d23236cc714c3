#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Generate the AgentInbox demo/test mailbox fixtures for the web shop
"Nordlys Sport" (nordlys.example).

Usage, from the repository root:

    python3 Fixtures/tools/make_demo.py [OUTPUT_DIR]

OUTPUT_DIR defaults to Fixtures/demo. The output is fully deterministic
(fixed dates and ids, hash-derived boundaries); running the script again
rewrites byte-identical files. Standard library only (Python 3.9+).

Written files:
    config.toml        agent, team and queue configuration
    support.mbox       mboxrd, mail delivered to support@nordlys.example
    returns/           Maildir (cur/ new/ tmp/), mail delivered to returns@
    eml/*.eml          single messages (web forms, forward, CRLF export, ...)
    expected.json      ground truth for the tests
"""
import base64
import hashlib
import json
import os
import subprocess
import quopri
import re
import shutil
import struct
import sys
import textwrap
import urllib.parse
import zlib
from datetime import datetime, timedelta, timezone

# ==========================================================================
# low-level helpers: MIME assembly, RFC 2047, client quoting styles, tiny
# valid PNG/JPEG/PDF files. Deterministic: everything derives from SHA-1 seeds.


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


# ==========================================================================
# Nordlys Sport

DOMAIN = "nordlys.example"
SUPPORT_ADDR = f"support@{DOMAIN}"
RETURNS_ADDR = f"returns@{DOMAIN}"
ADA = ("Ada Lindqvist", f"ada@{DOMAIN}")
JONAS = ("Jonas Berg", f"jonas@{DOMAIN}")
SUPPORT = ("Nordlys Sport Support", SUPPORT_ADDR)
RETURNS = ("Nordlys Sport Returns", RETURNS_ADDR)
QUEUE_ADDR = {"Support": SUPPORT_ADDR, "Returns": RETURNS_ADDR}
QUEUE_PERSONA = {"Support": SUPPORT, "Returns": RETURNS}

CONFIG_TOML = """\
# AgentInbox demo configuration (generated by Fixtures/tools/make_demo.py)
[agent]
name = "Ada Lindqvist"
email = "ada@nordlys.example"

[[agents]]   # other agents of the team (their mail is outbound)
name = "Jonas Berg"
email = "jonas@nordlys.example"

[[queue]]
name = "Support"
addresses = ["support@nordlys.example"]
default = true

[[queue]]
name = "Returns"
addresses = ["returns@nordlys.example"]

[[store]]   # the web shop whose orders show beside tickets (docs/orders.md)
name = "nordlys"
currency = "EUR"
lookup_timeout = "10s"
"""

LANG_TAG = {"en": "en-US", "de": "de-DE", "tr": "tr-TR", "pl": "pl-PL", "nb": "nb-NO"}
TEAM_TITLE = {
    ("Support", "en"): "Customer Support", ("Returns", "en"): "Returns",
    ("Support", "nb"): "Kundeservice", ("Returns", "nb"): "Returavdelingen",
    ("Support", "de"): "Kundenservice", ("Returns", "de"): "Retourenabteilung",
    ("Support", "tr"): "Müşteri Hizmetleri", ("Returns", "tr"): "İade Ekibi",
    ("Support", "pl"): "Obsługa klienta", ("Returns", "pl"): "Dział zwrotów",
}
REPLY_PREFIX = {  # Outlook localises the reply prefix, everybody else uses "Re:"
    ("outlook", "en"): "RE:", ("outlook", "de"): "AW:", ("outlook", "tr"): "YNT:",
    ("outlook", "pl"): "RE:", ("outlook", "nb"): "SV:",
}


def T(s):
    """Dedent a triple-quoted text block and strip the leading newline."""
    return textwrap.dedent(s).lstrip("\n").rstrip() + "\n"


# ==========================================================================
# message model


class Msg:
    def __init__(self, conv, idx, role, frm, to, date, text, *, client, charset, cte,
                 hdr_cs, hdr_mode, subject, msgid, parent, quote, attachments, extra,
                 store, reply_to=None, refs_only=False, missing_ref=None, html_only=None,
                 outlook_sep="line", irt_override=None, refs_override=None, lang=None,
                 quote_below=False):
        self.conv, self.idx, self.role = conv, idx, role
        self.frm, self.to, self.date, self.text = frm, to, date, text
        self.client, self.charset, self.cte = client, charset, cte
        self.hdr_cs, self.hdr_mode = hdr_cs, hdr_mode
        self.subject, self.msgid, self.parent = subject, msgid, parent
        self.quote, self.attachments, self.extra = quote, attachments, extra
        self.store, self.reply_to = store, reply_to
        self.refs_only, self.missing_ref = refs_only, missing_ref
        self.html_only, self.outlook_sep = html_only, outlook_sep
        self.lang = lang or conv.lang
        self.quote_below = quote_below
        self.seed = f"{conv.key}#{idx}"
        # threading
        if irt_override is not None or refs_override is not None:
            self.irt, self.refs = irt_override, list(refs_override or [])
        elif parent is None:
            self.irt, self.refs = None, []
        else:
            chain = list(parent.refs) + ([parent.msgid] if parent.msgid else [])
            if missing_ref:
                chain.insert(len(chain) - 1, missing_ref)
            self.refs = chain
            self.irt = None if refs_only else parent.msgid
        self._full = None

    # ---- text with quote -------------------------------------------------
    def full_text(self):
        if self._full is not None:
            return self._full
        own = self.text.rstrip("\n")
        p = self.parent
        if not self.quote or p is None:
            self._full = own + "\n"
            return self._full
        pdate = p.date.astimezone(self.date.tzinfo)
        ptext = p.full_text().rstrip("\n")
        if self.client == "outlook":
            lab = OUTLOOK_LABELS[self.lang]
            sep = OUTLOOK_SEPARATOR[self.outlook_sep]
            block = (f"{sep}\n{lab[0]}: {p.frm[0]} <{p.frm[1]}>\n"
                     f"{lab[1]}: {outlook_sent(self.lang, pdate)}\n"
                     f"{lab[2]}: {p.to[0][0]} <{p.to[0][1]}>\n"
                     f"{lab[3]}: {p.subject}\n\n")
            self._full = own + "\n\n" + block + ptext + "\n"
        elif self.client == "apple":
            attr = attribution("apple", self.lang, pdate, p.frm[0], p.frm[1])
            self._full = own + "\n\n" + quote_lines(attr + "\n\n" + ptext) + "\n"
        else:
            attr = attribution(self.client if self.client != "plain" else "webmail",
                               self.lang, pdate, p.frm[0], p.frm[1])
            if self.quote_below:
                self._full = attr + "\n" + quote_lines(ptext) + "\n\n" + own + "\n"
            else:
                sepl = "\n\n" if self.client == "gmail" else "\n"
                self._full = own + "\n\n" + attr + sepl + quote_lines(ptext) + "\n"
        return self._full

    # ---- HTML alternative ------------------------------------------------
    def html(self):
        own = self.text.rstrip("\n")
        p = self.parent if self.quote else None
        if self.client == "gmail":
            def divs(t):
                return "".join(f"<div>{html_escape(l)}</div>" if l else "<div><br></div>"
                               for l in t.split("\n"))
            out = f'<div dir="ltr">{divs(own)}</div>'
            if p:
                pdate = p.date.astimezone(self.date.tzinfo)
                attr = attribution("gmail", self.lang, pdate, p.frm[0], p.frm[1])
                out += ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                        f"{html_escape(attr)}<br></div>"
                        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                        'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
                        + "<br>".join(html_escape(l) for l in p.full_text().rstrip("\n").split("\n"))
                        + "</blockquote></div>")
            return out + "\n"
        if self.client == "apple":
            body = "".join(f"<div>{html_escape(l)}</div>" if l else "<div><br></div>"
                           for l in own.split("\n"))
            if p:
                pdate = p.date.astimezone(self.date.tzinfo)
                attr = attribution("apple", self.lang, pdate, p.frm[0], p.frm[1])
                body += ('<div><br><blockquote type="cite"><div>' + html_escape(attr) + "</div>"
                         '<br class="Apple-interchange-newline"><div>'
                         + "<br>".join(html_escape(l) for l in p.full_text().rstrip("\n").split("\n"))
                         + "</div></blockquote></div>")
            return (f'<html><head><meta http-equiv="content-type" content="text/html; '
                    f'charset={self.charset}"></head><body style="overflow-wrap: break-word; '
                    f'-webkit-nbsp-mode: space; line-break: after-white-space;">{body}'
                    "</body></html>\n")
        if self.client == "outlook":
            def paras(t):
                return "\n".join(f"<p class=MsoNormal>{html_escape(l)}<o:p></o:p></p>" if l
                                 else "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
                                 for l in t.split("\n"))
            body = paras(own)
            if p:
                pdate = p.date.astimezone(self.date.tzinfo)
                lab = OUTLOOK_LABELS[self.lang]
                body += ("\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n<div><div style='border:none;"
                         "border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
                         f"<p class=MsoNormal><b>{lab[0]}:</b> {html_escape(p.frm[0])} "
                         f"&lt;{p.frm[1]}&gt; <br><b>{lab[1]}:</b> {outlook_sent(self.lang, pdate)}<br>"
                         f"<b>{lab[2]}:</b> {html_escape(p.to[0][0])} &lt;{p.to[0][1]}&gt;<br>"
                         f"<b>{lab[3]}:</b> {html_escape(p.subject)}<o:p></o:p></p></div></div>\n"
                         + paras(p.full_text().rstrip("\n")))
            lang = self.lang.upper() if self.lang != "nb" else "NO-BOK"
            return ('<html xmlns:v="urn:schemas-microsoft-com:vml" '
                    'xmlns:o="urn:schemas-microsoft-com:office:office" '
                    'xmlns:w="urn:schemas-microsoft-com:office:word" '
                    'xmlns="http://www.w3.org/TR/REC-html40"><head>'
                    f'<meta http-equiv=Content-Type content="text/html; charset={self.charset}">'
                    '<meta name=Generator content="Microsoft Word 15 (filtered medium)">'
                    "<style><!--\n/* Style Definitions */\np.MsoNormal, li.MsoNormal, div.MsoNormal\n"
                    "\t{margin:0cm;\n\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;}\n"
                    "div.WordSection1\n\t{page:WordSection1;}\n--></style></head>"
                    f"<body lang={lang} link=\"#0563C1\" vlink=\"#954F72\" style='word-wrap:break-word'>"
                    f"<div class=WordSection1>\n{body}\n</div></body></html>\n")
        raise ValueError(self.client)

    # ---- MIME ------------------------------------------------------------
    def boundary(self, level=0):
        s = self.seed
        if self.client == "gmail":
            return "000000000000" + hx("b", s, level, n=12)
        if self.client == "outlook":
            return (f"----=_NextPart_{level:03d}_{hx('b', s, n=4).upper()}_01DB"
                    f"{hx('b2', s, n=4).upper()}.{hx('b3', s, n=8).upper()}")
        if self.client == "apple":
            u = hx("b", s, level, n=32).upper()
            return f"Apple-Mail={u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}"
        if self.client == "thunderbird":
            return "------------" + hx("b", s, level, n=24)
        return f"=_nordlys_{hx('b', s, level, n=16)}"

    def body_entity(self):
        quote_cs = self.client in ("gmail", "outlook")
        if self.html_only is not None:
            return text_part(self.html_only, "html", self.charset, self.cte)
        if self.client in ("gmail", "apple", "outlook"):
            plain = text_part(self.full_text(), "plain", self.charset, self.cte, quote_cs)
            html = text_part(self.html(), "html", self.charset,
                             "quoted-printable" if self.cte != "base64" else "base64", quote_cs)
            ent = multipart("alternative", self.boundary(1 if self.attachments else 0), [plain, html])
        else:
            extra = "; format=flowed" if self.client == "thunderbird" and not self.attachments else ""
            ent = text_part(self.full_text(), "plain", self.charset, self.cte, quote_cs, extra)
        if self.attachments:
            atts = [attachment(*a[:3], style=a[3], charset=self.hdr_cs,
                               extra=(f"Content-ID: <f_{hx('cid', self.seed, a[2], n=10)}>\n"
                                      f"X-Attachment-Id: f_{hx('cid', self.seed, a[2], n=10)}\n")
                               if self.client == "gmail" else "")
                    for a in self.attachments]
            preamble = "This is a multi-part message in MIME format." if self.client in (
                "thunderbird", "outlook") else None
            ent = multipart("mixed", self.boundary(0), [ent] + atts, preamble=preamble)
        return ent

    def headers(self):
        cs, mode = self.hdr_cs, self.hdr_mode
        style = "whole" if self.client in ("gmail", "apple") else "partial"
        H = []
        H.append(fold_addrs("From", [fmt_addr(self.frm[0], self.frm[1], cs, mode)]))
        if self.reply_to:
            H.append(fold_addrs("Reply-To", [fmt_addr(*self.reply_to, cs, mode)]))
        H.append(fold_addrs("To", [fmt_addr(n, a, cs, mode) for n, a in self.to]))
        H.append(fold("Subject", header_atoms(self.subject, cs, mode, style)))
        H.append(f"Date: {rfc_date(self.date, pad=self.client == 'outlook')}")
        if self.msgid:
            H.append(f"{'Message-Id' if self.role == 'bounce' else 'Message-ID'}: {self.msgid}")
        if self.irt:
            H.append(f"In-Reply-To: {self.irt}")
        if self.refs:
            H.append(fold("References", self.refs))
        if self.client == "outlook":
            H.append(fold("Thread-Topic", header_atoms(self.conv.subject, cs, mode, style)))
            H.append("Thread-Index: " + base64.b64encode(
                bytes.fromhex(hx("ti", self.conv.key, n=44)[:44]) + bytes([self.idx])).decode())
            H.append(f"Content-Language: {LANG_TAG[self.lang]}")
            H.append("X-Mailer: Microsoft Outlook 16.0")
        elif self.client == "apple":
            H.append("X-Mailer: Apple Mail (2.3826.400.131.1.6)")
        elif self.client == "thunderbird":
            H.append("User-Agent: Mozilla Thunderbird")
            H.append(f"Content-Language: {LANG_TAG[self.lang]}")
        H.extend(self.extra)
        return H

    def render(self):
        """The message as the sender's client produced it (no delivery headers)."""
        ent_hdr, body = self.body_entity()
        hdr = "\n".join(self.headers()) + "\nMIME-Version: 1.0\n" + ent_hdr
        return hdr.encode("ascii") + b"\n" + body


class Conv:
    def __init__(self, key, lang, queue, customer, subject, note, *, client, charset, cte,
                 hdr_cs="UTF-8", hdr_mode="B", store=None, first_to=None):
        self.key, self.lang, self.queue, self.customer = key, lang, queue, customer
        self.subject, self.note = subject, note
        self.cust_defaults = dict(client=client, charset=charset, cte=cte, hdr_cs=hdr_cs,
                                  hdr_mode=hdr_mode)
        self.store = store or ("mbox" if queue == "Support" else "maildir")
        self.first_to = first_to
        self.msgs = []

    def _subject(self, client, lang, parent):
        if parent is None:
            return self.subject
        pfx = REPLY_PREFIX.get((client, lang), "Re:")
        return f"{pfx} {self.subject}"

    def cust(self, date, text, *, parent="last", quote=True, msgid="auto", attachments=(),
             extra=(), store=None, subject=None, to=None, **kw):
        opts = dict(self.cust_defaults)
        opts.update({k: v for k, v in kw.items() if k in opts})
        rest = {k: v for k, v in kw.items() if k not in opts}
        par = self._parent(parent)
        idx = len(self.msgs) + 1
        dt = D(date)
        if msgid == "auto":
            msgid = client_msgid(opts["client"], self.customer[1], dt, f"{self.key}#{idx}")
        if to is None:
            if par is None:
                to = self.first_to or [("", QUEUE_ADDR[self.queue])]
            else:
                to = [QUEUE_PERSONA[self.queue]]
        m = Msg(self, idx, "customer", self.customer, to, dt, text,
                subject=subject or self._subject(opts["client"], rest.get("lang", self.lang), par),
                msgid=msgid, parent=par, quote=quote, attachments=list(attachments),
                extra=list(extra), store=store or self.store, **opts, **rest)
        self.msgs.append(m)
        return m

    def agent(self, who, date, text, *, signer=None, parent="last", attachments=(), cte="quoted-printable",
              hdr_mode="Q", store=None, extra=()):
        par = self._parent(parent)
        idx = len(self.msgs) + 1
        dt = D(date)
        signer = signer or who
        sig = (f"\n\n-- \n{signer[0]}\nNordlys Sport | {TEAM_TITLE[(self.queue, self.lang)]}\n"
               f"https://{DOMAIN}")
        msgid = f"<{dt:%Y%m%d%H%M%S}.{hx('agent', self.key, idx, n=4).upper()}@mail.{DOMAIN}>"
        reply_to = None if who[1] in (SUPPORT_ADDR, RETURNS_ADDR) else QUEUE_PERSONA[self.queue]
        # the helpdesk rebuilds References from the messages it knows, so an id
        # that never reached us (a customer's missing_ref) is not propagated
        known = {x.msgid for x in self.msgs}
        m = Msg(self, idx, "agent", who, [self.customer], dt, text.rstrip("\n") + sig,
                client="agent", charset="UTF-8", cte=cte, hdr_cs="UTF-8", hdr_mode=hdr_mode,
                subject=self._subject("agent", self.lang, par), msgid=msgid, parent=par,
                quote=False, attachments=list(attachments), extra=list(extra),
                store=store or self.store, reply_to=reply_to)
        m.refs = [r for r in m.refs if r in known]
        self.msgs.append(m)
        return m

    def _parent(self, parent):
        if parent is None:
            return None
        if parent == "last":
            return self.msgs[-1] if self.msgs else None
        return parent


def client_msgid(client, addr, dt, seed):
    dom = addr.split("@")[1]
    if client == "gmail":
        raw = base64.b64encode(bytes.fromhex(hx("gm", seed, n=60))).decode()
        return f"<CA{raw[:46].replace('/', '_')}@mail.gmail.com>"
    if client == "outlook":
        pod = ["AM9", "DB9", "PA4", "VI1", "GV1"][hnum("ol", seed, mod=5)]
        host = f"{pod}PR0{hnum('ol2', seed, mod=9) + 1}MB{hnum('ol3', seed, mod=9000) + 1000}"
        region = "namprd04" if addr.endswith((".com", ".net")) else "eurprd04"
        return f"<{host}{hx('olid', seed, n=20).upper()}@{host}.{region}.prod.outlook.com>"
    if client == "apple":
        u = hx("ap", seed, n=32).upper()
        return f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}@{dom}>"
    if client == "thunderbird":
        u = hx("tb", seed, n=32)
        return f"<{u[:8]}-{u[8:12]}-4{u[13:16]}-a{u[17:20]}-{u[20:]}@{dom}>"
    if client == "webform":
        return f"<webform.{dt:%Y%m%d%H%M%S}.{hx('wf', seed, n=6)}@www.{DOMAIN}>"
    return f"<{hx('pl', seed, n=32)}@webmail.{dom}>"


# ==========================================================================
# attachments

def jpg(name, seed, style="plain", w=32, h=24):
    return (make_jpeg(w, h, seed), "image/jpeg", name, style)


def png(name, seed, style="plain", w=24, h=16):
    return (make_png(w, h, seed), "image/png", name, style)


def pdf(name, lines):
    return (make_pdf(lines), "application/pdf", name, "plain")


# ==========================================================================
# the mail of Nordlys Sport

WEBFORM_STYLE = """\
<style type="text/css">
  body { font-family: Helvetica, Arial, sans-serif; color: #1d2733; }
  h2 { color: #0b4f6c; font-size: 18px; }
  table.form { border-collapse: collapse; margin: 8px 0; }
  table.form th { text-align: left; background: #eef3f7; padding: 4px 10px; }
  table.form td { padding: 4px 10px; border-bottom: 1px solid #dde5ec; }
  .meta { display: none; }
</style>"""


def webform_html(lang_attr, title, rows, footer, script_ts):
    trs = "\n".join(f"<tr><th>{html_escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f"""<!DOCTYPE html>
<html lang="{lang_attr}">
<head>
<meta charset="utf-8">
<title>{html_escape(title)}</title>
{WEBFORM_STYLE}
<script type="text/javascript">
  window.__nordlysForm = {{ id: "contact-v2", ts: {script_ts} }};
  document.write("<p>SCRIPT RAN - this text must never be shown</p>");
</script>
</head>
<body>
<h2>{html_escape(title)}</h2>
<table class="form">
{trs}
</table>
<p class="meta">form-id: contact-v2; build 2.3.1</p>
<p style="font-size:11px;color:#777">{html_escape(footer)}</p>
</body>
</html>
"""


def build():
    convs = []

    def conv(*a, **kw):
        c = Conv(*a, **kw)
        convs.append(c)
        return c

    # ------------------------------------------------------------------ EN
    c = conv("late-parcel-megan", "en", "Support", ("Megan O'Connor", "megan.oconnor@example.com"),
             "Order #US-55012 still not delivered",
             "Late order #US-55012 stuck in Memphis; carrier trace, parcel found. Body line starts with 'From '.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-02 09:41 -0500", T("""
        Hi there,

        I ordered a pair of trail running shoes (order #US-55012) on October 24
        and the estimated delivery was October 30. It still hasn't arrived.
        From what I can see on the tracking page, the parcel has been sitting in
        Memphis, TN since Friday with no updates.

        Could you check with the carrier? I need the shoes for a race on the 14th.

        Thanks,
        Megan
        """), quote=False)
    c.agent(ADA, "2026-11-02 17:05 +0100", T("""
        Hi Megan,

        Thank you for reaching out, and sorry for the wait. I have opened a trace
        with the carrier for order #US-55012 (tracking 1Z 999 AA1 01 2345 6784).
        They have promised an answer within 48 hours, and I will get back to you
        as soon as I hear from them.

        If the parcel does not move by Thursday, we will send a new pair by
        express at no cost, so you have them well before your race.

        Best regards,
        Ada
        """))
    c.cust("2026-11-03 08:20 -0500", T("""
        Thank you Ada, that's reassuring. I'll keep an eye on the tracking.

        Megan
        """))
    c.agent(ADA, "2026-11-05 10:30 +0100", T("""
        Hi Megan,

        Good news: the carrier found the parcel. It had been missorted in Memphis
        and is now out for delivery, so you should have it today or tomorrow at
        the latest.

        Best regards,
        Ada
        """))
    c.cust("2026-11-06 18:02 -0500", T("""
        It arrived this afternoon and the shoes fit perfectly. Thanks for chasing
        it up!

        Megan
        """))

    c = conv("damaged-tent-daniel", "en", "Support", ("Daniel Hughes", "dan.hughes@example.net"),
             "Tent arrived with broken poles",
             "Damaged tent poles (JPEG photo); replacement pole set sent. Apple Mail quoting.",
             client="apple", charset="utf-8", cte="quoted-printable")
    c.cust("2026-10-29 19:12 +0000", T("""
        Hello,

        My Fjellheim 2 tent (order #US-55077, shipped to the UK) arrived today,
        but two of the three poles are snapped and the box was clearly crushed.
        Photo attached.

        Can you send replacement poles, or should I return the whole tent?

        Cheers,
        Dan
        """), attachments=[jpg("IMG_4471.jpg", "dan-tent")])
    c.agent(JONAS, "2026-10-30 09:05 +0100", T("""
        Hi Dan,

        Thanks for the photo, and sorry the tent arrived like that. There is no
        need to return it. I have sent a full replacement pole set by tracked
        post today; it should reach you within 3-5 working days.

        Please keep the damaged poles until the new ones arrive, in case the
        carrier asks for them for their claim.

        Kind regards,
        Jonas
        """))
    c.cust("2026-11-03 18:40 +0000", T("""
        Hi Jonas,

        The poles arrived this morning and the tent is up in the garden.
        Brilliant service, thank you!

        Dan
        """))

    c = conv("invoice-vat-priya", "en", "Support", ("Priya Raman", "priya.raman@example.org"),
             "Invoice with VAT number for order #US-55190",
             "Club needs invoice with VAT number; corrected PDF invoice sent. Outlook, windows-1252 (€, curly quotes).",
             client="outlook", charset="windows-1252", cte="quoted-printable",
             hdr_cs="windows-1252", hdr_mode="Q", first_to=[("Nordlys Sport", SUPPORT_ADDR)])
    c.cust("2026-11-04 11:02 +0000", T("""
        Hello,

        We bought 12 “Nordlys Team” rain jackets for our running club (order
        #US-55190, total €1,428.00). Our treasurer needs an invoice that shows our
        VAT number – it’s “IE 6388047V” – and the club’s name, “Liffey Harriers AC”.

        Could you send a corrected invoice?

        Kind regards,
        Priya Raman
        Treasurer’s assistant, Liffey Harriers AC
        """), quote=False)
    c.agent(ADA, "2026-11-04 14:30 +0100", T("""
        Hi Priya,

        Of course. Attached is the corrected invoice for order #US-55190 with
        your VAT number IE 6388047V and the club name. The original invoice has
        been cancelled in our system.

        Best regards,
        Ada
        """), attachments=[pdf("Invoice_US-55190.pdf", [
        "Nordlys Sport AS - INVOICE 2026-10412 (replaces 2026-10388)",
        "Customer: Liffey Harriers AC, VAT IE 6388047V",
        "Order #US-55190: 12 x Nordlys Team rain jacket",
        "Total EUR 1,428.00 incl. VAT"])])
    c.cust("2026-11-04 15:10 +0000", T("""
        Hi Ada,

        Perfect, thank you – that’s exactly what we needed.

        Priya
        """), outlook_sep="classic-en")

    c = conv("wrong-size-liam", "en", "Returns", ("Liam Carter", "liam.carter@example.com"),
             "Wrong size – exchange boots for 45?",
             "Hiking boots too small, exchange 44 -> 45. Follow-up has References but no In-Reply-To.",
             client="thunderbird", charset="UTF-8", cte="8bit", hdr_mode="Q")
    c.cust("2026-11-05 20:15 -0800", T("""
        Hi,

        I ordered the Trolltind hiking boots in EU 44 (order #US-55204).
        From the size chart I assumed 44 would fit, but they are too tight at
        the toes. Can I exchange them for a 45?

        Thanks,
        Liam Carter
        """), quote=False)
    c.agent(RETURNS, "2026-11-06 09:40 +0100", T("""
        Hi Liam,

        Yes, of course. Please use the prepaid return label below and write
        "EXCHANGE 45" on the return slip. We will ship the 45 as soon as the
        parcel is scanned by the carrier, so you do not have to wait for it to
        reach us.

        Return label: https://nordlys.example/returns/label/US-55204

        Kind regards,
        Jonas
        """), signer=JONAS, cte="8bit")
    c.cust("2026-11-06 08:05 -0800", T("""
        Great, the boots are packed and dropped off at the UPS store.
        Thanks!

        Liam
        """), quote=False, refs_only=True)

    c = conv("address-change-emma", "en", "Support", ("Emma Walsh", "emma.walsh@example.net"),
             "Change delivery address for order #US-55166",
             "Address change before dispatch. Body has a line starting '>From ' (mboxrd escaping). Outlook.com quoting.",
             client="outlook", charset="us-ascii", cte="7bit", hdr_mode="Q")
    c.cust("2026-10-27 13:20 -0400", T("""
        Hello,

        I just placed order #US-55166 and realised it will go to my old
        apartment. Your shipping notice said:
        >From Oslo warehouse, dispatch planned 28 Oct
        so I hope it's not too late to change it.

        New address:
        Emma Walsh
        418 Maple Avenue, Apt 3B
        Burlington, VT 05401
        USA

        Thank you!
        Emma
        """), quote=False)
    c.agent(ADA, "2026-10-27 19:02 +0100", T("""
        Hi Emma,

        Caught it in time: the delivery address on order #US-55166 is now
        418 Maple Avenue, Apt 3B, Burlington, VT 05401. The parcel leaves our
        warehouse tomorrow and you will get the tracking link by email.

        Best regards,
        Ada
        """), cte="8bit")
    c.cust("2026-10-27 15:30 -0400", T("""
        Thanks so much, Ada!

        Emma
        """), charset="utf-8", cte="quoted-printable")

    c = conv("missing-item-noah", "en", "Support", ("Noah Fischer-Brown", "noah.fb@example.com"),
             "[Contact form] Missing item – order #US-55261",
             "HTML-only web-form mail (eml): one of two bottles missing; sent separately.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-09 21:47 -0500", None, quote=False, client="webform",
           store=("eml", "webform-missing-item.eml"),
           html_only=webform_html("en", "Nordlys Sport – contact form", [
               ("Name", "Noah Fischer-Brown"),
               ("Email", '<a href="mailto:noah.fb@example.com">noah.fb@example.com</a>'),
               ("Order number", "#US-55261"),
               ("Topic", "Missing item"),
               ("Message", "Hi! The parcel only contained ONE of the two Nordlys 750&nbsp;ml steel "
                           "bottles I ordered.<br>The packing slip lists two (2 × NS-BTL-750).<br><br>"
                           "Thanks, Noah"),
           ], "Sent via the contact form at https://nordlys.example/contact", 1794278820),
           extra=["X-Mailer: NordlysShop-Webform/2.3"])
    c.agent(ADA, "2026-11-10 09:15 +0100", T("""
        Hi Noah,

        Sorry about that. Our warehouse confirms that the second bottle was left
        behind when your parcel was packed. We have sent it separately today
        (tracking 9400 1000 0000 0000 1234 56) - no need to return anything.

        Best regards,
        Ada
        """))
    c.cust("2026-11-10 07:30 -0500", T("""
        Thanks Ada, appreciate the quick fix!
        """))

    c = conv("refund-status-olivia", "en", "Returns", ("Olivia Bennett", "olivia.bennett@example.org"),
             "Refund for returned order #US-54877?",
             "Refund for a returned fleece not received; refund issued.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-12 10:05 -0500", T("""
        Hi,

        I returned a fleece jacket from order #US-54877 on October 26 (return
        tracking 1Z 999 AA1 01 2345 0000). The tracking says it was delivered to
        you on November 3, but I haven't received a refund yet.

        Could you check?

        Olivia
        """), quote=False)
    c.agent(ADA, "2026-11-12 16:40 +0100", T("""
        Hi Olivia,

        Your return was received and approved on November 11. The refund of
        $89.00 was issued today to your original payment method; depending on
        your bank it can take 3-5 business days to show up.

        Best regards,
        Ada
        """))
    c.cust("2026-11-16 09:12 -0500", T("""
        It came through today. Thanks!

        Olivia
        """))

    # ------------------------------------------------------------------ TR
    c = conv("late-parcel-ayse", "tr", "Support", ("Ayşe Yılmaz", "ayse.yilmaz@example.com"),
             "Siparişim hâlâ gelmedi – Sipariş no: TR-40218",
             "Late parcel TR-40218; carrier trace, then invoice (PDF) sent. Gmail Turkish quoting.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-02 10:14 +0300", T("""
        Merhaba,

        28 Ekim'de verdiğim sipariş (Sipariş no: TR-40218) hâlâ elime ulaşmadı.
        Kargo takip sayfasında "dağıtım merkezinde" yazıyor ve dört gündür hiçbir
        değişiklik yok.

        Siparişimin nerede olduğunu kontrol edebilir misiniz?

        Teşekkürler,
        Ayşe Yılmaz
        """), quote=False)
    c.agent(ADA, "2026-11-02 11:30 +0100", T("""
        Merhaba Ayşe Hanım,

        Bizimle iletişime geçtiğiniz için teşekkür ederiz. TR-40218 numaralı
        siparişinizle ilgili kargo firmasına bir araştırma talebi açtık. 48 saat
        içinde size bilgi vereceğiz.

        Gecikme için özür dileriz.

        Saygılarımızla,
        Ada
        """), hdr_mode="B")
    c.cust("2026-11-04 09:05 +0300", T("""
        Merhaba Ada Hanım,

        Kargo bugün geldi ama kutunun içinde fatura yoktu. Faturayı e-posta ile
        gönderebilir misiniz?

        İyi günler,
        Ayşe
        """))
    c.agent(ADA, "2026-11-04 10:20 +0100", T("""
        Merhaba Ayşe Hanım,

        Siparişinize ulaştığınıza sevindik. TR-40218 numaralı siparişinizin
        faturası ekte.

        İyi günler dileriz,
        Ada
        """), attachments=[pdf("Fatura_TR-40218.pdf", [
        "Nordlys Sport AS - FATURA 2026-TR-0931",
        "Siparis no: TR-40218",
        "Musteri: Ayse Yilmaz",
        "Toplam: 1.890,00 TL (KDV dahil)"])])

    c = conv("damaged-box-mehmet", "tr", "Support", ("Mehmet Öztürk", "mehmet.ozturk@example.com"),
             "Hasarlı ürün – Sipariş no: TR-40177",
             "Dented thermos, photo with RFC 2047 name=; replacement sent. Outlook windows-1254.",
             client="outlook", charset="windows-1254", cte="quoted-printable",
             hdr_cs="windows-1254", hdr_mode="Q")
    c.cust("2026-10-30 16:45 +0300", T("""
        Merhaba,

        Dün teslim aldığım “Termos 750 ml” (Sipariş no: TR-40177) ezik ve kapağı
        çatlak geldi. Kutunun fotoğrafını ekte gönderiyorum. Ürünü değiştirmeniz
        veya ücretini (449,90 TL) iade etmeniz mümkün mü?

        Müşteri numaram: 100482

        Saygılarımla,
        Mehmet Öztürk
        """), quote=False, attachments=[jpg("hasarlı_kutu.jpg", "mehmet-box", style="rfc2047")])
    c.agent(JONAS, "2026-10-31 10:10 +0100", T("""
        Merhaba Mehmet Bey,

        Fotoğraf için teşekkürler ve yaşadığınız sorun için özür dileriz. Yeni
        bir termos bugün kargoya verildi; hasarlı ürünü geri göndermenize gerek
        yok.

        Saygılarımızla,
        Jonas
        """), hdr_mode="B")
    c.cust("2026-11-03 12:00 +0300", T("""
        Merhaba Jonas Bey,

        Yeni termos bugün elime ulaştı, çok teşekkür ederim.

        Mehmet Öztürk
        """))

    c = conv("return-jacket-elif", "tr", "Returns", ("Elif Şahin", "elif.sahin@example.net"),
             "İade talebi: kışlık mont (TR-40251)",
             "Return of a winter jacket (colour differs); label sent, parcel shipped. ISO-8859-9 8bit.",
             client="plain", charset="ISO-8859-9", cte="8bit", hdr_cs="ISO-8859-9", hdr_mode="Q",
             first_to=[("Nordlys Sport İade", RETURNS_ADDR)])
    roundcube = ["User-Agent: Roundcube Webmail/1.6.9"]
    c.cust("2026-11-06 14:22 +0300", T("""
        Merhaba,

        TR-40251 numaralı siparişimdeki kırmızı kışlık montu iade etmek
        istiyorum. Rengi fotoğraftakinden çok farklı. Ürün etiketli ve hiç
        giyilmedi.

        İade için ne yapmam gerekiyor?

        Elif Şahin
        """), quote=False, extra=roundcube)
    c.agent(RETURNS, "2026-11-06 15:05 +0100", T("""
        Merhaba Elif Hanım,

        İade talebiniz onaylandı. Aşağıdaki bağlantıdan ücretsiz iade etiketini
        yazdırabilirsiniz:
        https://nordlys.example/returns/label/TR-40251

        Ürün bize ulaştıktan sonra ödemeniz 5 iş günü içinde iade edilecektir.

        Saygılarımızla,
        Jonas
        """), signer=JONAS)
    c.cust("2026-11-07 11:30 +0300", T("""
        Teşekkürler, paketi bugün kargoya verdim. Takip numarası: 7312 5566 0091.

        Elif
        """), extra=roundcube)

    c = conv("refund-zeynep", "tr", "Returns", ("Zeynep Kaya", "zeynep.kaya@example.com"),
             "Para iadesi hâlâ yapılmadı",
             "Refund for returned shoes stuck; refund triggered manually. UTF-8 base64 (iPhone).",
             client="apple", charset="utf-8", cte="base64")
    c.cust("2026-11-10 20:40 +0300", T("""
        Merhaba,

        TR-40199 numaralı siparişimdeki ayakkabıları 27 Ekim'de iade ettim. Kargo
        takibine göre paket 30 Ekim'de size teslim edilmiş, ancak para iadesi
        hâlâ hesabıma yatmadı.

        Yardımcı olabilir misiniz?

        Zeynep Kaya

        iPhone'umdan gönderildi
        """), quote=False, extra=["X-Mailer: iPhone Mail (22B91)"])
    c.agent(ADA, "2026-11-11 09:25 +0100", T("""
        Merhaba Zeynep Hanım,

        Kontrol ettik: iadeniz 2 Kasım'da onaylanmış, ancak ödeme sistemimizdeki
        bir hata nedeniyle para iadesi başlatılmamış. 1.249,00 TL tutarındaki
        iadeyi bugün manuel olarak gerçekleştirdik. Bankanıza bağlı olarak
        tutarın hesabınıza geçmesi 3-7 iş günü sürebilir.

        Yaşanan gecikme için özür dileriz.

        Saygılarımızla,
        Ada
        """), cte="base64", hdr_mode="B")
    c.cust("2026-11-14 13:02 +0300", T("""
        Para iadesi bugün hesabıma geçti. Teşekkür ederim!

        Zeynep
        """), extra=["X-Mailer: iPhone Mail (22B91)"])

    c = conv("address-change-emre", "tr", "Support", ("Emre Çelik", "emre.celik@example.net"),
             "Teslimat adresi değişikliği, TR-40266",
             "Delivery address change before dispatch. ISO-8859-9 quoted-printable.",
             client="plain", charset="ISO-8859-9", cte="quoted-printable", hdr_cs="ISO-8859-9",
             hdr_mode="B")
    c.cust("2026-11-11 08:55 +0300", T("""
        Merhaba,

        Dün verdiğim TR-40266 numaralı siparişin teslimat adresini değiştirmek
        istiyorum. Yeni adres:

        Emre Çelik
        Bağdat Caddesi No: 214, Daire 7
        Kadıköy / İstanbul 34728

        Şimdiden teşekkürler.
        Emre
        """), quote=False)
    c.agent(SUPPORT, "2026-11-11 09:30 +0100", T("""
        Merhaba Emre Bey,

        Siparişiniz henüz depodan çıkmamıştı; teslimat adresini güncelledik.
        Kargo takip numaranız yarın e-posta ile gelecektir.

        Saygılarımızla,
        Jonas
        """), signer=JONAS, cte="8bit")

    c = conv("invoice-burak", "tr", "Support", ("Burak Doğan", "burak@dogan-outdoor.example"),
             "Kurumsal fatura talebi – Sipariş no: TR-40290",
             "Company invoice request; PDF invoice sent.",
             client="gmail", charset="UTF-8", cte="base64")
    c.cust("2026-11-16 15:20 +0300", T("""
        Merhaba,

        Şirketimiz adına verdiğimiz TR-40290 numaralı sipariş için kurumsal
        fatura rica ediyoruz.

        Unvan: Doğan Outdoor Spor Malzemeleri Ltd. Şti.
        Vergi dairesi: Kadıköy
        Vergi no: 3210987654

        Teşekkürler,
        Burak Doğan
        Satın Alma Sorumlusu
        """), quote=False)
    c.agent(ADA, "2026-11-16 16:05 +0100", T("""
        Merhaba Burak Bey,

        TR-40290 numaralı siparişinizin kurumsal faturası ekte yer alıyor.

        Saygılarımızla,
        Ada
        """), attachments=[pdf("Fatura_TR-40290.pdf", [
        "Nordlys Sport AS - FATURA 2026-TR-0977",
        "Unvan: Dogan Outdoor Spor Malzemeleri Ltd. Sti.",
        "Vergi dairesi: Kadikoy  Vergi no: 3210987654",
        "Siparis no: TR-40290  Toplam: 12.480,00 TL"])])
    c.cust("2026-11-17 10:00 +0300", T("""
        Fatura elimize ulaştı, teşekkürler.

        Burak Doğan
        """), cte="quoted-printable")

    c = conv("wrong-size-gul", "tr", "Returns", ("Gül Aydın", "gul.aydin@example.org"),
             "Yanlış beden gönderildi – TR-40277",
             "Wrong shoe size delivered (40 instead of 38); first message is the CRLF .eml.",
             client="outlook", charset="utf-8", cte="quoted-printable", hdr_mode="B")
    c.cust("2026-11-13 19:30 +0300", T("""
        Merhaba,

        TR-40277 numaralı siparişimde 38 numara koşu ayakkabısı istemiştim, ancak
        kutudan 40 numara çıktı. Faturada da 38 yazıyor.

        Doğru bedeni gönderebilir misiniz? Yanlış ürünü nasıl iade edeceğim?

        Gül Aydın
        """), quote=False, store=("eml", "outlook-export-crlf.eml"))
    c.agent(RETURNS, "2026-11-14 10:00 +0100", T("""
        Merhaba Gül Hanım,

        Karışıklık için özür dileriz. 38 numara ayakkabınızı bugün kargoya
        verdik. Yanlış gönderilen 40 numarayı bu etiketle ücretsiz
        gönderebilirsiniz:
        https://nordlys.example/returns/label/TR-40277

        Saygılarımızla,
        Jonas
        """), signer=JONAS)
    c.cust("2026-11-18 18:12 +0300", T("""
        Doğru beden geldi, yanlış olanı da kargoya verdim. Teşekkürler!

        Gül Aydın
        """))

    # ------------------------------------------------------------------ PL
    c = conv("damaged-backpack-zofia", "pl", "Support", ("Zofia Wiśniewska", "zofia.wisniewska@example.pl"),
             "Uszkodzony plecak, zamówienie PL-7781: prośba o wymianę",
             "Damaged backpack from Łódź, photo with RFC 2231 filename; replacement. Thunderbird, bottom-posted reply.",
             client="thunderbird", charset="ISO-8859-2", cte="8bit", hdr_cs="ISO-8859-2", hdr_mode="Q")
    c.cust("2026-11-03 18:05 +0100", T("""
        Dzień dobry,

        dziś kurier dostarczył moje zamówienie PL-7781 (plecak Rondane 30 l).
        Karton był rozdarty, a plecak ma przeciętą kieszeń boczną i brudny pas
        biodrowy. W załączniku przesyłam zdjęcie paczki.

        Proszę o wymianę plecaka na nowy.

        Z poważaniem
        Zofia Wiśniewska
        ul. Piotrkowska 112/4
        90-006 Łódź
        """), quote=False, attachments=[jpg("zdjęcie_paczki.jpg", "zofia-pack", style="rfc2231")])
    c.agent(ADA, "2026-11-04 09:15 +0100", T("""
        Dzień dobry Pani Zofio,

        bardzo przepraszamy za uszkodzoną przesyłkę. Nowy plecak Rondane 30 l
        wyślemy jutro. Kurier odbierze uszkodzony plecak przy doręczeniu nowego,
        wystarczy go zapakować w dowolny karton.

        Pozdrawiam serdecznie
        Ada
        """))
    c.cust("2026-11-04 10:02 +0100", T("""
        Dziękuję bardzo! Będę w domu w czwartek i piątek.

        Zofia
        """), charset="UTF-8", cte="quoted-printable", hdr_cs="UTF-8", quote_below=True)

    c = conv("late-order-krzysztof", "pl", "Support", ("Krzysztof Wójcik", "k.wojcik@example.com"),
             "Opóźnienie zamówienia PL-7790",
             "Late order PL-7790 (stock issue), then shade difference. Outlook windows-1250; one References id points to a message that is in no file.",
             client="outlook", charset="windows-1250", cte="quoted-printable", hdr_cs="windows-1250",
             hdr_mode="Q")
    c.cust("2026-10-28 08:30 +0100", T("""
        Dzień dobry,

        zamówienie PL-7790 (kurtka softshell, 2 szt.) miało zostać doręczone do
        26 października. Do dziś nie otrzymałem żadnej informacji o wysyłce.

        Proszę o sprawdzenie, co się dzieje z zamówieniem.

        Pozdrawiam
        Krzysztof Wójcik
        """), quote=False)
    c.agent(JONAS, "2026-10-28 13:45 +0100", T("""
        Dzień dobry Panie Krzysztofie,

        przepraszamy za opóźnienie. Jeden z rozmiarów był chwilowo niedostępny,
        dlatego zamówienie PL-7790 czekało w magazynie. Obie kurtki zostały
        wysłane dzisiaj, numer przesyłki: 6230 1182 7781 PL.

        Pozdrawiam
        Jonas
        """))
    c.cust("2026-10-30 17:20 +0100", T("""
        Dzień dobry,

        przesyłka dotarła, dziękuję. Jedna z kurtek ma jednak inny odcień niż
        druga, czy to normalne?

        Krzysztof Wójcik
        """), missing_ref="<AM9PR07MB7154A1B2C3D4E5F60718@AM9PR07MB7154.eurprd07.prod.outlook.com>")
    c.agent(JONAS, "2026-11-02 10:00 +0100", T("""
        Dzień dobry,

        dziękujemy za informację. Obie kurtki pochodzą z różnych partii
        produkcyjnych, stąd niewielka różnica odcienia. Jeśli to Panu
        przeszkadza, chętnie wymienimy jedną kurtkę: wystarczy odesłać ją
        z dopiskiem „wymiana PL-7790”.

        Pozdrawiam
        Jonas
        """))

    c = conv("return-shoes-agnieszka", "pl", "Returns", ("Agnieszka Dąbrowska", "agnieszka.dabrowska@example.pl"),
             "Zwrot butów, zamówienie PL-7802",
             "Return of too-narrow trekking shoes, refund 539,00 zł. ISO-8859-2 quoted-printable, webmail 'W dniu … pisze:'.",
             client="plain", charset="ISO-8859-2", cte="quoted-printable", hdr_cs="ISO-8859-2",
             hdr_mode="B", first_to=[("Nordlys Sport - zwroty", RETURNS_ADDR)])
    c.cust("2026-11-05 12:10 +0100", T("""
        Dzień dobry,

        chciałabym zwrócić buty trekkingowe z zamówienia PL-7802. Są za wąskie,
        a niestety nie ma szerszego modelu. Buty były tylko przymierzone w domu.

        Proszę o informację, jak dokonać zwrotu i kiedy otrzymam zwrot pieniędzy.

        Agnieszka Dąbrowska
        """), quote=False)
    c.agent(RETURNS, "2026-11-05 15:30 +0100", T("""
        Dzień dobry Pani Agnieszko,

        zwrot został zarejestrowany. Etykietę zwrotną znajdzie Pani pod adresem:
        https://nordlys.example/returns/label/PL-7802

        Pieniądze (539,00 zł) zwrócimy w ciągu 5 dni roboczych od otrzymania
        paczki.

        Pozdrawiam
        Ada
        """), signer=ADA)
    c.cust("2026-11-12 09:40 +0100", T("""
        Dzień dobry,

        paczka została nadana 7 listopada, ale zwrotu pieniędzy jeszcze nie
        widzę. Czy paczka już do Państwa dotarła?

        Agnieszka Dąbrowska
        """))
    c.agent(RETURNS, "2026-11-12 14:00 +0100", T("""
        Dzień dobry,

        paczka dotarła do nas wczoraj. Zwrot 539,00 zł został dziś zlecony
        i powinien być widoczny na koncie w ciągu 2-3 dni roboczych.

        Pozdrawiam
        Ada
        """), signer=ADA)

    c = conv("refund-pawel", "pl", "Returns", ("Paweł Zieliński", "pawel.zielinski@example.com"),
             "Zwrot pieniędzy za zamówienie PL-7765",
             "Refund for returned jacket paid with BLIK. Gmail Polish quoting.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-17 21:10 +0100", T("""
        Dzień dobry,

        11 listopada odesłałem kurtkę z zamówienia PL-7765. Kiedy mogę się
        spodziewać zwrotu pieniędzy? Płaciłem BLIK-iem.

        Pozdrawiam,
        Paweł Zieliński
        """), quote=False)
    c.agent(RETURNS, "2026-11-18 10:20 +0100", T("""
        Dzień dobry Panie Pawle,

        zwrot 699,00 zł został dziś zlecony. Płatności BLIK zwracamy na konto
        bankowe powiązane z aplikacją; trwa to zwykle do 3 dni roboczych.

        Pozdrawiam
        Jonas
        """), signer=JONAS)
    c.cust("2026-11-20 08:45 +0100", T("""
        Pieniądze już są na koncie. Dziękuję!

        Paweł
        """))

    c = conv("address-change-katarzyna-bounce", "pl", "Support", ("Katarzyna Nowak", "kasia.nowka@poczta.example"),
             "[Formularz kontaktowy] Zmiana adresu dostawy – PL-7815",
             "HTML-only web form with a mistyped e-mail address; the agent reply bounced (5.1.1).",
             client="webform", charset="UTF-8", cte="quoted-printable")
    kasia1 = c.cust("2026-11-08 20:12 +0100", None, quote=False, store=("eml", "webform-adres-dostawy.eml"),
                    html_only=webform_html("pl", "Nordlys Sport – formularz kontaktowy", [
                        ("Imię i nazwisko", "Katarzyna Nowak"),
                        ("Adres e-mail", "kasia.nowka@poczta.example"),
                        ("Numer zamówienia", "PL-7815"),
                        ("Temat", "Zmiana adresu dostawy"),
                        ("Wiadomość", "Dzień dobry, proszę o zmianę adresu dostawy na:<br>"
                                      "ul. Zielona 8/12, 80-297 Gdańsk.<br><br>"
                                      "PS Zażółć gęślą jaźń – sprawdzam, czy polskie znaki "
                                      "przechodzą przez formularz."),
                    ], "Wiadomość wysłana przez formularz https://nordlys.example/pl/kontakt", 1794251520),
                    extra=["X-Mailer: NordlysShop-Webform/2.3"])
    kasia_reply = c.agent(ADA, "2026-11-09 09:05:00 +0100", T("""
        Dzień dobry Pani Katarzyno,

        adres dostawy zamówienia PL-7815 został zmieniony na:
        ul. Zielona 8/12, 80-297 Gdańsk.
        Polskie znaki dotarły do nas bez problemu. :)

        Pozdrawiam serdecznie
        Ada
        """), parent=kasia1)

    c = conv("missing-item-marta", "pl", "Support", ("Marta Kowalczyk", "marta.kowalczyk@example.net"),
             "Brak rękawiczek w paczce PL-7833",
             "Gloves missing from parcel; sent separately. Apple Mail Polish quoting.",
             client="apple", charset="utf-8", cte="quoted-printable", hdr_mode="Q")
    c.cust("2026-11-19 17:35 +0100", T("""
        Dzień dobry,

        w paczce z zamówieniem PL-7833 zabrakło rękawiczek Nordlys Thermo
        (rozmiar M). Na liście pakunkowej są wymienione, ale w kartonie ich nie
        było.

        Pozdrawiam
        Marta Kowalczyk
        """), quote=False)
    c.agent(ADA, "2026-11-20 08:50 +0100", T("""
        Dzień dobry Pani Marto,

        przepraszamy za pomyłkę magazynu. Rękawiczki Nordlys Thermo w rozmiarze M
        wysłaliśmy dziś osobną przesyłką.

        Pozdrawiam
        Ada
        """))
    c.cust("2026-11-20 12:14 +0100", T("""
        Dziękuję, czekam na przesyłkę.

        Marta
        """))

    c = conv("address-change-tomasz", "pl", "Support", ("Tomasz Lewandowski", "t.lewandowski@example.pl"),
             "Zmiana adresu dostawy PL-7772",
             "Delivery address change to a Warsaw office. Thunderbird ISO-8859-2 quoted-printable.",
             client="thunderbird", charset="ISO-8859-2", cte="quoted-printable", hdr_cs="ISO-8859-2",
             hdr_mode="Q")
    c.cust("2026-10-26 11:00 +0100", T("""
        Dzień dobry,

        proszę o zmianę adresu dostawy zamówienia PL-7772 na adres firmy:

        Tomasz Lewandowski
        ul. Świętokrzyska 30, lok. 5
        00-116 Warszawa

        Z góry dziękuję.
        -- 
        Tomasz Lewandowski
        tel. +48 600 100 200
        """), quote=False)
    c.agent(JONAS, "2026-10-26 14:20 +0100", T("""
        Dzień dobry Panie Tomaszu,

        adres dostawy zamówienia PL-7772 został zmieniony na ul. Świętokrzyska 30,
        lok. 5, 00-116 Warszawa.

        Pozdrawiam
        Jonas
        """), cte="8bit")

    # ------------------------------------------------------------------ NB
    c = conv("late-parcel-ingrid", "nb", "Support", ("Ingrid Ødegård", "ingrid.odegard@example.no"),
             "Ordre 5531: pakken har ikke kommet ennå",
             "Late parcel (ordre 5531), returned to sender by the carrier; resent by express. Apple Mail ISO-8859-1.",
             client="apple", charset="iso-8859-1", cte="quoted-printable", hdr_cs="iso-8859-1", hdr_mode="Q")
    c.cust("2026-10-30 08:12 +0100", T("""
        Hei,

        Jeg bestilte en ullgenser og to par sokker 22. oktober (ordre 5531).
        Sporingen har stått på «Under transport» i snart en uke, og jeg har ikke
        fått noen hentemelding.

        Kan dere sjekke hva som har skjedd?

        Vennlig hilsen
        Ingrid Ødegård
        Trondheim
        """), quote=False)
    c.agent(ADA, "2026-10-30 10:40 +0100", T("""
        Hei Ingrid,

        Takk for at du tar kontakt. Pakken med ordre 5531 har dessverre blitt
        liggende på Postens terminal i Oslo. Vi har bedt dem om å prioritere den,
        og den skal være på vei til Trondheim i dag.

        Du får hentemelding på SMS så snart den er klar.

        Vennlig hilsen
        Ada
        """))
    c.cust("2026-11-02 19:05 +0100", T("""
        Hei igjen,

        Fortsatt ingen hentemelding. Sporingen viser nå «Returnert til avsender»?!
        Hva gjør vi nå?

        Ingrid
        """))
    c.agent(ADA, "2026-11-03 09:30 +0100", T("""
        Hei Ingrid,

        Beklager så mye! Pakken ble sendt i retur på grunn av en feil i
        postnummeret hos Posten. Vi har sendt en ny genser og nye sokker med
        ekspress i dag, og du får fraktkostnaden tilbakebetalt.

        Vennlig hilsen
        Ada
        """))
    c.cust("2026-11-05 16:44 +0100", T("""
        Nå har pakken kommet, og genseren er nydelig. Tusen takk for hjelpen!

        Ingrid
        """))

    c = conv("damaged-skis-bjorn", "nb", "Support", ("Bjørn Håland", "bjorn.haland@example.no"),
             "Skadde ski ved levering – ordre 5548",
             "Skis scratched in transport: JPEG photo + PNG screenshot; new pair sent. Gmail Norwegian quoting.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-07 14:20 +0100", T("""
        Hei!

        Fikk skiene (ordre 5548) i dag, men esken var knust i den ene enden og
        begge skiene har en dyp ripe i belegget. Legger ved bilde av skadene og
        et skjermbilde fra sporingen, der det står at pakken ble «skadet under
        transport».

        Kan dere sende nye, eller må jeg returnere disse først?

        Mvh
        Bjørn Håland
        """), quote=False, attachments=[jpg("IMG_20261107_141233.jpg", "bjorn-ski", w=40, h=24),
                                         png("skjermbilde_sporing.png", "bjorn-track")])
    c.agent(JONAS, "2026-11-09 09:10 +0100", T("""
        Hei Bjørn,

        Takk for bildene. Du trenger ikke returnere skiene først: vi sender et
        nytt par i dag, og Posten henter de skadde når de nye leveres.

        Vennlig hilsen
        Jonas
        """))
    c.cust("2026-11-11 18:30 +0100", T("""
        Nye ski kom i dag, alt i orden. Takk!

        Bjørn
        """))

    c = conv("return-jacket-solveig", "nb", "Returns", ("Solveig Aasen", "solveig.aasen@example.com"),
             "Retur av jakke – ordre 5536",
             "Return of a shell jacket (too big), free return label. Outlook Norwegian 'Fra:/Sendt:' block.",
             client="outlook", charset="utf-8", cte="quoted-printable", hdr_mode="B")
    c.cust("2026-11-02 12:00 +0100", T("""
        Hei,

        Jeg ønsker å returnere skalljakken fra ordre 5536. Den er for stor i
        skuldrene. Lappene sitter fortsatt på.

        Må jeg betale for returfrakten?

        Hilsen Solveig Aasen
        """), quote=False)
    c.agent(RETURNS, "2026-11-02 14:25 +0100", T("""
        Hei Solveig,

        Retur er gratis hos oss. Skriv ut returlappen her og lever pakken på
        nærmeste Post i Butikk:
        https://nordlys.example/returns/label/5536

        Pengene tilbakebetales innen 5 virkedager etter at vi har mottatt jakken.

        Vennlig hilsen
        Ada
        """), signer=ADA)
    c.cust("2026-11-09 10:15 +0100", T("""
        Hei,

        Jakken ble sendt i retur fredag. Gi beskjed når pengene er
        tilbakebetalt.

        Hilsen Solveig
        """))

    c = conv("refund-kari", "nb", "Returns", ("Kari Sørli", "kari.sorli@example.net"),
             "Tilbakebetaling for ordre 5519 mangler",
             "Refund for returned ski poles missing; paid out. ISO-8859-1 8bit.",
             client="plain", charset="ISO-8859-1", cte="8bit", hdr_cs="ISO-8859-1", hdr_mode="Q")
    c.cust("2026-11-13 21:05 +0100", T("""
        Hei.

        Dere mottok returen min (ordre 5519, to par langrennsstaver) 6. november,
        men jeg har fortsatt ikke fått pengene tilbake. Det er snart to uker
        siden.

        Hilsen
        Kari Sørli
        """), quote=False)
    c.agent(RETURNS, "2026-11-16 09:00 +0100", T("""
        Hei Kari,

        Beklager ventetiden. Tilbakebetalingen på 1 198,00 kr ble gjennomført i
        dag og vil være på kontoen din innen 1-2 virkedager.

        Vennlig hilsen
        Jonas
        """), signer=JONAS, cte="8bit")

    c = conv("wrong-size-eirik", "nb", "Returns", ("Eirik Sæther", "eirik.saether@example.org"),
             "Feil størrelse på støvlene (ordre 5561)",
             "Wrong boot size packed (41 instead of 43); right pair sent. UTF-8 base64 (Android).",
             client="plain", charset="UTF-8", cte="base64", hdr_mode="B")
    c.cust("2026-11-15 10:30 +0100", T("""
        Hei,

        Jeg bestilte vintersko i størrelse 43, men fikk 41 (ordre 5561). Esken
        er merket 43, så det ser ut som feil par er pakket.

        Kan jeg bytte til riktig størrelse?

        Eirik Sæther

        Sendt fra min Galaxy
        """), quote=False)
    c.agent(RETURNS, "2026-11-16 11:10 +0100", T("""
        Hei Eirik,

        Beklager feilen! Et nytt par i størrelse 43 er sendt i dag. Returlapp for
        paret i størrelse 41 finner du her:
        https://nordlys.example/returns/label/5561

        Vennlig hilsen
        Ada
        """), signer=ADA, cte="base64", hdr_mode="B")
    c.cust("2026-11-19 19:20 +0100", T("""
        Riktig størrelse kom i dag. Takk!

        Eirik
        """))

    c = conv("invoice-hakon", "nb", "Support", ("Håkon Lie", "hakon.lie@fjellforing.example"),
             "Faktura til firma – ordre 5570",
             "Company invoice for ordre 5570; PDF sent.",
             client="gmail", charset="UTF-8", cte="8bit")
    c.cust("2026-11-18 13:15 +0100", T("""
        Hei,

        Kan dere sende faktura for ordre 5570 med firmanavnet vårt på? Den skal
        betales av arbeidsgiver.

        Firma: Fjellføring AS
        Org.nr.: 912 345 678

        Mvh
        Håkon Lie
        """), quote=False)
    c.agent(JONAS, "2026-11-18 15:40 +0100", T("""
        Hei Håkon,

        Faktura for ordre 5570 til Fjellføring AS ligger vedlagt.

        Vennlig hilsen
        Jonas
        """), attachments=[pdf("Faktura_5570.pdf", [
        "Nordlys Sport AS - FAKTURA 2026-5570",
        "Kunde: Fjellforing AS, org.nr. 912 345 678",
        "Ordre 5570  Sum: 4 790,00 kr inkl. mva"])])

    c = conv("no-msgid-astrid", "nb", "Support", ("Astrid Bråten", "astrid.braten@example.no"),
             "Endre leveringsadresse på ordre 5577",
             "Address change request; this message has no Message-ID header at all.",
             client="plain", charset="UTF-8", cte="8bit", hdr_mode="Q")
    c.cust("2026-11-19 07:45 +0100", T("""
        Hei,

        Jeg flytter på lørdag. Kan dere endre leveringsadressen på ordre 5577
        til:

        Astrid Bråten
        Kjøpmannsgata 14
        7013 Trondheim

        På forhånd takk!
        Astrid
        """), quote=False, msgid=None, store=("eml", "no-message-id.eml"),
           extra=[fold("X-Mailer", header_atoms("Blåbær Mail 0.9 (homebrew)", "UTF-8", "Q", "partial"))])

    # ------------------------------------------------------------------ DE
    c = conv("damaged-stove-jurgen", "de", "Support", ("Jürgen Weiß", "j.weiss@example.de"),
             "Beschädigter Gaskocher – Bestellnummer DE-88120",
             "Damaged gas stove (photo), replacement sent; customer's out-of-office auto-reply threads in. Outlook windows-1252.",
             client="outlook", charset="windows-1252", cte="quoted-printable", hdr_cs="windows-1252",
             hdr_mode="Q")
    c.cust("2026-11-02 08:05 +0100", T("""
        Sehr geehrte Damen und Herren,

        heute wurde meine Bestellung (Bestellnummer DE-88120) geliefert. Leider
        ist der Gaskocher „Nordlys Trek“ beschädigt: Der Topfträger ist verbogen
        und das Ventil lässt sich nicht mehr schließen. Ein Foto habe ich
        angehängt.

        Der Kocher hat 89,95 € gekostet. Ich bitte um Ersatz oder Erstattung.

        Mit freundlichen Grüßen
        Jürgen Weiß
        """), quote=False, attachments=[jpg("Schaden_Kocher.JPG", "juergen-stove")])
    jurgen_reply = c.agent(ADA, "2026-11-02 11:20:04 +0100", T("""
        Sehr geehrter Herr Weiß,

        vielen Dank für das Foto und entschuldigen Sie bitte den Ärger. Wir
        schicken Ihnen noch heute einen neuen Kocher; den beschädigten können Sie
        mit dem beiliegenden Rücksendeetikett kostenlos zurückschicken.

        Mit freundlichen Grüßen
        Ada Lindqvist
        """))
    c.cust("2026-11-02 11:20:41 +0100", T("""
        Vielen Dank für Ihre Nachricht.

        Ich bin bis einschließlich 6. November 2026 nicht im Büro und habe nur
        eingeschränkt Zugriff auf meine E-Mails. Ihre Nachricht wird nicht
        weitergeleitet.

        Mit freundlichen Grüßen
        Jürgen Weiß
        """), quote=False, client="plain", to=[("", SUPPORT_ADDR)],
           subject=f"Automatische Antwort: Re: {c.subject}",
           msgid=client_msgid("outlook", "j.weiss@example.de", None, "ooo-juergen"),
           irt_override=jurgen_reply.msgid, refs_override=[jurgen_reply.msgid],
           extra=["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"])
    c.msgs[-1].role = "auto"
    c.cust("2026-11-09 09:30 +0100", T("""
        Guten Tag Frau Lindqvist,

        der neue Kocher ist angekommen und funktioniert einwandfrei. Den alten
        habe ich heute zurückgeschickt. Vielen Dank für die schnelle Hilfe!

        Mit freundlichen Grüßen
        Jürgen Weiß
        """), parent=jurgen_reply, outlook_sep="classic-de")

    c = conv("late-order-sabine", "de", "Support", ("Sabine Müller", "sabine.mueller@example.de"),
             "Lieferung verzögert – Bestellnummer DE-88134 noch nicht angekommen",
             "Lost parcel DE-88134 (DHL trace), replacement sent. Subject split into adjacent encoded words.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-05 19:40 +0100", T("""
        Hallo,

        meine Bestellung DE-88134 (Daunenschlafsack „Vinterly -10“) sollte laut
        Versandbestätigung am 3. November ankommen. Die Sendungsverfolgung zeigt
        seit fünf Tagen „In Zustellung“.

        Können Sie bitte nachsehen, was los ist?

        Viele Grüße
        Sabine Müller
        """), quote=False)
    c.agent(JONAS, "2026-11-06 10:15 +0100", T("""
        Hallo Frau Müller,

        danke für Ihre Nachricht. Wir haben bei DHL einen Nachforschungsauftrag
        für die Sendung gestellt. Sollte sich das Paket bis Montag nicht finden,
        schicken wir Ihnen sofort einen neuen Schlafsack.

        Viele Grüße
        Jonas Berg
        """), hdr_mode="B")
    c.cust("2026-11-06 12:02 +0100", T("""
        Danke! Dann warte ich bis Montag.

        Sabine
        """))
    c.agent(JONAS, "2026-11-09 14:00 +0100", T("""
        Hallo Frau Müller,

        DHL hat die Sendung leider als verloren gemeldet. Ein neuer Schlafsack
        „Vinterly -10“ ist heute an Sie rausgegangen, die Sendungsnummer folgt
        per E-Mail.

        Viele Grüße
        Jonas Berg
        """), hdr_mode="B")

    c = conv("return-boots-lukas", "de", "Returns", ("Lukas Schäfer", "lukas.schaefer@example.com"),
             "Rücksendung Wanderschuhe, Bestellnummer DE-88102",
             "Return of hiking boots, refund chased after a week. ISO-8859-1 quoted-printable, Thunderbird German quoting.",
             client="thunderbird", charset="ISO-8859-1", cte="quoted-printable", hdr_cs="ISO-8859-1",
             hdr_mode="Q")
    c.cust("2026-10-29 17:00 +0100", T("""
        Hallo,

        ich möchte die Wanderschuhe aus der Bestellung DE-88102 zurückgeben. Sie
        drücken an der Ferse, auch nach mehreren Tagen Eingehen in der Wohnung.

        Bekomme ich ein Rücksendeetikett?

        Grüße
        Lukas Schäfer
        """), quote=False)
    c.agent(RETURNS, "2026-10-30 09:40 +0100", T("""
        Hallo Herr Schäfer,

        gerne. Das Rücksendeetikett finden Sie hier:
        https://nordlys.example/returns/label/DE-88102

        Sobald die Schuhe bei uns sind, erstatten wir Ihnen 149,95 EUR.

        Viele Grüße
        Jonas
        """), signer=JONAS)
    c.cust("2026-11-06 20:15 +0100", T("""
        Hallo,

        laut DHL ist das Paket seit Montag bei Ihnen. Wann kommt die Erstattung?

        Grüße
        Lukas Schäfer
        """))
    c.agent(RETURNS, "2026-11-09 10:05 +0100", T("""
        Hallo Herr Schäfer,

        entschuldigen Sie die Verzögerung. Die Erstattung über 149,95 € wurde
        heute angewiesen.

        Viele Grüße
        Jonas
        """), signer=JONAS)

    c = conv("refund-petra", "de", "Returns", ("Petra Groß", "petra.gross@example.net"),
             "Erstattung für Bestellnummer DE-88097 fehlt",
             "Refund for two returned shirts (59,80 €) missing; paid. Apple Mail German quoting.",
             client="apple", charset="utf-8", cte="quoted-printable", hdr_mode="Q")
    c.cust("2026-11-16 08:30 +0100", T("""
        Guten Morgen,

        ich habe am 2. November eine Rücksendung (Bestellnummer DE-88097, zwei
        Funktionsshirts) abgeschickt. Laut DHL ist sie am 5. November bei Ihnen
        angekommen. Die Erstattung von 59,80 € ist aber noch nicht auf meinem
        Konto.

        Liebe Grüße
        Petra Groß
        """), quote=False)
    c.agent(RETURNS, "2026-11-16 13:10 +0100", T("""
        Guten Tag Frau Groß,

        vielen Dank für Ihre Geduld. Die Erstattung über 59,80 € wurde heute
        veranlasst und sollte in 2-3 Werktagen auf Ihrem Konto sein.

        Viele Grüße
        Ada
        """), signer=ADA)
    c.cust("2026-11-19 18:22 +0100", T("""
        Ist angekommen, danke!

        Petra
        """))

    c = conv("exchange-size-felix", "de", "Support", ("Felix Köhler", "felix.koehler@example.de"),
             "Umtausch: Jacke in falscher Größe (Bestellnummer DE-88140)",
             "Exchange XL -> L; first message was sent to both support@ and returns@ (dual delivery).",
             client="gmail", charset="UTF-8", cte="quoted-printable",
             first_to=[("", SUPPORT_ADDR), ("", RETURNS_ADDR)])
    c.cust("2026-11-10 18:25 +0100", T("""
        Hallo zusammen,

        ich habe die Regenjacke „Skagerrak“ in Größe L bestellt (Bestellnummer
        DE-88140), bekommen habe ich aber XL. Ich schreibe an beide Adressen,
        weil ich nicht sicher bin, wer für den Umtausch zuständig ist.

        Könnt ihr mir eine L schicken? Die XL schicke ich natürlich zurück.

        Grüße
        Felix Köhler
        """), quote=False, store=("mbox", "maildir"))
    c.agent(ADA, "2026-11-11 09:00 +0100", T("""
        Hallo Felix,

        danke für die Nachricht, das war unser Fehler. Die Jacke in Größe L ist
        heute rausgegangen. Für die XL kannst du dieses kostenlose Etikett
        verwenden:
        https://nordlys.example/returns/label/DE-88140

        Viele Grüße
        Ada
        """))
    c.cust("2026-11-13 17:40 +0100", T("""
        Die L passt, die XL ist unterwegs zu euch. Danke!

        Felix
        """))

    c = conv("address-change-claudia", "de", "Support", ("Claudia Brückner", "claudia.brueckner@example.de"),
             "Fwd: Bestellbestätigung DE-88166",
             "Forwarded order confirmation with a wrong house number; address corrected.",
             client="gmail", charset="UTF-8", cte="quoted-printable")
    c.cust("2026-11-16 20:30 +0100", T("""
        Hallo,

        bei meiner Bestellung ist mir ein Fehler in der Lieferadresse passiert:
        Es muss „Kastanienallee 27“ heißen, nicht „Kastanienallee 72“. Die
        Bestellbestätigung hänge ich unten an.

        Danke und Grüße
        Claudia Brückner

        ---------- Weitergeleitete Nachricht ---------
        Von: Nordlys Sport <orders@nordlys.example>
        Date: Mo., 16. Nov. 2026 um 20:03 Uhr
        Subject: Bestellbestätigung DE-88166
        To: <claudia.brueckner@example.de>


        Vielen Dank für Ihre Bestellung bei Nordlys Sport!

        Bestellnummer DE-88166
        1 × Trekkingrucksack „Jotun 45“     129,00 €
        Versand                               4,95 €
        Summe                               133,95 €

        Lieferadresse:
        Claudia Brückner
        Kastanienallee 72
        10435 Berlin
        """), quote=False, store=("eml", "forwarded-bestellbestaetigung.eml"))
    c.agent(SUPPORT, "2026-11-17 08:45 +0100", T("""
        Hallo Frau Brückner,

        wir haben die Lieferadresse zu Bestellung DE-88166 auf
        Kastanienallee 27, 10435 Berlin korrigiert. Das Paket wird heute
        verschickt.

        Viele Grüße
        Ada Lindqvist
        """), signer=ADA)

    c = conv("invoice-heike", "de", "Support", ("Heike Schröder", "h.schroeder@example.com"),
             "Rechnung für Bestellnummer DE-88151",
             "Invoice with VAT for employer; PDF sent, follow-up question about shipping VAT. windows-1252 8bit, Outlook 'Von:/Gesendet:'.",
             client="outlook", charset="windows-1252", cte="8bit", hdr_cs="windows-1252", hdr_mode="Q")
    c.cust("2026-11-12 10:10 +0100", T("""
        Guten Tag,

        für meine Bestellung DE-88151 benötige ich eine Rechnung mit
        ausgewiesener Mehrwertsteuer für meinen Arbeitgeber. Rechnungsanschrift:

        Schröder & Partner Steuerberatung
        Heike Schröder
        Königstraße 5
        70173 Stuttgart

        Vielen Dank!
        Heike Schröder
        """), quote=False)
    c.agent(JONAS, "2026-11-12 13:00 +0100", T("""
        Guten Tag Frau Schröder,

        anbei die Rechnung zu Bestellung DE-88151 mit ausgewiesener
        Mehrwertsteuer und Ihrer Rechnungsanschrift.

        Viele Grüße
        Jonas Berg
        """), attachments=[pdf("Rechnung_DE-88151.pdf", [
        "Nordlys Sport AS - RECHNUNG 2026-DE-2210",
        "Schroeder & Partner Steuerberatung, Koenigstrasse 5, 70173 Stuttgart",
        "Bestellnummer DE-88151",
        "Netto 167,23 EUR  MwSt. 19 % 31,77 EUR  Brutto 199,00 EUR"])])
    c.cust("2026-11-12 14:05 +0100", T("""
        Danke, die Rechnung ist angekommen. Eine Frage noch: Auf der Rechnung
        steht „Versand 4,95 €“ – ist die MwSt. darin enthalten?

        Heike Schröder
        """))
    c.agent(JONAS, "2026-11-12 15:30 +0100", T("""
        Guten Tag Frau Schröder,

        ja, die Versandkosten von 4,95 € enthalten bereits 19 % MwSt.; sie sind
        in der ausgewiesenen Steuer auf der Rechnung berücksichtigt.

        Viele Grüße
        Jonas Berg
        """))

    return convs, kasia_reply


# ==========================================================================
# automatic mail: newsletter (quarantine) and bounce


NEWSLETTER_ID = "<newsletter.2026w45.88412@mailer.trailwear.example>"


def newsletter():
    dt = D("2026-11-04 06:00:12 +0000")
    text = T("""
        TRAILWEAR SUPPLY – Partner newsletter, week 45

        Winter 2026 wholesale catalogue is out!

        * 15 % early-order discount on all base layers until 30 November
        * New: merino socks in 6 colours
        * Free freight on orders over €2,500

        Browse the catalogue: https://trailwear.example/catalogue/winter-2026

        You receive this e-mail because support@nordlys.example is registered as a
        Trailwear Supply partner contact.
        Unsubscribe: https://trailwear.example/u/88412
        """)
    html = ("<html><body style=\"font-family:Arial\"><h1>Winter 2026 wholesale catalogue</h1>"
            "<ul><li>15&nbsp;% early-order discount on all base layers until 30 November</li>"
            "<li>New: merino socks in 6 colours</li><li>Free freight on orders over &euro;2,500</li></ul>"
            "<p><a href=\"https://trailwear.example/catalogue/winter-2026\">Browse the catalogue</a></p>"
            "<p style=\"font-size:10px\"><a href=\"https://trailwear.example/u/88412\">Unsubscribe</a></p>"
            "<img src=\"https://trailwear.example/open/88412.gif\" width=\"1\" height=\"1\" alt=\"\">"
            "</body></html>\n")
    ent = multipart("alternative", "b1_trailwear_" + hx("nl", n=24), [
        text_part(text, "plain", "utf-8", "quoted-printable"),
        text_part(html, "html", "utf-8", "quoted-printable")])
    hdrs = [
        'From: "Trailwear Supply" <news@trailwear.example>',
        "To: support@nordlys.example",
        fold("Subject", header_atoms("Winter 2026 wholesale catalogue – 15 % early-order discount",
                                     "UTF-8", "Q", "partial")),
        f"Date: {rfc_date(dt)}",
        f"Message-ID: {NEWSLETTER_ID}",
        "Precedence: bulk",
        "List-Id: Trailwear Supply Partners <partners.trailwear.example>",
        "List-Unsubscribe: <mailto:unsubscribe+88412@trailwear.example>,\n <https://trailwear.example/u/88412>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "X-Mailer: Trailwear Mailer 4.1",
    ]
    raw = ("\n".join(hdrs) + "\nMIME-Version: 1.0\n" + ent[0]).encode("ascii") + b"\n" + ent[1]
    return dt, raw


BOUNCE_ID = "<20261109080507.4QZ1xK2c7Wz9sVb@mx.nordlys.example>"


def bounce(returned):
    """Postfix-style DSN for the agent reply `returned` (a Msg)."""
    dt = returned.date + timedelta(seconds=7)
    qid = "4QZ1xK2c7Wz9sVb"
    rcpt = returned.to[0][1]
    boundary = f"{qid}.1794211507/mx.nordlys.example"
    notif = T(f"""
        This is the mail system at host mx.nordlys.example.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients. It's attached below.

        For further assistance, please send mail to postmaster.

        If you do so, please include this problem report. You can
        delete your own text from the attached returned message.

                           The mail system

        <{rcpt}>: host mx.poczta.example[198.51.100.25] said: 550
            5.1.1 <{rcpt}>: Recipient address rejected: User unknown in
            virtual mailbox table (in reply to RCPT TO command)
        """)
    status = T(f"""
        Reporting-MTA: dns; mx.nordlys.example
        X-Postfix-Queue-ID: {qid}
        X-Postfix-Sender: rfc822; support@nordlys.example
        Arrival-Date: {received_date(returned.date)}

        Final-Recipient: rfc822; {rcpt}
        Original-Recipient: rfc822;{rcpt}
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; mx.poczta.example
        Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected:
            User unknown in virtual mailbox table
        """)
    original = (f"Return-Path: <{SUPPORT_ADDR}>\n"
                f"Received: from mail.nordlys.example (mail.nordlys.example [192.0.2.20])\n"
                f"\tby mx.nordlys.example (Postfix) with ESMTPS id {qid}\n"
                f"\tfor <{rcpt}>; {received_date(returned.date)}\n").encode("ascii") + returned.render()
    parts = [
        ("Content-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n", notif.encode()),
        ("Content-Description: Delivery report\nContent-Type: message/delivery-status\n", status.encode()),
        ("Content-Description: Undelivered Message\nContent-Type: message/rfc822\n", original),
    ]
    ent = multipart("report", boundary, parts, params=" report-type=delivery-status;",
                    preamble="This is a MIME-encapsulated message.\n")
    hdrs = [
        f"Date: {rfc_date(dt)} (CET)",
        "From: Mail Delivery System <MAILER-DAEMON@mx.nordlys.example>",
        "Subject: Undelivered Mail Returned to Sender",
        f"To: {SUPPORT_ADDR}",
        f"Message-Id: {BOUNCE_ID}",
    ]
    raw = ("\n".join(hdrs) + "\nMIME-Version: 1.0\n" + ent[0]
           + "Content-Transfer-Encoding: 8bit\n").encode("ascii") + b"\n" + ent[1]
    return dt, raw


# ==========================================================================
# delivery


class Delivery:
    def __init__(self, kind, rcpt, date, envelope, relay, raw, name=None, flags=None, key=None):
        self.kind, self.rcpt, self.date = kind, rcpt, date
        self.envelope, self.relay, self.raw = envelope, relay, raw
        self.name, self.flags, self.key = name, flags, key

    def bytes(self):
        when = self.date + timedelta(seconds=4)
        env = f"<{self.envelope}>" if self.envelope else "<>"
        qid = hx("qid", self.key, n=14).upper()  # one SMTP transaction, one queue id
        top = (f"Delivered-To: {self.rcpt}\nReturn-Path: {env}\n"
               f"Received: from {self.relay}\n\tby mx1.nordlys.example (Postfix) with ESMTPS id {qid};\n"
               f"\t{received_date(when)}\n")
        return top.encode("ascii") + self.raw


def relay_for(m):
    dom = m.frm[1].split("@")[1]
    n = hnum_ip(m.seed)
    if m.role == "agent":
        return "mail.nordlys.example (mail.nordlys.example [192.0.2.20])"
    if m.client == "webform":
        return "www.nordlys.example (www.nordlys.example [192.0.2.10])"
    if m.client == "gmail":
        return f"mail-wm1-f{n}.google.com (mail-wm1-f{n}.google.com [203.0.113.{n}])"
    if m.client == "outlook":
        return (f"EUR05-AM6-obe.outbound.protection.outlook.com "
                f"(mail-am6eur05on20{n}.outbound.protection.outlook.com [198.51.100.{n}])")
    return f"smtp.{dom} (smtp.{dom} [198.51.100.{n}])"


def hnum_ip(seed):
    return 10 + int(hx("ip", seed, n=4), 16) % 200


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(os.path.dirname(here), "demo")

    convs, kasia_reply = build()
    nl_date, nl_raw = newsletter()
    b_date, b_raw = bounce(kasia_reply)

    # ---- sanity of the model
    all_msgs = [m for c in convs for m in c.msgs]
    ids = [m.msgid for m in all_msgs if m.msgid] + [NEWSLETTER_ID, BOUNCE_ID]
    assert len(ids) == len(set(ids)), "duplicate Message-ID"
    for c in convs:
        dates = [m.date for m in c.msgs]
        assert dates == sorted(dates), f"not chronological: {c.key}"

    # ---- deliveries
    deliveries = []
    for c in convs:
        for i, m in enumerate(c.msgs):
            raw = m.render()
            stores = m.store if isinstance(m.store, tuple) and m.store[0] != "eml" else (m.store,)
            for st in stores:
                env = QUEUE_ADDR[c.queue] if m.role == "agent" else (
                    f"webform@{DOMAIN}" if m.client == "webform" else m.frm[1])
                if st == "mbox":
                    rcpt = SUPPORT_ADDR
                elif st == "maildir":
                    rcpt = RETURNS_ADDR
                else:
                    rcpt = QUEUE_ADDR[c.queue]
                d = Delivery(st if isinstance(st, str) else "eml", rcpt, m.date, env, relay_for(m),
                             raw, key=m.seed)
                if isinstance(st, tuple):
                    d.name = st[1]
                if d.kind == "maildir":
                    later = c.msgs[i + 1:]
                    if m.role == "agent":
                        d.flags = "S"
                    elif any(x.role == "agent" for x in later):
                        d.flags = "RS"
                    elif later:
                        d.flags = "S"
                    else:
                        d.flags = None  # unread, still in new/
                    if len(stores) > 1:
                        d.flags = None
                deliveries.append(d)
    deliveries.append(Delivery("mbox", SUPPORT_ADDR, nl_date, "bounces+88412@trailwear.example",
                               "mailer.trailwear.example (mailer.trailwear.example [203.0.113.200])",
                               nl_raw, key="newsletter"))
    bd = Delivery("mbox", SUPPORT_ADDR, b_date, None, "localhost (localhost [127.0.0.1])", b_raw,
                  key="bounce")
    deliveries.append(bd)
    deliveries.sort(key=lambda d: (d.date, d.key))

    # ---- write
    if os.path.isdir(out):
        for sub in ("returns", "eml"):
            shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    for sub in ("returns/cur", "returns/new", "returns/tmp", "eml"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    with open(os.path.join(out, "returns", "tmp", ".keep"), "wb"):
        pass
    with open(os.path.join(out, "config.toml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(CONFIG_TOML)
    # The demo shop's orders (Shopify CSV, WooCommerce JSON) for the same customers.
    subprocess.run([sys.executable, os.path.join(here, "make_demo_orders.py"), out], check=True)

    from_re = re.compile(rb"^(>*From )", re.M)
    mbox = b""
    seq = 0
    for d in deliveries:
        data = d.bytes()
        if d.kind == "mbox":
            sender = d.envelope or "MAILER-DAEMON"
            body = from_re.sub(rb">\1", data)
            if not body.endswith(b"\n"):
                body += b"\n"
            mbox += f"From {sender} {asctime_utc(d.date + timedelta(seconds=4))}\n".encode() + body + b"\n"
        elif d.kind == "maildir":
            seq += 1
            epoch = int((d.date + timedelta(seconds=4)).timestamp())
            base = f"{epoch}.M{seq}P{1000 + hnum_pid(d.key)}.mx1"
            if d.flags:
                path = os.path.join(out, "returns", "cur", f"{base}:2,{d.flags}")
            else:
                path = os.path.join(out, "returns", "new", base)
            with open(path, "wb") as f:
                f.write(data)
        else:
            if d.name == "outlook-export-crlf.eml":
                data = data.replace(b"\n", b"\r\n")
            with open(os.path.join(out, "eml", d.name), "wb") as f:
                f.write(data)
    with open(os.path.join(out, "support.mbox"), "wb") as f:
        f.write(mbox)

    # ---- expected.json
    conv_json = []
    for c in convs:
        conv_json.append({
            "key": c.key, "queue": c.queue, "language": c.lang,
            "message_ids": [m.msgid or "(no message-id)" for m in sorted(c.msgs, key=lambda m: m.date)]
            + ([BOUNCE_ID] if c.key == kasia_reply.conv.key else []),
            "note": c.note,
        })
    auto = [m for m in all_msgs if m.role == "auto"]
    dual = [m for m in all_msgs if isinstance(m.store, tuple) and m.store[0] != "eml"]
    nomid = [m for m in all_msgs if not m.msgid]
    assert len(auto) == 1 and len(dual) == 1 and len(nomid) == 1
    expected = {
        "conversations": conv_json,
        "quarantine_message_ids": [NEWSLETTER_ID],
        "auto_reply_message_id": auto[0].msgid,
        "bounce_message_id": BOUNCE_ID,
        "bounce_returns_message_id": kasia_reply.msgid,
        "bounce_conversation": kasia_reply.conv.key,
        "dual_delivery_message_id": dual[0].msgid,
        "no_message_id": {"subject": nomid[0].subject, "conversation": nomid[0].conv.key},
        "unique_messages": len(all_msgs) + 2,
        "deliveries": len(deliveries),
    }
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(expected, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"wrote {out}: {expected['unique_messages']} messages, {len(convs)} conversations, "
          f"{expected['deliveries']} deliveries")


def hnum_pid(key):
    return int(hx("pid", key, n=4), 16) % 8000


if __name__ == "__main__":
    main()
