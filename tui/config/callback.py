"""config.toml's callback settings: business hours, calling-hours overrides, window length, invites.

Kept apart from config.py so that file stays a list of plain settings; `load_config` calls
`callback_values` with its own `bad(key, expected)` so errors read the same everywhere:
the file, the key, and the form that was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.config.fields import Bad, whole_number
from tui.domain.text.email_address import valid_email

if TYPE_CHECKING:
    from tui.domain.callback.calling_hours import CallingHoursError

DEFAULT_PASSWORD_ENV = "CALLCOACH_SMTP_PASSWORD"
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class SmtpConfig:
    """[smtp]: where invites are sent from, the one model of it (tui.store.outbox sends with this value).
    The password is never in the file, only the name of the variable that holds it."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password_env: str = DEFAULT_PASSWORD_ENV
    sender: str | None = None  # `from` in the file


def callback_values(raw: dict, bad: Bad) -> dict:
    """Config fields for the callback keys present in `raw`; raises bad(key, expected) on the first wrong one."""
    values: dict = {}
    if "business_hours" in raw or "calling_hours" in raw:
        # Only then: the tables' parsing is not the desk's first frame's when config.toml has none.
        from tui.domain.callback.calling_hours import CallingHoursError, business_hours, parse_calling_hours
    if "business_hours" in raw:
        try:
            values["business_hours"] = business_hours(raw["business_hours"], source="")
        except CallingHoursError as error:
            raise bad(
                "business_hours", f'a table of day = ["HH:MM-HH:MM", ...], e.g. mon-fri = ["09:00-18:00"] ({_detail(error)})'
            ) from None
    if "calling_hours" in raw:
        table = raw["calling_hours"]
        if not isinstance(table, dict):
            raise bad("calling_hours", "a table with [calling_hours.default] and/or [calling_hours.regions.XX]")
        try:
            parse_calling_hours(table, "", require_default=False)
        except CallingHoursError as error:
            raise bad("calling_hours", f'tables of day = ["HH:MM-HH:MM", ...] under default or regions.XX ({_detail(error)})') from None
        values["calling_hours"] = table
    if "callback_minutes" in raw:
        expected = "a whole number of minutes from 15 to 720, e.g. callback_minutes = 120"
        values["callback_minutes"] = whole_number(raw["callback_minutes"], "callback_minutes", 15, 720, expected, bad)
    if "organizer" in raw:
        if not isinstance(raw["organizer"], str) or not valid_email(raw["organizer"]):
            raise bad("organizer", 'an e-mail address, e.g. organizer = "desk@example.com"')
        values["organizer"] = raw["organizer"]
    if "smtp" in raw:
        values["smtp"] = _smtp(raw["smtp"], bad)
    return values


def _detail(error: CallingHoursError) -> str:
    return str(error).lstrip(": ").strip()


_SMTP_FORMS = {
    "host": (str, 'a host name, e.g. host = "smtp.example.com"'),
    "port": (int, "a port number from 1 to 65535, e.g. port = 587"),
    "starttls": (bool, "true or false"),
    "user": (str, 'the SMTP user name, e.g. user = "ana"'),
    "password_env": (str, 'the name of an environment variable holding the password, e.g. "CALLCOACH_SMTP_PASSWORD"'),
    "from": (str, 'an e-mail address, e.g. from = "desk@example.com"'),
}


def _smtp(table: object, bad: Bad) -> SmtpConfig:
    if not isinstance(table, dict):
        raise bad("smtp", 'a table: [smtp] host = "smtp.example.com"')
    for key, value in table.items():
        if key not in _SMTP_FORMS:
            raise bad(f"smtp.{key}", f"one of {', '.join(_SMTP_FORMS)} (it is not a setting)")
        kind, form = _SMTP_FORMS[key]
        wrong_type = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if wrong_type or (kind is str and not value.strip()):
            raise bad(f"smtp.{key}", form)
    if "host" not in table:
        raise bad("smtp.host", _SMTP_FORMS["host"][1] + " (needed to send invites)")
    if "port" in table and not 1 <= table["port"] <= 65535:
        raise bad("smtp.port", _SMTP_FORMS["port"][1])
    if "password_env" in table and not _ENV_NAME.match(table["password_env"]):
        raise bad("smtp.password_env", _SMTP_FORMS["password_env"][1])
    if "from" in table and not valid_email(table["from"]):
        raise bad("smtp.from", _SMTP_FORMS["from"][1])
    return SmtpConfig(
        host=table["host"],
        port=table.get("port", 587),
        starttls=table.get("starttls", True),
        user=table.get("user"),
        password_env=table.get("password_env", DEFAULT_PASSWORD_ENV),
        sender=table.get("from"),
    )
