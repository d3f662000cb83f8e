"""Translated playbooks keep the English one's shape: same step keys, rules, targets and minimums."""

from __future__ import annotations

import re

import pytest

from tui.config.data_files import load_playbook
from tui.support.locations import available_playbooks, data_root, playbook_path

TRANSLATED = sorted((path.parent.name, path.stem) for path in (data_root() / "playbooks").glob("*/*.toml"))


def cited(step) -> list[set[str]]:
    """The rule ids each say/avoid line cites, e.g. "(L3, L4)"."""
    return [set(re.findall(r"\b(?:L1[01]|L[1-9]|K1|E[1-4]|P1)\b", line)) for line in step.say + step.avoid]


def shape(playbook):
    return playbook.key, [(s.key, s.rules, s.target_seconds, s.minimum_seconds, len(s.say) > 0) for s in playbook.steps]


LANGUAGES = ("ko", "zh-Hans", "zh-Hant")


def test_there_are_translations_for_every_language():
    assert {lang for lang, _key in TRANSLATED} == set(LANGUAGES)


def test_every_playbook_is_translated_into_every_language():
    assert sorted(TRANSLATED) == sorted((lang, key) for lang in LANGUAGES for key in available_playbooks())


@pytest.mark.parametrize("lang, key", TRANSLATED)
def test_translation_matches_the_english_playbook(lang, key):
    translated = load_playbook(key, lang)
    assert playbook_path(key, lang).parent.name == lang
    assert shape(translated) == shape(load_playbook(key))
    english = load_playbook(key)
    for step, english_step in zip(translated.steps, english.steps):
        assert step.title != english_step.title, step.key
        assert not set(step.say) & set(english_step.say), step.key
        assert sorted(map(sorted, cited(step))) == sorted(map(sorted, cited(english_step))), step.key
