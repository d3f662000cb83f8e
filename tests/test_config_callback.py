"""config.toml's callback settings: defaults, good values, and refusals naming file, key and form."""

from __future__ import annotations

import pytest

from tui.config.callback import SmtpConfig
from tui.config.keys import BINDING_IDS
from tui.config.settings import ConfigError, load_config
from tui.domain.callback.weekly_hours import DEFAULT_BUSINESS_HOURS


def test_defaults_without_a_file(tmp_path):
    config = load_config(tmp_path / "none.toml", binding_ids=BINDING_IDS)
    assert config.business_hours == DEFAULT_BUSINESS_HOURS
    assert (config.calling_hours, config.callback_minutes, config.organizer, config.smtp) == ({}, 120, None, None)


def test_every_callback_setting(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'callback_minutes = 90\norganizer = "desk@example.com"\n'
        '[business_hours]\nmon-thu = ["08:00-16:00"]\nfri = ["08:00-12:00"]\n'
        '[calling_hours.default]\nevery_day = ["09:00-20:00"]\n'
        '[calling_hours.regions.DE]\nmon-sat = ["08:00-20:00"]\n'
        '[smtp]\nhost = "smtp.example.com"\nport = 2525\nstarttls = false\nuser = "ana"\n'
        'password_env = "MY_SMTP_PASSWORD"\nfrom = "ana@example.com"\n'
    )
    config = load_config(path, binding_ids=BINDING_IDS)
    assert config.callback_minutes == 90 and config.organizer == "desk@example.com"
    assert config.business_hours.days[4] == ((8 * 60, 12 * 60),) and config.business_hours.days[5] == ()
    assert config.calling_hours["regions"]["DE"] == {"mon-sat": ["08:00-20:00"]}
    assert config.smtp == SmtpConfig("smtp.example.com", 2525, False, "ana", "MY_SMTP_PASSWORD", "ana@example.com")


def test_smtp_defaults(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[smtp]\nhost = "localhost"\n')
    assert load_config(path).smtp == SmtpConfig("localhost", 587, True, None, "CALLCOACH_SMTP_PASSWORD", None)


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("callback_minutes = 5\n", "callback_minutes", "from 15 to 720"),
        ('callback_minutes = "2h"\n', "callback_minutes", "a whole number of minutes"),
        ("callback_minutes = true\n", "callback_minutes", "a whole number of minutes"),
        ('organizer = "not an address"\n', "organizer", "an e-mail address"),
        ('[business_hours]\nmon-fri = ["9-18"]\n', "business_hours", "should be a span like"),
        ('[business_hours]\nfriday = ["09:00-18:00"]\n', "business_hours", "mon..sun"),
        ('business_hours = "9 to 5"\n', "business_hours", "a table of day"),
        ("calling_hours = 3\n", "calling_hours", "[calling_hours.default]"),
        ('[calling_hours.regions.fr]\nmon-fri = ["10:00-13:00"]\n', "calling_hours", "two capital letters"),
        ("[calling_hours.weekend]\nsat = []\n", "calling_hours", "is not a field"),
        ('[calling_hours.default]\nevery_day = ["21:00-08:00"]\n', "calling_hours", "ends before it starts"),
        ("smtp = 1\n", "smtp", "a table"),
        ("[smtp]\nport = 25\n", "smtp.host", "a host name"),
        ('[smtp]\nhost = "h"\nport = 70000\n', "smtp.port", "a port number"),
        ('[smtp]\nhost = "h"\nport = "25"\n', "smtp.port", "a port number"),
        ('[smtp]\nhost = "h"\nstarttls = "yes"\n', "smtp.starttls", "true or false"),
        ('[smtp]\nhost = "h"\npassword = "hunter2"\n', "smtp.password", "it is not a setting"),
        ('[smtp]\nhost = "h"\npassword_env = "1 bad"\n', "smtp.password_env", "environment variable"),
        ('[smtp]\nhost = "h"\nfrom = "nobody"\n', "smtp.from", "an e-mail address"),
    ],
)
def test_bad_callback_values_name_file_key_and_form(tmp_path, text, key, expected):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as refused:
        load_config(path, binding_ids=BINDING_IDS)
    message = str(refused.value)
    assert message.startswith(str(path)) and f"'{key}'" in message and expected in message, message
