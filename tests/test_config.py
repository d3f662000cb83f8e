"""config.toml: every setting defaulted; a bad one names the file, the key and the expected form."""

from __future__ import annotations

import pytest

from tui.config.keys import BINDING_IDS
from tui.config.settings import ConfigError, load_config


def test_missing_file_means_every_default(tmp_path):
    config = load_config(tmp_path / "none.toml", binding_ids=BINDING_IDS)
    assert config.agent and config.timezone and config.playbook == "last" and config.keys == {}


def test_good_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('agent = "Min-jun"\ntimezone = "Asia/Seoul"\ndefault_region = "KR"\n[keys]\nnext_step = "f11,ctrl+g"\n')
    config = load_config(path, binding_ids=BINDING_IDS)
    assert (config.agent, config.timezone, config.default_region) == ("Min-jun", "Asia/Seoul", "KR")
    assert config.keys == {"next_step": "f11,ctrl+g"}


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ('colour = "blue"\n', "colour", "it is not a setting"),
        ('timezone = "Mars/Olympus"\n', "timezone", "an IANA time zone name"),
        ("agent = 7\n", "agent", "a non-empty string"),
        ('default_region = "uk"\n', "default_region", "a two-letter region code"),
        ('default_region = "UK"\n', "default_region", '"UK" is not one; the United Kingdom is "GB"'),
        ('playbook = "nope"\n', "playbook", "one of last"),
        ('[keys]\nfly = "f4"\n', "keys.fly", "a binding id"),
        ('[keys]\nnext_step = "F 4"\n', "keys.next_step", "key names separated by commas"),
        ("keys = 3\n", "keys", "a table of binding id"),
    ],
)
def test_bad_values_are_refused_with_file_key_and_form(tmp_path, text, key, expected):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as refused:
        load_config(path, binding_ids=BINDING_IDS)
    message = str(refused.value)
    assert message.startswith(str(path)) and f"'{key}'" in message and expected in message


def test_broken_toml_is_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("agent = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_a_region_no_number_can_be_read_in_stops_the_program_in_one_sentence(terminal):
    """ "UK" looks like a region code but is none: taken, every national number failed on the desk with
    'unknown country code' and nothing said it was the config."""
    terminal.config.write_text(terminal.config.read_text() + 'default_region = "UK"\n', encoding="utf-8")
    result = terminal.run("export", "--format", "md", "--data-dir", str(terminal.data_dir))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "key 'default_region'" in result.stderr and 'the United Kingdom is "GB"' in result.stderr
