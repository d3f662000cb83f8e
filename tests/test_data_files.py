"""The one reader of data/ (tui.config.data_files): each error names the file, the values parse."""

from __future__ import annotations

import pytest

from tui.config.data_files import (
    calling_hours_path,
    load_playbook,
    phrase_rules,
    read_calling_hours,
    read_phrase_rules,
    read_playbook,
    shipped_calling_hours,
)
from tui.domain.callback.calling_hours import CallingHoursError
from tui.domain.coaching.phrases import PhraseRulesError
from tui.domain.coaching.playbook import PlaybookError
from tui.support.locations import data_root


def test_calling_hours_path_is_built_from_the_root_passed_in(tmp_path):
    assert calling_hours_path(tmp_path) == tmp_path / "calling_hours.toml"


def test_calling_hours_errors_name_the_file(tmp_path):
    missing = tmp_path / "calling_hours.toml"
    with pytest.raises(CallingHoursError, match="calling_hours.toml: cannot be read"):
        read_calling_hours(missing)
    missing.write_text("[default\n", encoding="utf-8")
    with pytest.raises(CallingHoursError, match="calling_hours.toml: not valid TOML"):
        read_calling_hours(missing)
    missing.write_text('[default]\nevery_day = ["08:00-21:00"]\n[regions.FR]\nmon-fri = ["10:00-1300"]\n', encoding="utf-8")
    with pytest.raises(CallingHoursError, match=r"calling_hours.toml: regions.FR.mon-fri: '10:00-1300'"):
        read_calling_hours(missing)


def test_the_shipped_calling_hours_are_read_once():
    assert shipped_calling_hours() is shipped_calling_hours()
    assert shipped_calling_hours() == read_calling_hours(calling_hours_path(data_root()))


def test_a_playbook_that_cannot_be_read_names_the_file(tmp_path):
    with pytest.raises(PlaybookError, match=r"mini\.toml: cannot be read \(FileNotFoundError\)"):
        read_playbook(tmp_path / "mini.toml")
    (tmp_path / "bad.toml").write_bytes(b"key = \xff")
    with pytest.raises(PlaybookError, match=r"bad\.toml: cannot be read \(UnicodeDecodeError\)"):
        read_playbook(tmp_path / "bad.toml")


def test_a_playbook_in_a_language_falls_back_to_english_when_not_translated():
    assert load_playbook("last", "ko").steps[0].title != load_playbook("last").steps[0].title
    assert [step.key for step in load_playbook("last", "ko").steps] == [step.key for step in load_playbook("last").steps]


def test_phrase_rules_are_read_once_per_language_and_unknown_languages_refused(tmp_path):
    assert phrase_rules("ko") is phrase_rules("ko") and phrase_rules("ko").lang == "ko"
    with pytest.raises(PhraseRulesError, match="no phrase rules for language 'fr'"):
        phrase_rules("fr")
    with pytest.raises(PhraseRulesError, match=r"en\.toml: cannot be read"):
        read_phrase_rules(tmp_path / "en.toml")
