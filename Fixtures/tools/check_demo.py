#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Verify the AgentInbox demo fixtures against expected.json.

Usage, from the repository root:

    python3 Fixtures/tools/check_demo.py [DEMO_DIR]

Re-reads support.mbox (mboxrd, split and un-escaped by hand), the returns/
Maildir and eml/*.eml with Python's email package and checks counts,
threading, the special messages (auto-reply, bounce, newsletter, dual
delivery, missing Message-ID), charsets/encodings, attachments and that the
generator is deterministic. Exits non-zero on the first batch of failures.
Standard library only.
"""
import filecmp
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(os.path.dirname(HERE), "demo")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


ID_RE = re.compile(r"<[^<>\s]+>")
SEP_RE = re.compile(rb"^From (\S+) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
                    rb"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}$")
ESC_RE = re.compile(rb"^>(>*From )")


# --------------------------------------------------------------------------
# readers


class Entry:
    def __init__(self, store, name, raw):
        self.store, self.name, self.raw = store, name, raw
        self.msg = BytesParser(policy=policy.default).parsebytes(raw)

    def __repr__(self):
        return f"{self.store}:{self.name}"

    @property
    def msgid(self):
        v = self.msg.get("Message-ID")
        return str(v).strip() if v is not None else None

    def ids(self, name):
        v = self.msg.get(name)
        return ID_RE.findall(str(v)) if v is not None else []


def read_mboxrd(path):
    """Split an mboxrd file: a separator is a 'From ' line at the start of the
    file or after an empty line; body lines '>+From ' lose one '>'."""
    data = open(path, "rb").read()
    check(b"\r" not in data, "support.mbox contains CR characters")
    lines = data.split(b"\n")
    check(lines[-1] == b"", "mbox does not end with a newline")
    lines = lines[:-1]
    msgs, cur, prev_blank = [], None, True
    stats = Counter()
    for ln in lines:
        if ln.startswith(b"From ") and prev_blank:
            check(SEP_RE.match(ln), f"bad mbox separator line: {ln!r}")
            if cur is not None:
                check(cur and cur[-1] == b"", "mbox message not followed by a blank line")
                msgs.append(cur[:-1])
            cur = []
        else:
            check(not ln.startswith(b"From "), f"unescaped 'From ' line inside a message: {ln!r}")
            check(cur is not None, "data before the first mbox separator")
            if ESC_RE.match(ln):
                stats["escaped"] += 1
                ln = ln[1:]
            cur.append(ln)
        prev_blank = ln == b""
    if cur is not None:
        check(cur and cur[-1] == b"", "last mbox message not followed by a blank line")
        msgs.append(cur[:-1])
    return [b"\n".join(m) + b"\n" for m in msgs], stats


def load():
    entries = []
    raws, stats = read_mboxrd(os.path.join(DEMO, "support.mbox"))
    for i, raw in enumerate(raws):
        entries.append(Entry("mbox", str(i), raw))
    md = os.path.join(DEMO, "returns")
    check(os.path.isfile(os.path.join(md, "tmp", ".keep")), "returns/tmp/.keep missing")
    check(sorted(os.listdir(os.path.join(md, "tmp"))) == [".keep"], "returns/tmp must only hold .keep")
    for sub in ("new", "cur"):
        names = sorted(os.listdir(os.path.join(md, sub)))
        check(names, f"returns/{sub} is empty")
        for n in names:
            pat = r"^\d{10}\.M\d+P\d+\.mx1$" if sub == "new" else r"^\d{10}\.M\d+P\d+\.mx1:2,[A-Z]*$"
            check(re.match(pat, n), f"bad maildir file name {sub}/{n}")
            raw = open(os.path.join(md, sub, n), "rb").read()
            check(b"\r" not in raw, f"CR in maildir file {n}")
            entries.append(Entry("maildir", f"{sub}/{n}", raw))
    crlf = []
    for n in sorted(os.listdir(os.path.join(DEMO, "eml"))):
        raw = open(os.path.join(DEMO, "eml", n), "rb").read()
        if b"\r" in raw:
            check(raw.count(b"\r\n") == raw.count(b"\n") == raw.count(b"\r"), f"{n}: mixed line endings")
            crlf.append(n)
        entries.append(Entry("eml", n, raw))
    check(len(crlf) == 1, f"exactly one CRLF .eml expected, got {crlf}")
    neml = sum(1 for e in entries if e.store == "eml")
    check(4 <= neml <= 6, f"4-6 .eml files expected, got {neml}")
    return entries, stats


# --------------------------------------------------------------------------
# content helpers


def body_text(msg):
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    return part.get_content().replace("\r\n", "\n")


def all_text(msg):
    out = []
    for p in msg.walk():
        if p.get_content_maintype() == "text" and not p.is_attachment():
            out.append(p.get_content().replace("\r\n", "\n"))
    return "\n".join(out)


def addr_of(msg, name="From"):
    v = msg.get(name)
    return [a.lower() for _, a in getaddresses([str(v)])] if v is not None else []


def check_png(b, name):
    if not check(b[:8] == b"\x89PNG\r\n\x1a\n", f"{name}: no PNG signature"):
        return
    i, idat, ihdr = 8, b"", None
    while i < len(b):
        ln, typ = struct.unpack(">I4s", b[i:i + 8])
        data = b[i + 8:i + 8 + ln]
        crc = struct.unpack(">I", b[i + 8 + ln:i + 12 + ln])[0]
        check(crc == zlib.crc32(typ + data) & 0xFFFFFFFF, f"{name}: bad CRC in {typ!r}")
        if typ == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", data)
        elif typ == b"IDAT":
            idat += data
        i += 12 + ln
        if typ == b"IEND":
            break
    check(i == len(b), f"{name}: trailing data after IEND")
    w, h, depth, ctype = ihdr[:4]
    raw = zlib.decompress(idat)
    check(depth == 8 and ctype == 2 and len(raw) == h * (1 + 3 * w), f"{name}: IDAT size mismatch")


def check_jpeg(b, name):
    """Structural check + full entropy decode of a baseline grayscale JPEG."""
    if not check(b[:2] == b"\xff\xd8" and b[-2:] == b"\xff\xd9", f"{name}: no SOI/EOI"):
        return
    i, tables, size, comp_tables = 2, {}, None, None
    while True:
        if not check(b[i] == 0xFF, f"{name}: marker expected at {i}"):
            return
        marker = b[i + 1]
        ln = struct.unpack(">H", b[i + 2:i + 4])[0]
        seg = b[i + 4:i + 2 + ln]
        i += 2 + ln
        if marker == 0xC0:
            prec, h, w, nc = struct.unpack(">BHHB", seg[:6])
            check(prec == 8 and nc == 1 and seg[7] == 0x11, f"{name}: unexpected SOF0")
            size = (w, h)
        elif marker == 0xC4:
            j = 0
            while j < len(seg):
                tc_th = seg[j]
                bits = list(seg[j + 1:j + 17])
                vals = list(seg[j + 17:j + 17 + sum(bits)])
                code, k, table = 0, 0, {}
                for length in range(1, 17):
                    for _ in range(bits[length - 1]):
                        table[(length, code)] = vals[k]
                        code += 1
                        k += 1
                    code <<= 1
                tables[tc_th] = table
                j += 17 + sum(bits)
        elif marker == 0xDA:
            comp_tables = seg[2]
            break
    scan = b[i:-2]
    check(re.search(rb"\xff[^\x00]", scan) is None, f"{name}: unexpected marker in scan")
    scan = scan.replace(b"\xff\x00", b"\xff")
    bitstr = "".join(f"{x:08b}" for x in scan)
    pos = 0

    def sym(table):
        nonlocal pos
        code = 0
        for length in range(1, 17):
            code = (code << 1) | int(bitstr[pos])
            pos += 1
            if (length, code) in table:
                return table[(length, code)]
        raise ValueError("bad huffman code")

    dc, ac = tables[0x00 | (comp_tables >> 4)], tables[0x10 | (comp_tables & 15)]
    try:
        for _ in range(((size[0] + 7) // 8) * ((size[1] + 7) // 8)):
            cat = sym(dc)
            pos += cat
            k = 1
            while k < 64:
                s = sym(ac)
                if s == 0x00:
                    break
                k += (s >> 4) + 1
                pos += s & 15
        check(len(bitstr) - pos < 8 and set(bitstr[pos:]) <= {"1"}, f"{name}: bad scan padding")
    except (ValueError, IndexError) as e:
        check(False, f"{name}: JPEG entropy decode failed: {e}")


def check_pdf(b, name):
    check(b.startswith(b"%PDF-1.") and b.rstrip().endswith(b"%%EOF"), f"{name}: not a PDF")
    m = re.search(rb"startxref\n(\d+)\n", b)
    check(m and b[int(m.group(1)):].startswith(b"xref"), f"{name}: bad startxref")
    for k, off in enumerate(re.findall(rb"^(\d{10}) 00000 n", b, re.M), 1):
        check(b[int(off):].startswith(f"{k} 0 obj".encode()), f"{name}: xref entry {k} wrong")


# --------------------------------------------------------------------------


def main():
    exp = json.load(open(os.path.join(DEMO, "expected.json"), encoding="utf-8"))
    entries, stats = load()

    # ---- every message parses, basic headers
    for e in entries:
        m = e.msg
        first = e.raw.split(b"\n", 1)[0].rstrip(b"\r")
        check(first.startswith(b"Delivered-To: "), f"{e}: Delivered-To is not the first header")
        dt = str(m.get("Delivered-To", "")).strip()
        want = {"mbox": ["support@nordlys.example"], "maildir": ["returns@nordlys.example"],
                "eml": ["support@nordlys.example", "returns@nordlys.example"]}[e.store]
        check(dt in want, f"{e}: Delivered-To {dt!r}")
        for h in ("From", "To", "Subject", "Date", "MIME-Version", "Content-Type"):
            check(m.get(h) is not None, f"{e}: missing {h}")
        for p in m.walk():
            if p.get_content_maintype() == "text" and p.get("Content-Type") is not None:
                check(p.get_param("charset") is not None, f"{e}: text part without charset")
                try:
                    p.get_content()
                except Exception as ex:  # noqa: BLE001
                    check(False, f"{e}: cannot decode part: {ex}")
            for d in p.defects:
                check(False, f"{e}: MIME defect {d!r}")
        try:
            d = parsedate_to_datetime(str(m["Date"]))
            check(d.tzinfo is not None and (2026, 10, 20) <= (d.year, d.month, d.day) <= (2026, 11, 30),
                  f"{e}: date out of range {m['Date']}")
        except Exception as ex:  # noqa: BLE001
            check(False, f"{e}: bad Date: {ex}")

    # ---- counts
    by_id = defaultdict(list)
    no_id = []
    for e in entries:
        (by_id[e.msgid].append(e) if e.msgid else no_id.append(e))
    unique = len(by_id) + len(no_id)
    check(exp["deliveries"] == len(entries), f"deliveries {exp['deliveries']} != {len(entries)}")
    check(exp["unique_messages"] == unique, f"unique_messages {exp['unique_messages']} != {unique}")
    check(unique >= 80, "fewer than 80 messages")
    check(len(exp["conversations"]) >= 32, "fewer than 32 conversations")

    # ---- id coverage
    listed = [i for c in exp["conversations"] for i in c["message_ids"]] + exp["quarantine_message_ids"]
    real = [i for i in listed if i != "(no message-id)"]
    check(len(real) == len(set(real)), "an id is listed twice in expected.json")
    check(set(real) == set(by_id), f"id mismatch: missing {set(by_id) - set(real)}, "
                                   f"extra {set(real) - set(by_id)}")
    check(listed.count("(no message-id)") == 1, "'(no message-id)' must appear exactly once")
    conv_of = {i: c["key"] for c in exp["conversations"] for i in c["message_ids"]}
    convs = {c["key"]: c for c in exp["conversations"]}

    # ---- dual delivery
    dual = exp["dual_delivery_message_id"]
    dups = {i: es for i, es in by_id.items() if len(es) > 1}
    check(list(dups) == [dual], f"duplicated ids {list(dups)} != [{dual}]")
    if dual in by_id:
        es = by_id[dual]
        check(sorted(e.store for e in es) == ["maildir", "mbox"], "dual delivery not in mbox + maildir")
        a, b = (e.raw.split(b"\n", 1) for e in es)
        check(a[1] == b[1] and a[0] != b[0], "dual copies differ beyond the Delivered-To line")
        to = addr_of(es[0].msg, "To")
        check({"support@nordlys.example", "returns@nordlys.example"} <= set(to), "dual To: lacks an address")

    # ---- no Message-ID
    check(len(no_id) == 1, f"{len(no_id)} messages without Message-ID")
    if no_id:
        nm = no_id[0].msg
        check(str(nm["Subject"]) == exp["no_message_id"]["subject"], "no-message-id subject mismatch")
        c = convs[exp["no_message_id"]["conversation"]]
        check(c["message_ids"][0] == "(no message-id)", "no-message-id message is not first of its conversation")
        check(not nm.get("In-Reply-To") and not nm.get("References"), "no-message-id message has references")

    # ---- threading
    def entry(i):
        return by_id[i][0] if i != "(no message-id)" else no_id[0]

    unresolved, refs_only = [], []
    bounce_id = exp["bounce_message_id"]
    for c in exp["conversations"]:
        ids = c["message_ids"]
        check(1 <= len(ids) <= 6, f"{c['key']}: {len(ids)} messages")
        check(c["queue"] in ("Support", "Returns") and c["language"] in ("en", "tr", "pl", "nb", "de"),
              f"{c['key']}: queue/language")
        dates = [parsedate_to_datetime(str(entry(i).msg["Date"])) for i in ids]
        check(dates == sorted(dates), f"{c['key']}: not chronological")
        for k, i in enumerate(ids):
            m = entry(i).msg
            irt, refs = entry(i).ids("In-Reply-To"), entry(i).ids("References")
            if k == 0 or i == bounce_id:
                check(not irt and not refs, f"{c['key']}[{k}] must not reference anything")
                continue
            check(irt or refs, f"{c['key']}[{k}] references nothing")
            if refs and not irt:
                refs_only.append(i)
            for r in irt + refs:
                if r not in by_id:
                    unresolved.append((i, r, refs))
                    continue
                check(conv_of.get(r) == c["key"], f"{c['key']}[{k}]: cross-conversation reference {r}")
                check(r in ids[:k], f"{c['key']}[{k}]: reference {r} is not an earlier message")
            if refs:
                check(irt == [] or irt[0] == refs[-1], f"{c['key']}[{k}]: In-Reply-To is not last of References")
    check(len(refs_only) == 1, f"exactly one reply with References only expected: {refs_only}")
    check(len(unresolved) == 1, f"exactly one unresolved reference expected: {unresolved}")
    if len(unresolved) == 1:
        i, r, refs = unresolved[0]
        check(r in refs and refs.index(r) < len(refs) - 1 and refs[refs.index(r) + 1] in by_id,
              "missing parent is not followed by a known id in References")

    # ---- quarantine / newsletter
    for q in exp["quarantine_message_ids"]:
        m = entry(q).msg
        check(str(m.get("Precedence", "")).lower() == "bulk" and m.get("List-Unsubscribe"),
              "newsletter lacks Precedence: bulk / List-Unsubscribe")
        check(not entry(q).ids("In-Reply-To") and not entry(q).ids("References"), "newsletter threads")
        check(q not in conv_of, "quarantined id also in a conversation")

    # ---- auto-reply
    autos = [e for e in entries if e.msg.get("Auto-Submitted")]
    check([e.msgid for e in autos] == [exp["auto_reply_message_id"]], "auto-reply mismatch")
    if autos:
        a = autos[0]
        check(str(a.msg["Auto-Submitted"]).strip() == "auto-replied", "Auto-Submitted value")
        ck = conv_of.get(a.msgid)
        check(ck is not None, "auto-reply not listed in a conversation")
        parent = a.ids("In-Reply-To")
        check(parent and conv_of.get(parent[0]) == ck and
              addr_of(entry(parent[0]).msg)[0].endswith("@nordlys.example"),
              "auto-reply does not answer an agent reply of its conversation")
        first = entry(convs[ck]["message_ids"][0]).msg
        check(addr_of(a.msg) == addr_of(first), "auto-reply not from the conversation's customer")

    # ---- bounce
    b = entry(bounce_id)
    bm = b.msg
    check(addr_of(bm) == ["mailer-daemon@mx.nordlys.example"], "bounce From")
    check(str(bm.get("Return-Path", "")).strip() == "<>", "bounce Return-Path")
    check(bm.get_content_type() == "multipart/report" and bm.get_param("report-type") == "delivery-status",
          "bounce content type")
    check(not bm.get("In-Reply-To"), "bounce carries In-Reply-To")
    parts = list(bm.iter_parts())
    check([p.get_content_type() for p in parts] == ["text/plain", "message/delivery-status", "message/rfc822"],
          f"bounce parts {[p.get_content_type() for p in parts]}")
    ds = parts[1].as_string() if len(parts) > 1 else ""
    for s in ("Reporting-MTA:", "Final-Recipient: rfc822;", "Action: failed", "Status: 5.1.1"):
        check(s in ds, f"delivery-status lacks {s}")
    if len(parts) > 2:
        inner = parts[2].get_content()
        rid = str(inner["Message-ID"]).strip()
        check(rid == exp["bounce_returns_message_id"], "bounce returns a different message")
        check(conv_of.get(rid) == exp["bounce_conversation"], "returned message not in bounce_conversation")
        check(addr_of(inner)[0].endswith("@nordlys.example"), "returned message is not an agent reply")
        check(conv_of.get(bounce_id) == exp["bounce_conversation"], "bounce not listed in its conversation")

    # ---- content: languages, charsets, encodings, quoting
    langs = Counter(c["language"] for c in exp["conversations"])
    check(all(langs[l] >= 3 for l in ("en", "tr", "pl", "nb", "de")), f"language spread {langs}")
    charsets, ctes, ew_charsets, ew_modes = set(), set(), set(), set()
    html_only, alternative = [], 0
    split_subject = False
    for e in entries:
        for p in e.msg.walk():
            if p.get_content_maintype() == "text":
                charsets.add(p.get_content_charset())
            cte = str(p.get("Content-Transfer-Encoding", "")).lower()
            if cte:
                ctes.add(cte)
            if p.get_content_type() == "multipart/alternative":
                alternative += 1
        hdr_raw = e.raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].decode("ascii")
        for cs, mode in re.findall(r"=\?([^?]+)\?([BQbq])\?", hdr_raw):
            ew_charsets.add(cs.lower())
            ew_modes.add(mode.upper())
        if re.search(r"^Subject:.*\?=\n\s+=\?", hdr_raw, re.M):
            split_subject = True
        if e.msg.get_content_type() == "text/html":
            html_only.append(e)
    need = {"utf-8", "iso-8859-1", "iso-8859-2", "iso-8859-9", "windows-1250", "windows-1252", "windows-1254"}
    check(need <= charsets, f"missing body charsets {need - charsets}")
    check({"quoted-printable", "base64", "8bit"} <= ctes, f"missing CTEs {ctes}")
    check(ew_modes == {"B", "Q"} and len(ew_charsets) >= 4, f"encoded words {ew_modes} {ew_charsets}")
    check(split_subject, "no subject split into adjacent encoded words")
    check(alternative >= 10, f"only {alternative} multipart/alternative messages")
    check(len(html_only) >= 2, "fewer than 2 HTML-only messages")
    for e in html_only:
        html = e.msg.get_content()
        check("<style" in html and "<script" in html and "<table" in html, f"{e}: web form lacks style/script/table")
        check(not addr_of(e.msg)[0].endswith("@nordlys.example"), f"{e}: web form not from the customer")

    corpus = "\n".join(all_text(e.msg) for e in entries)
    for marker in ("wrote:", "-----Original Message-----", "-----Ursprüngliche Nachricht-----", "Von: ",
                   "Gesendet: ", "Sent: ", "tarihinde", "şunu yazdı:", "W dniu", "pisze:", "skrev ",
                   "\n-- \n", "#US-55012", "PL-7781", "ordre 5531", "Sipariş no: TR-40218",
                   "Bestellnummer DE-88120", "Weitergeleitete Nachricht"):
        check(marker in corpus, f"corpus lacks {marker!r}")
    bodies = [body_text(e.msg) for e in entries]
    check(any(re.search(r"^From ", t, re.M) for t in bodies), "no body line starting with 'From '")
    check(any(re.search(r"^>From ", t, re.M) for t in bodies), "no body line starting with '>From '")
    mbox_raw = open(os.path.join(DEMO, "support.mbox"), "rb").read()
    check(re.search(rb"^>From what", mbox_raw, re.M) and re.search(rb"^>>From Oslo", mbox_raw, re.M)
          and stats["escaped"] >= 2, "mboxrd escaping not exercised")

    # non-English conversations have diacritics in their first message (subject, name or body)
    for c in exp["conversations"]:
        if c["language"] == "en":
            continue
        m = entry(c["message_ids"][0]).msg
        t = str(m["Subject"]) + str(m["From"]) + all_text(m)
        check(any(ord(ch) > 127 and ch.isalpha() for ch in t), f"{c['key']}: no diacritics")

    # ---- spot checks of legacy charsets (first message of the conversation)
    spots = {
        "damaged-box-mehmet": ("windows-1254", ["Müşteri numaram: 100482", "“Termos 750 ml”", "Dün teslim"],
                               "Hasarlı ürün – Sipariş no: TR-40177", "Mehmet Öztürk"),
        "late-order-krzysztof": ("windows-1250", ["Dzień dobry", "żadnej informacji o wysyłce"],
                                 "Opóźnienie zamówienia PL-7790", "Krzysztof Wójcik"),
        "damaged-stove-jurgen": ("windows-1252", ["„Nordlys Trek“", "89,95 €", "Mit freundlichen Grüßen"],
                                 "Beschädigter Gaskocher – Bestellnummer DE-88120", "Jürgen Weiß"),
        "invoice-vat-priya": ("windows-1252", ["it’s “IE 6388047V”", "€1,428.00"],
                              "Invoice with VAT number for order #US-55190", "Priya Raman"),
        "return-jacket-elif": ("iso-8859-9", ["kırmızı kışlık montu", "İade için"],
                               "İade talebi: kışlık mont (TR-40251)", "Elif Şahin"),
        "damaged-backpack-zofia": ("iso-8859-2", ["90-006 Łódź", "przeciętą kieszeń"],
                                   "Uszkodzony plecak, zamówienie PL-7781: prośba o wymianę", "Zofia Wiśniewska"),
        "late-parcel-ingrid": ("iso-8859-1", ["Ingrid Ødegård", "«Under transport»"],
                               "Ordre 5531: pakken har ikke kommet ennå", "Ingrid Ødegård"),
        "refund-kari": ("iso-8859-1", ["fått pengene tilbake"], "Tilbakebetaling for ordre 5519 mangler",
                        "Kari Sørli"),
    }
    for key, (cs, needles, subject, name) in spots.items():
        m = entry(convs[key]["message_ids"][0]).msg
        part = m.get_body(preferencelist=("plain",))
        check(part.get_content_charset() == cs, f"{key}: charset {part.get_content_charset()} != {cs}")
        text = part.get_content()
        for n in needles:
            check(n in text, f"{key}: body lacks {n!r}")
        check(str(m["Subject"]) == subject, f"{key}: subject {str(m['Subject'])!r}")
        check(m["From"].addresses[0].display_name == name, f"{key}: From name {m['From']}")
    # windows-1252 vs latin-1 must matter
    jm = entry(convs["damaged-stove-jurgen"]["message_ids"][0]).msg.get_body(preferencelist=("plain",))
    check("€" not in jm.get_payload(decode=True).decode("latin-1"), "cp1252 body decodes identically as latin-1")

    # ---- attachments
    names = []
    for e in entries:
        for p in e.msg.iter_attachments() if e.msg.is_multipart() else []:
            fn = p.get_filename()
            if fn is None:
                continue
            names.append(fn)
            data = p.get_payload(decode=True)
            ct = p.get_content_type()
            check(str(p.get("Content-Disposition", "")).startswith("attachment"), f"{e}: {fn} not an attachment")
            if ct == "image/png":
                check_png(data, fn)
            elif ct == "image/jpeg":
                check_jpeg(data, fn)
            elif ct == "application/pdf":
                check_pdf(data, fn)
    check("zdjęcie_paczki.jpg" in names and "hasarlı_kutu.jpg" in names, f"non-ASCII filenames: {names}")
    check(b"filename*=UTF-8''zdj%C4%99cie_paczki.jpg" in mbox_raw, "RFC 2231 filename not found raw")
    check(re.search(rb'\tname="=\?windows-1254\?Q\?hasarl=FD=5Fkutu=2Ejpg\?="', mbox_raw), "RFC 2047 name= not found raw")
    check(sum(n.endswith(".pdf") for n in names) >= 3, "too few PDF attachments")
    check(any(n.lower().endswith(".png") for n in names), "no PNG attachment")

    # ---- determinism: regenerate into a temp dir and compare byte by byte
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(HERE, "make_demo.py"), tmp], check=True,
                       stdout=subprocess.DEVNULL)
        for root, _, files in os.walk(DEMO):
            for f in files:
                rel = os.path.relpath(os.path.join(root, f), DEMO)
                other = os.path.join(tmp, rel)
                check(os.path.exists(other) and filecmp.cmp(os.path.join(root, f), other, shallow=False),
                      f"regenerated {rel} differs")
        n_tmp = sum(len(fs) for _, _, fs in os.walk(tmp))
        n_demo = sum(len(fs) for _, _, fs in os.walk(DEMO))
        check(n_tmp == n_demo, f"regeneration wrote {n_tmp} files, demo has {n_demo}")

    if failures:
        print(f"FAILED: {len(failures)} problem(s)")
        for f in failures:
            print("  -", f)
        sys.exit(1)
    print(f"OK: {unique} messages, {len(exp['conversations'])} conversations, {len(entries)} deliveries "
          f"({sum(e.store == 'mbox' for e in entries)} mbox, {sum(e.store == 'maildir' for e in entries)} "
          f"maildir, {sum(e.store == 'eml' for e in entries)} eml)")


if __name__ == "__main__":
    main()
