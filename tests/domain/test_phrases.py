"""Phrase coaching: agent lines checked as typed (L2-L6), caller notes read for cues (E1-E4)."""

from __future__ import annotations

import pytest

from tui.config.data_files import phrase_rules
from tui.domain.coaching.phrases import (
    LANGUAGES,
    PhraseCoach,
    PhraseRulesError,
    agent_words,
    cues_in,
    parse_phrase_rules,
    unanswered_e1,
)
from tui.support.locations import data_root


def rules_of(draft: str, coach: PhraseCoach | None = None) -> list[str]:
    return [hint.rule for hint in (coach or PhraseCoach(phrase_rules("en"))).check(draft)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_ships_phrase_rules(lang):
    rules = phrase_rules(lang)
    assert rules.lang == lang and len(rules.caller_types) == 5


@pytest.mark.parametrize(
    "text, words",
    [("> sorry", "sorry"), ("-15s > our mistake", "our mistake"), ("  >ok", "ok"), ("caller said > 5", None), ("no", None)],
)
def test_agent_words_are_notes_starting_with_a_chevron(text, words):
    assert agent_words(text) == words


def test_caller_lines_get_no_phrase_hints():
    assert rules_of("To be honest I understand your frustration but") == []


def test_clean_agent_line_gets_no_hint():
    assert rules_of("> This was our mistake. I will send a new one today.") == []


def test_ownership_before_blame_in_the_same_line_is_fine():
    assert rules_of("> This was our mistake; the courier scanned it wrong") == []


def test_ownership_earlier_in_the_call_allows_the_cause_later():
    coach = PhraseCoach(phrase_rules("en"))
    coach.observe("> That was our mistake", 10.0)
    assert rules_of("> the warehouse sent the wrong size", coach) == []


def test_cues_are_not_read_from_agent_lines():
    assert cues_in("> how do I explain this", phrase_rules("en")) == []


def test_caller_cues_pure_function_for_the_review():
    cues = cues_in("I tried twice and I can't figure out how do I reset it", phrase_rules("en"))
    assert [cue.rule for cue in cues] == ["E1"]
    assert cues[0].suggests


def test_unanswered_e1_cues_close_with_an_apology_after_them():
    notes = [(5.0, "this is so confusing"), (20.0, "> I'm sorry, that screen is our mistake"), (40.0, "I tried again, still frustrating")]
    open_cues = unanswered_e1(notes, phrase_rules("en"))
    assert [(cue.t, cue.rule) for cue in open_cues] == [(40.0, "E1")]


def test_a_malformed_phrase_file_is_refused_naming_the_field():
    text = (data_root() / "phrases" / "en.toml").read_text(encoding="utf-8").replace('"\\\\bhonestly\\\\b",', '"(unclosed",')
    with pytest.raises(PhraseRulesError, match=r"x\.toml: field 'agent\[0\]\.patterns'"):
        parse_phrase_rules(text, "x.toml")
    with pytest.raises(PhraseRulesError, match="lang"):
        parse_phrase_rules('lang = "fr"', "x.toml")


@pytest.mark.parametrize(
    "lang, draft, rule",
    [
        ("ko", "> 솔직히 말씀드리면 배송이 늦었습니다", "L5"),
        ("ko", "> 이용에 불편을 드려 죄송합니다", "L3"),
        ("ko", "> 시스템 오류로 배송이 늦어졌습니다", "L4"),
        ("zh-Hans", "> 说实话，这个订单已经发出了", "L5"),
        ("zh-Hans", "> 给您带来不便，敬请谅解", "L3"),
        ("zh-Hant", "> 我非常理解您的心情", "L2"),
        ("zh-Hant", "> 是系統故障造成的", "L4"),
    ],
)
def test_phrase_rules_are_per_language(lang, draft, rule):
    assert rule in [hint.rule for hint in PhraseCoach(phrase_rules(lang)).check(draft)]


@pytest.mark.parametrize(
    "lang, text, rule",
    [
        ("ko", "앱에서 몇 번이나 해 봤는데 안 돼요", "E1"),
        ("zh-Hans", "我试了好几次，怎么也弄不好", "E1"),
        ("zh-Hant", "我的中文不太好，請說慢一點", "E3"),
        ("ko", "이런 기능 추가해 주세요", "E4"),
    ],
)
def test_caller_cues_per_language(lang, text, rule):
    assert rule in [cue.rule for cue in cues_in(text, phrase_rules(lang))]
