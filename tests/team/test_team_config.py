"""[team] in config.toml and CALLCOACH_DATABASE_URL: where the team database is, never a password."""

from __future__ import annotations

import pytest

from tui.config.settings import ConfigError, load_config


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_database_is_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("CALLCOACH_DATABASE_URL", raising=False)
    config = load_config(tmp_path / "missing.toml")
    assert config.team_database is None and config.team_live is True


def test_the_file_names_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv("CALLCOACH_DATABASE_URL", raising=False)
    config = load_config(write(tmp_path, '[team]\ndatabase = "postgresql://ana@db.example/callcoach"\nlive = false\n'))
    assert config.team_database == "postgresql://ana@db.example/callcoach"
    assert config.team_live is False


def test_the_environment_wins_over_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLCOACH_DATABASE_URL", "host=/run/pg dbname=team user=ana")
    assert load_config(write(tmp_path, '[team]\ndatabase = "postgresql://x@y/z"\n')).team_database == "host=/run/pg dbname=team user=ana"
    assert load_config(tmp_path / "missing.toml").team_database == "host=/run/pg dbname=team user=ana"


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://ana:secret@db.example/callcoach",
        "postgres://ana:@db.example/callcoach",
        "postgresql://ana@db.example/callcoach?password=secret",
        "host=db.example dbname=callcoach user=ana password=secret",
        "host=db.example PASSWORD = secret",
    ],
)
def test_a_password_in_config_toml_is_refused_with_where_it_goes(tmp_path, monkeypatch, address):
    monkeypatch.delenv("CALLCOACH_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match=r"team.database.*without a password.*pgpass"):
        load_config(write(tmp_path, f"[team]\ndatabase = '{address}'\n"))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("team = 1\n", "team"),
        ('[team]\ndatabase = ""\n', "team.database"),
        ("[team]\nlive = 1\n", "team.live"),
        ("[team]\nurl = 'x'\n", "team.url"),
    ],
)
def test_bad_team_settings_name_the_key(tmp_path, monkeypatch, text, key):
    monkeypatch.delenv("CALLCOACH_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match=f"key '{key}'"):
        load_config(write(tmp_path, text))
