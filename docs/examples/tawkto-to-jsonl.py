#!/usr/bin/env python3
"""Convert tawk.to chat transcripts to `inbox import jsonl` lines (docs/channels.md).

Input: one or more JSON files as tawk.to's "chat:transcript_created" webhook posts them
(an object with "chat": {"id", "visitor": {"name", "email"}, "messages": [...]}), or a JSON
list of such objects (an export of several chats). Each message has "sender": {"t": "v" |
"a" | "s", "n": name}, "type", "msg" and "time". Visitor messages become inbound lines,
agent messages outbound lines; system notices ("s") are left out.

    tawkto-to-jsonl.py transcript.json | inbox import jsonl -
"""
import json
import sys


def convert(event, out):
    chat = event.get("chat", event)
    conversation = str(chat["id"])
    visitor = chat.get("visitor") or {}
    customer = {k: v for k, v in {
        "name": visitor.get("name"),
        "email": visitor.get("email"),
        "phone": visitor.get("phone"),
        "handle": visitor.get("id"),
    }.items() if v}
    for n, m in enumerate(chat.get("messages") or [], start=1):
        sender = m.get("sender") or {}
        kind = sender.get("t")
        text = m.get("msg") or ""
        if kind not in ("v", "a") or m.get("type", "msg") != "msg" or not text.strip():
            continue
        line = {
            "channel": "chat",
            "conversation": f"tawk-{conversation}",
            # tawk.to gives messages no id of their own: the chat id and the position are stable.
            "message": f"tawk-{conversation}-{n}",
            "customer": customer,
            "at": m.get("time"),
            "direction": "inbound" if kind == "v" else "outbound",
            "text": text,
        }
        if kind == "a":
            line["agent"] = sender.get("n")
        for a in m.get("attachments") or []:
            line.setdefault("attachments", []).append(a)
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def main():
    for path in sys.argv[1:] or ["-"]:
        data = json.load(sys.stdin if path == "-" else open(path, encoding="utf-8"))
        for event in data if isinstance(data, list) else [data]:
            convert(event, sys.stdout)


if __name__ == "__main__":
    main()
