"""config.toml's [phone] and [wrapup] tables (DESIGN.md "Phone events and after-call work").

[phone]
baresip = "127.0.0.1:4444"   # baresip's ctrl_tcp address; absent: no baresip (callcoach event still works)

[wrapup]
target_seconds = 60          # after-call work target: the ACW timer turns amber past it
required = false             # true: the next call cannot be answered until the wrap-up is filed
"""

from __future__ import annotations

PHONE_KEYS = frozenset({"phone", "wrapup"})
DEFAULT_WRAPUP_SECONDS = 60


def _address(value: object) -> bool:
    if not isinstance(value, str):
        return False
    host, sep, port = value.strip().rpartition(":")
    return bool(sep and host.strip("[]") and port.isdigit() and 0 < int(port) < 65536)


def phone_values(raw: dict, bad) -> dict:
    """Config fields from [phone] and [wrapup]; raises bad(key, expected)."""
    values: dict = {}
    phone = raw.get("phone", {})
    if not isinstance(phone, dict):
        raise bad("phone", 'a table, e.g. [phone] baresip = "127.0.0.1:4444"')
    for key, value in phone.items():
        if key != "baresip":
            raise bad(f"phone.{key}", "phone.baresip (it is not a setting)")
        if not _address(value):
            raise bad("phone.baresip", 'baresip\'s ctrl_tcp address as "HOST:PORT", e.g. "127.0.0.1:4444"')
        values["phone_baresip"] = value.strip()
    wrapup = raw.get("wrapup", {})
    if not isinstance(wrapup, dict):
        raise bad("wrapup", "a table, e.g. [wrapup] target_seconds = 60")
    for key, value in wrapup.items():
        if key == "target_seconds":
            if isinstance(value, bool) or not isinstance(value, int) or not 5 <= value <= 3600:
                raise bad("wrapup.target_seconds", "a whole number of seconds from 5 to 3600, e.g. target_seconds = 60")
            values["wrapup_target_seconds"] = value
        elif key == "required":
            if not isinstance(value, bool):
                raise bad("wrapup.required", "true or false")
            values["wrapup_required"] = value
        else:
            raise bad(f"wrapup.{key}", "one of wrapup.target_seconds, wrapup.required (it is not a setting)")
    return values
