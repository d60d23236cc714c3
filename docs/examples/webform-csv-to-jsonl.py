#!/usr/bin/env python3
"""Convert a web form's CSV export to `inbox import jsonl` lines (docs/channels.md).

The columns are those most form tools (WPForms, Gravity Forms, Typeform, Google Forms)
export, matched case-insensitively: an entry id ("Entry ID", "id"), a date ("Date",
"Submitted At", "Timestamp"), "Name", "Email", "Phone", "Subject" and the message
("Message", "Comments", "Your message"). Each entry is one conversation of one message.

    webform-csv-to-jsonl.py entries.csv > entries.jsonl && inbox import jsonl entries.jsonl
"""
import csv
import json
import sys

COLUMNS = {
    "id": ["entry id", "entry_id", "id", "response id"],
    "at": ["date", "submitted at", "submitted_at", "timestamp", "date created"],
    "name": ["name", "full name", "your name"],
    "email": ["email", "e-mail", "email address", "your email"],
    "phone": ["phone", "telephone", "phone number"],
    "subject": ["subject", "topic"],
    "text": ["message", "comments", "your message", "enquiry"],
    "order": ["order", "order number", "order no"],
}


def pick(row, field):
    for key, value in row.items():
        if key and key.strip().lower() in COLUMNS[field] and value and value.strip():
            return value.strip()
    return None


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "-"
    source = sys.stdin if path == "-" else open(path, encoding="utf-8-sig", newline="")
    for n, row in enumerate(csv.DictReader(source), start=2):
        entry = pick(row, "id") or f"row-{n}"
        line = {
            "channel": "webform",
            "conversation": f"form-{entry}",
            "message": f"form-{entry}",
            "customer": {k: v for k, v in {"name": pick(row, "name"), "email": pick(row, "email"), "phone": pick(row, "phone")}.items() if v},
            "at": pick(row, "at"),
            "subject": pick(row, "subject"),
            "text": pick(row, "text") or "",
        }
        if pick(row, "order"):
            line["order"] = pick(row, "order")
        sys.stdout.write(json.dumps({k: v for k, v in line.items() if v is not None}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
