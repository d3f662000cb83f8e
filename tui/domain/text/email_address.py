"""The one check of an e-mail address, for config (organizer, [smtp] from), callback invites and
imported calls: exactly one plain addr-spec (RFC 5322), nothing else.

The standard library's header parser must read the text as one address with no defects, no
display name and no group, and that address must be the whole text; then a strict check of its
own: a dot-atom local part (no quoted strings, no comments), a domain of letter-digit-hyphen
labels with a dot, no spaces or control characters, 254 characters at most. So
`alice@ex.com,bob`, `x,victim@example.com`, `team: a@b.com;`, `Alice <a@b.com>`, an ESC or a NUL
can never add a hidden recipient to an invite.
"""

from __future__ import annotations

import re
from functools import cache

MAX_LENGTH = 254  # RFC 5321's limit for a path
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"


@cache
def _addr_spec() -> re.Pattern[str]:
    # Compiled at the first address checked: config imports this module for every command's start.
    return re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,63}}")


def valid_email(text: str) -> bool:
    if not isinstance(text, str) or not 3 <= len(text) <= MAX_LENGTH or not _addr_spec().fullmatch(text):
        return False
    local = text.rpartition("@")[0]
    if len(local) > 64:
        return False
    from email.headerregistry import AddressHeader, HeaderRegistry  # lazy: ~20 ms, and config (read by every command) imports this module

    header = HeaderRegistry()("To", text)
    if not isinstance(header, AddressHeader) or header.defects or len(header.groups) != 1:
        return False
    [group] = header.groups
    if group.display_name is not None or len(group.addresses) != 1:
        return False
    [address] = group.addresses
    return bool(address.display_name == "" and address.addr_spec == text)
