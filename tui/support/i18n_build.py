"""Compile gettext .po catalogs to .mo (GNU msgfmt's format), without Babel or gettext tools.

    python -m tui.support.i18n_build        # rewrites tui/locale/*/LC_MESSAGES/callcoach.mo from the .po

The .mo files are committed and shipped in the wheel; a test checks they match their .po.
Handles what our catalogs use: msgctxt/msgid/msgstr with continuation lines and C escapes, no
plurals. A message with a context is keyed "context\x04msgid", as in GNU .mo files.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

from tui.support.i18n import DOMAIN, LOCALE_DIR


def parse_po(text: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    msgctxt = msgid = msgstr = None
    current = None
    fuzzy = False

    def flush() -> None:
        if msgid is not None and msgstr is not None and not fuzzy and (msgstr or msgid == ""):
            messages[msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"] = msgstr

    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            flush()
            msgctxt, msgid, msgstr, current = ast.literal_eval(line[8:]), None, None, "ctxt"
        elif line.startswith("msgid "):
            if current != "ctxt":
                flush()
                msgctxt = None
            msgid, msgstr, current = ast.literal_eval(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, current = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"'):
            if current == "ctxt":
                msgctxt += ast.literal_eval(line)
            elif current == "id":
                msgid += ast.literal_eval(line)
            elif current == "str":
                msgstr += ast.literal_eval(line)
        elif not line:
            flush()
            msgctxt = msgid = msgstr = current = None
            fuzzy = False
    flush()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    keys = sorted(messages)
    ids = [key.encode("utf-8") for key in keys]
    strs = [messages[key].encode("utf-8") for key in keys]
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + sum(len(i) + 1 for i in ids)
    key_table, value_table = [], []
    offset = key_start
    for item in ids:
        key_table += [len(item), offset]
        offset += len(item) + 1
    offset = value_start
    for item in strs:
        value_table += [len(item), offset]
        offset += len(item) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return (
        header
        + struct.pack(f"{len(key_table)}i", *key_table)
        + struct.pack(f"{len(value_table)}i", *value_table)
        + b"".join(i + b"\0" for i in ids)
        + b"".join(s + b"\0" for s in strs)
    )


def catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def main() -> None:
    for po in catalogs():
        po.with_suffix(".mo").write_bytes(mo_bytes(parse_po(po.read_text(encoding="utf-8"))))
        print(po.with_suffix(".mo"))


if __name__ == "__main__":
    main()
