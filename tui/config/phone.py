"""config.toml's [phone] and [wrapup] tables (DESIGN.md "Phone events and after-call work").

[phone]
baresip = "127.0.0.1:4444"   # baresip's ctrl_tcp address; absent: no baresip (callcoach event still works)

[wrapup]
target_seconds = 60          # after-call work target: the ACW timer turns amber past it
required = false             # true: the next call cannot be answered until the wrap-up is filed
"""

from __future__ import annotations

from tui.config.fields import Bad, table_of, true_or_false, whole_number

PHONE_KEYS = frozenset({"phone", "wrapup"})
DEFAULT_WRAPUP_SECONDS = 60


def _address(value: object) -> bool:
    if not isinstance(value, str):
        return False
    host, sep, port = value.strip().rpartition(":")
    return bool(sep and host.strip("[]") and port.isdigit() and 0 < int(port) < 65536)


def phone_values(raw: dict, bad: Bad) -> dict:
    """Config fields from [phone] and [wrapup]; raises bad(key, expected)."""
    values: dict = {}
    for key, value in table_of(raw, "phone", '[phone] baresip = "127.0.0.1:4444"', bad).items():
        if key != "baresip":
            raise bad(f"phone.{key}", "phone.baresip (it is not a setting)")
        if not _address(value):
            raise bad("phone.baresip", 'baresip\'s ctrl_tcp address as "HOST:PORT", e.g. "127.0.0.1:4444"')
        values["phone_baresip"] = value.strip()
    for key, value in table_of(raw, "wrapup", "[wrapup] target_seconds = 60", bad).items():
        if key == "target_seconds":
            expected = "a whole number of seconds from 5 to 3600, e.g. target_seconds = 60"
            values["wrapup_target_seconds"] = whole_number(value, "wrapup.target_seconds", 5, 3600, expected, bad)
        elif key == "required":
            values["wrapup_required"] = true_or_false(value, "wrapup.required", bad)
        else:
            raise bad(f"wrapup.{key}", "one of wrapup.target_seconds, wrapup.required (it is not a setting)")
    return values
