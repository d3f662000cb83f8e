"""Coaching settings of config.toml: `language` and the `[authority]` policy (METHOD.md P1).

language = "ko"                  # en, zh-Hans, zh-Hant or ko: UI, playbooks and phrase rules
[authority]
currency = "GBP"
refund_percent_of_spend = 20     # a refund up to 20% of the caller's prior spend ...
refund_up_to = 30                # ... or up to this amount, whichever is larger
credit_up_to = 50
discount_up_to = 25
replacement = true               # may send a replacement without approval
repair = true
"""

from __future__ import annotations

import re

from tui.config.fields import Bad
from tui.domain.coaching import LANGUAGES
from tui.domain.coaching.authority import MAX_AMOUNT, AuthorityPolicy

COACHING_KEYS = frozenset({"language", "authority"})
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_AMOUNTS = ("refund_percent_of_spend", "refund_up_to", "credit_up_to", "discount_up_to")
_FLAGS = ("replacement", "repair")


def coaching_values(raw: dict, bad: Bad) -> dict:
    values: dict = {}
    if "language" in raw:
        if raw["language"] not in LANGUAGES:
            raise bad("language", f'one of {", ".join(LANGUAGES)}, e.g. language = "ko"')
        values["language"] = raw["language"]
    if "authority" in raw:
        values["authority"] = authority_policy(raw["authority"], bad)
    return values


def authority_policy(table: object, bad: Bad) -> AuthorityPolicy:
    if not isinstance(table, dict):
        raise bad("authority", "a table, e.g. [authority] credit_up_to = 50")
    known = {"currency", *_AMOUNTS, *_FLAGS}
    fields: dict = {}
    for key, value in table.items():
        where = f"authority.{key}"
        if key not in known:
            raise bad(where, f"one of {', '.join(sorted(known))} (it is not an authority setting)")
        if key == "currency":
            if not isinstance(value, str) or not _CURRENCY.match(value):
                raise bad(where, 'a three-letter ISO 4217 code, e.g. currency = "GBP"')
        elif key in _FLAGS:
            if not isinstance(value, bool):
                raise bad(where, f"true or false, e.g. {key} = true")
        else:
            # TOML has inf and nan: a limit of inf would put every offer inside authority.
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_AMOUNT:
                raise bad(where, f"a finite number from 0 to 999,999,999, e.g. {key} = 50")
            if key == "refund_percent_of_spend" and value > 100:
                raise bad(where, "a percentage from 0 to 100")
            value = float(value)
        fields[key] = value
    return AuthorityPolicy(**fields)
