"""Translated playbooks keep the English one's shape: same step keys, rules, targets and minimums."""

from __future__ import annotations

import pytest

from tui.domain.playbook import load_playbook
from tui.locations import data_root, playbook_path

TRANSLATED = sorted(
    (path.parent.name, path.stem) for path in (data_root() / "playbooks").glob("*/*.toml")
)


def shape(playbook):
    return playbook.key, [(s.key, s.rules, s.target_seconds, s.minimum_seconds, len(s.say) > 0) for s in playbook.steps]


def test_there_are_translations_for_every_language():
    assert {lang for lang, _key in TRANSLATED} == {"ko", "zh-Hans", "zh-Hant"}


@pytest.mark.parametrize("lang, key", TRANSLATED)
def test_translation_matches_the_english_playbook(lang, key):
    translated = load_playbook(playbook_path(key, lang))
    assert playbook_path(key, lang).parent.name == lang
    assert shape(translated) == shape(load_playbook(playbook_path(key)))
    assert translated.steps[0].title != load_playbook(playbook_path(key)).steps[0].title
