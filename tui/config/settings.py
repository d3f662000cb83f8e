"""config.toml, validated into a typed object. Every setting has a default; unknown keys are refused.

A bad file is reported as: the file, the key, and the form that was expected (exit 2).
"""

from __future__ import annotations

import getpass
import importlib.util
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui.config.coaching import COACHING_KEYS, coaching_values
from tui.config.fields import whole_number
from tui.config.keys import binding_problems
from tui.config.phone import DEFAULT_WRAPUP_SECONDS, PHONE_KEYS, phone_values
from tui.config.team import TEAM_KEYS, database_from_env, team_values
from tui.domain.callback.weekly_hours import DEFAULT_BUSINESS_HOURS, WeeklyHours
from tui.domain.coaching.authority import AuthorityPolicy
from tui.support.frozen_record import FrozenRecord
from tui.support.locations import available_playbooks

if TYPE_CHECKING:  # the callback settings' module is read only when config.toml has one of them
    from tui.config.callback import SmtpConfig

CALLBACK_KEYS = frozenset({"business_hours", "calling_hours", "callback_minutes", "organizer", "smtp"})
DEFAULT_CALLBACK_MINUTES = 120


class ConfigError(ValueError):
    pass


class Config(FrozenRecord):
    agent: str
    timezone: str
    playbook: str = "last"
    default_region: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    # Callback commitments (config_callback.py): the agent's hours, overrides of
    # data/calling_hours.toml, the window length, the invite's organizer and SMTP sending.
    business_hours: WeeklyHours = DEFAULT_BUSINESS_HOURS
    calling_hours: dict = field(default_factory=dict)
    callback_minutes: int = DEFAULT_CALLBACK_MINUTES
    organizer: str | None = None
    smtp: SmtpConfig | None = None
    # Coaching (config_coaching.py): UI, playbook and phrase language; what the agent may grant.
    language: str = "en"
    authority: AuthorityPolicy = field(default_factory=AuthorityPolicy)
    # `callcoach purge` removes calls older than this many days (GDPR 5(1)(e)); None: keep all.
    retention_days: int | None = None
    # The team database (config/team.py): a libpq address, never with a password; None: this
    # machine alone. `team_live`: the desk publishes its live state to the wallboard.
    team_database: str | None = None
    team_live: bool = True
    # The phone and after-call work (config/phone.py): baresip's ctrl_tcp address, the ACW target,
    # and whether a call must be filed before the next one is answered.
    phone_baresip: str | None = None
    wrapup_target_seconds: int = DEFAULT_WRAPUP_SECONDS
    wrapup_required: bool = False


_REGION = re.compile(r"^[A-Z]{2}$")
_KEY_LIST = re.compile(r"^[a-z0-9_+]+(,[a-z0-9_+]+)*$")


def system_timezone() -> str:
    """The machine's IANA zone name, from /etc/localtime or $TZ; UTC when neither says."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and _zone_exists(tz):
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "/zoneinfo/"
        if marker in target:
            name = target.split(marker, 1)[1]
            if _zone_exists(name):
                return name
    except OSError:
        pass
    return "UTC"


def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "agent"


def load_config(path: Path, *, must_exist: bool = False, binding_ids: frozenset[str] = frozenset()) -> Config:
    """Read config.toml at `path`; a missing file means every default (unless must_exist)."""
    defaults = Config(agent=login_name(), timezone=system_timezone(), team_database=database_from_env())
    if not path.exists():
        if must_exist:
            raise ConfigError(f"{path}: no such config file")
        return defaults
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None

    def bad(key: str, expected: str) -> ConfigError:
        return ConfigError(f"{path}: key '{key}' should be {expected}")

    known = {"agent", "timezone", "playbook", "default_region", "keys", "retention_days"}
    for key in raw:
        if key not in known and key not in CALLBACK_KEYS and key not in COACHING_KEYS and key not in TEAM_KEYS and key not in PHONE_KEYS:
            callback = f"or a callback setting: {', '.join(sorted(CALLBACK_KEYS))}"
            raise bad(key, f"one of {', '.join(sorted(known))}, {callback} (it is not a setting)")
    values: dict = {"source": path}
    if "agent" in raw:
        if not isinstance(raw["agent"], str) or not raw["agent"].strip():
            raise bad("agent", 'a non-empty string, e.g. agent = "Ana"')
        values["agent"] = raw["agent"].strip()
    if "timezone" in raw:
        if not isinstance(raw["timezone"], str) or not _zone_exists(raw["timezone"]):
            raise bad("timezone", 'an IANA time zone name, e.g. timezone = "Europe/London"')
        values["timezone"] = raw["timezone"]
    if "playbook" in raw:
        choices = available_playbooks()
        if raw["playbook"] not in choices:
            raise bad("playbook", f"one of {', '.join(choices)}")
        values["playbook"] = raw["playbook"]
    if "default_region" in raw:
        region = raw["default_region"]
        if not isinstance(region, str) or not _REGION.match(region):
            raise bad("default_region", 'a two-letter region code in capitals, e.g. default_region = "GB"')
        if not _region_known(region):
            raise bad("default_region", f'a region the phone numbers library knows ("{region}" is not one; the United Kingdom is "GB")')
        values["default_region"] = region
    if "retention_days" in raw:
        expected = "a whole number of days from 1 to 36500, e.g. retention_days = 90"
        values["retention_days"] = whole_number(raw["retention_days"], "retention_days", 1, 36500, expected, bad)
    if "keys" in raw:
        values["keys"] = _validate_keys(raw["keys"], binding_ids, bad)
    if CALLBACK_KEYS.intersection(raw):
        # Only then (tui.config.callback): its SMTP model and e-mail check are not the desk's first frame's.
        from tui.config.callback import callback_values

        values.update(callback_values(raw, bad))
    values.update(coaching_values(raw, bad))
    values.update(team_values(raw, bad))
    values.update(phone_values(raw, bad))
    if database_from_env() is not None:
        values["team_database"] = database_from_env()  # the environment wins over the file
    return Config(**{**defaults.__dict__, **values})


def _region_known(region: str) -> bool:
    """phonenumbers ships one metadata module per region it reads (data/region_GB.py): looking for
    the file keeps its import (tens of ms) out of every command's start-up."""
    spec = importlib.util.find_spec("phonenumbers")
    if spec is None or spec.origin is None:
        return True  # cannot tell here: the number checks will say
    return (Path(spec.origin).parent / "data" / f"region_{region}.py").is_file()


def _validate_keys(table: object, binding_ids: frozenset[str], bad: Callable[[str, str], ConfigError]) -> dict[str, str]:
    if not isinstance(table, dict):
        raise bad("keys", 'a table of binding id = "key[,key]", e.g. [keys] next_step = "f11"')
    keys: dict[str, str] = {}
    for binding_id, value in table.items():
        if binding_ids and binding_id not in binding_ids:
            raise bad(f"keys.{binding_id}", f"a binding id: one of {', '.join(sorted(binding_ids))}")
        if not isinstance(value, str) or not _KEY_LIST.match(value):
            raise bad(f"keys.{binding_id}", 'key names separated by commas, e.g. "f11,ctrl+g"')
        keys[binding_id] = value
    refused = binding_problems(keys)
    if refused is not None:
        binding_id, problem = refused
        raise bad(f"keys.{binding_id}", f"a key that types nothing and is not taken: {problem}")
    return keys
