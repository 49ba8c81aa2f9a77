#!/usr/bin/env python3
"""Reference attachment hashes from Python's standard `email` package (policy.default).

For every .eml and mbox file under the given paths, prints one JSON object per line for each
attachment Python extracts: a leaf part (not multipart, not a message/* container) with a file
name or `Content-Disposition: attachment`, decoded with `get_payload(decode=True)` (which undoes
base64, quoted-printable and x-uuencode, and returns 7bit/8bit/binary bodies as sent). Outlook
.msg files are skipped: Python has no reader for them.

    {"file": "...", "name": "...", "type": "...", "cte": "...", "size": N, "sha256": "...",
     "defects": ["InvalidBase64LengthDefect", ...]}

Used by test/byte-exact.test.ts to check that our adapter hashes the same bytes.
"""
import email
import email.policy
import hashlib
import json
import mailbox
import os
import sys

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind(data):
    if data.startswith(OLE):
        return "msg"
    i = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while i < len(data) and data[i] in b"\r\n \t":
        i += 1
    if i >= len(data):
        return "empty"
    return "mbox" if data[i:i + 5] == b"From " else "eml"


def attachments(msg):
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        try:
            name = part.get_filename()
        except Exception:
            name = None
        disp = part.get_content_disposition()
        if not name and disp != "attachment":
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            continue
        if payload is None:
            continue
        yield {
            "name": str(name or ""),
            "type": part.get_content_type(),
            "cte": str(part.get("content-transfer-encoding", "") or "").strip().lower(),
            "size": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest(),
            "defects": sorted({type(d).__name__ for d in part.defects}),
        }


def messages(path, data):
    k = kind(data)
    if k == "eml":
        yield email.message_from_bytes(data, policy=email.policy.default)
    elif k == "mbox":
        box = mailbox.mbox(path, factory=None, create=False)
        for key in box.keys():
            yield email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)


def main(roots):
    out = sys.stdout
    for root in roots:
        files = [root] if os.path.isfile(root) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs
        )
        for path in files:
            if path.endswith((".md", ".sha256")) or os.path.basename(path).startswith("LICENSE"):
                continue
            with open(path, "rb") as fh:
                data = fh.read()
            try:
                for msg in messages(path, data):
                    for a in attachments(msg):
                        a["file"] = path
                        out.write(json.dumps(a, ensure_ascii=False) + "\n")
            except Exception as exc:  # a file Python cannot read at all: nothing to compare
                out.write(json.dumps({"file": path, "error": repr(exc)}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
