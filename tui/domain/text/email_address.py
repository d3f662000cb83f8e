"""The one check of an e-mail address, for config (organizer, [smtp] from) and callback invites."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text))
