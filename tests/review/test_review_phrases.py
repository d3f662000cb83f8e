"""The review flags what the live coach warns about (issue 14 item 5): the coach's phrase rules,
read over the filed call's notes in call-clock order, one case per rule id and language; a clean
call in each language has no flags; the live coach and the review agree line by line."""

from __future__ import annotations

import pytest

from tui.config.data_files import phrase_rules
from tui.domain.coaching.phrases import PhraseCoach
from tui.domain.review.flags import counted, review_flags
from tui.services.flagging import every_phrase_rules, flags_for, playbook_for

from .calls import ended, note, record, step, warned_opening

LAST = playbook_for("last")

# An apology that owns the mistake, per language: answers E1 and satisfies L3, flags nothing itself.
OWN_APOLOGY = {
    "en": "> I'm sorry we lost your parcel; that was our mistake.",
    "ko": "> 택배를 잃어버려 죄송합니다. 저희 실수입니다.",
    "zh-Hans": "> 对不起，包裹丢了，是我们的错。",
    "zh-Hant": "> 對不起，包裹遺失了，是我們的錯。",
}
# (rule, language, the agent's or caller's line, the quote the flag names)
SAID = [
    ("L2", "en", "> I understand your frustration.", "I understand your frustration"),
    ("L2", "ko", "> 답답하신 마음 충분히 이해합니다.", "답답하신 마음 충분히 이해"),
    ("L2", "zh-Hans", "> 我非常理解您的心情。", "我非常理解您的心情"),
    ("L2", "zh-Hant", "> 我非常理解您的心情。", "我非常理解您的心情"),
    ("L3", "en", "> Sorry for any inconvenience.", "Sorry for any inconvenience"),
    ("L3", "ko", "> 불편을 드려 죄송합니다.", "불편을 드려 죄송"),
    ("L3", "zh-Hans", "> 给您带来不便，非常抱歉。", "给您带来不便"),
    ("L3", "zh-Hant", "> 造成您的不便，非常抱歉。", "造成您的不便"),
    ("L4", "en", "> Sorry, the system glitched; we will fix it.", "the system"),
    ("L4", "ko", "> 죄송합니다. 택배사 쪽 문제였습니다.", "택배사"),
    ("L4", "zh-Hans", "> 抱歉，是快递公司的问题。", "快递公司"),
    ("L4", "zh-Hant", "> 抱歉，是物流公司的問題。", "物流公司"),
    ("L5", "en", "> To be honest, it left late.", "To be honest"),
    ("L5", "ko", "> 솔직히 말씀드리면 늦게 출발했습니다.", "솔직히 말씀드리면"),
    ("L5", "zh-Hans", "> 说实话，发货晚了。", "说实话"),
    ("L5", "zh-Hant", "> 說實話，出貨晚了。", "說實話"),
    ("L6", "en", "> Sorry again.", "Sorry"),
    ("L6", "ko", "> 다시 한번 죄송합니다.", "죄송"),
    ("L6", "zh-Hans", "> 再次抱歉。", "抱歉"),
    ("L6", "zh-Hant", "> 再次抱歉。", "抱歉"),
    ("E1", "en", "I tried resetting it twice, so frustrating", "I tried"),
    ("E1", "ko", "초기화도 해봤는데 안 돼요", "해봤는데"),
    ("E1", "zh-Hans", "耳机没有声音，试了重新配对也不行", "试了"),
    ("E1", "zh-Hant", "耳機沒有聲音，試了重新配對也不行", "試了"),
]


def call_with(line: str, lang: str, *, at: float = 70.0, apology_first: bool = True) -> dict:
    """A LAST call that follows the method, with `line` typed in the apologize step (after the
    owning apology, or with E1 before any apology)."""
    events = [step(0, "listen"), note(5, "parcel 4411 missing", 0), step(60, "apologize")]
    if apology_first:
        events.append(note(62, OWN_APOLOGY[lang], 1))
    events += [note(at, line, 2), step(80, "resolve"), step(300, "thank"), ended(400)]
    return record(*events)


def warnings(rec: dict) -> list:
    return counted(review_flags(rec, LAST, phrases=every_phrase_rules()))


@pytest.mark.parametrize(("rule", "lang", "line", "quote"), SAID, ids=[f"{case[0]}-{case[1]}" for case in SAID])
def test_the_review_flags_what_the_coach_warns_about(rule, lang, line, quote):
    rec = call_with(line, lang, apology_first=rule not in ("E1", "L3", "L4"))  # its line is the only apology
    if rule == "E1":  # the apology came before the cue, so the cue is unanswered
        rec = record(
            step(0, "listen"),
            note(5, OWN_APOLOGY[lang], 1),
            step(60, "apologize"),
            note(70, line, 2),
            step(80, "resolve"),
            step(300, "thank"),
            ended(400),
        )
    found = [flag for flag in warnings(rec) if flag.rule == rule]
    assert [(flag.t, quote in flag.text) for flag in found] == [(70.0, True)], [(f.rule, f.text) for f in warnings(rec)]
    assert {flag.rule for flag in warnings(rec)} == {rule}  # nothing else: the rest of the call is clean


@pytest.mark.parametrize("lang", sorted(OWN_APOLOGY))
def test_a_clean_call_has_no_flags_in_any_language(lang):
    rec = call_with(
        {
            "en": "> We will resend it today.",
            "ko": "> 오늘 다시 보내 드리겠습니다.",
            "zh-Hans": "> 今天给您补发。",
            "zh-Hant": "> 今天幫您補寄。",
        }[lang],
        lang,
    )
    assert warnings(rec) == []
    assert [flag.kind for flag in review_flags(rec, LAST, phrases=every_phrase_rules())] == ["first_apology"]


def test_the_issues_call_raises_what_the_coach_raised():
    """Live, "I understand your frustration but to be honest" raised L5, L2 and L2 "but", and "sorry
    again for any inconvenience" (after an apology) raised L6: the review names the same."""
    rec = record(
        step(0, "listen"),
        note(5, "the caller says knee zone cost"),
        note(12, "> I understand your frustration but to be honest", 1),
        step(60, "apologize"),
        note(62, OWN_APOLOGY["en"], 2),
        note(70, "> sorry again for any inconvenience", 3),
        step(80, "resolve"),
        step(300, "thank"),
        ended(400),
    )
    found = [(flag.t, flag.rule, flag.text) for flag in warnings(rec)]
    assert [(t, rule) for t, rule, _ in found] == [(12.0, "L2"), (12.0, "L2"), (12.0, "L5"), (70.0, "L6")]
    assert any('"I understand your frustration"' in text for _, _, text in found)
    assert any('"but"' in text for _, _, text in found) and any('"to be honest"' in text for _, _, text in found)
    coach = PhraseCoach(phrase_rules("en"))
    live = {(hint.rule, hint.quote) for hint in coach.check("> I understand your frustration but to be honest")}
    assert live == {("L2", "I understand your frustration"), ("L2", "but"), ("L5", "to be honest")}


def test_an_apologize_step_passed_with_no_apology_line_counts_as_skipped():
    rec = record(step(0, "listen"), note(5, "parcel missing"), step(60, "apologize"), step(61, "resolve"), step(300, "thank"), ended(400))
    found = [flag for flag in warnings(rec) if flag.rule == "L3"]
    assert [(flag.kind, flag.t) for flag in found] == [("apologize_skipped", 60.0)]
    assert "no apology line" in found[0].text
    assert not any(flag.kind == "first_apology" for flag in review_flags(rec, LAST, phrases=every_phrase_rules()))


def test_an_e1_cue_answered_later_is_not_flagged_and_a_later_cue_is():
    rec = record(
        step(0, "listen"),
        note(5, "I tried twice", 0),
        step(60, "apologize"),
        note(62, OWN_APOLOGY["en"], 1),
        note(90, "she says the app is confusing", 2),
        step(100, "resolve"),
        step(300, "thank"),
        ended(400),
    )
    assert [(flag.rule, flag.t) for flag in warnings(rec)] == [("E1", 90.0)]


def test_back_dated_lines_are_read_in_call_clock_order():
    """A back-dated apology (committed last, stamped first) answers the cue typed after it."""
    rec = record(
        step(0, "listen"),
        note(20, "I tried twice", 0),
        step(60, "apologize"),
        note(10, OWN_APOLOGY["en"].replace("> ", "> ", 1), 1),
        step(80, "resolve"),
        step(300, "thank"),
        ended(400),
    )
    assert [(flag.rule, flag.t) for flag in warnings(rec)] == [("E1", 20.0)]  # the apology at 00:10 came before the cue
    rec = record(
        step(0, "listen"),
        note(30, OWN_APOLOGY["en"], 0),
        note(20, "I tried twice", 1),  # back-dated to 00:20: before the apology
        step(60, "apologize"),
        step(80, "resolve"),
        step(300, "thank"),
        ended(400),
    )
    assert warnings(rec) == []


def offer(t, option, amount, accepted, within, limit=None):
    event = {
        "t": t,
        "type": "offer",
        "option": option,
        "amount": amount,
        "currency": "GBP",
        "accepted": accepted,
        "within_authority": within,
    }
    return event | ({"limit": limit} if limit is not None else {})


@pytest.mark.parametrize("lang", sorted(OWN_APOLOGY))
def test_p1_an_accepted_offer_outside_authority(lang, agent_language):
    agent_language(lang)
    rec = record(
        step(0, "listen"),
        step(60, "apologize"),
        note(62, OWN_APOLOGY[lang], 1),
        step(80, "resolve"),
        offer(100, "credit", 80, False, False, 50),  # offered, declined: not flagged
        offer(110, "refund", 20, True, True, 40),
        offer(120, "credit", 80, True, False, 50),
        offer(130, "other", None, True, False),
        step(300, "thank"),
        ended(400),
    )
    found = [flag for flag in flags_for(rec) if flag.rule == "P1"]
    assert [flag.t for flag in found] == [120.0, 130.0]
    assert "80 GBP" in found[0].text and "50" in found[0].text
    assert all(flag.kind == "offer_outside_authority" for flag in found)


def the_issues_call() -> dict:
    return record(
        *warned_opening(),
        offer(90, "replacement", None, False, True),
        offer(100, "credit", 80, True, False, 50),
        step(300, "thank"),
        ended(400),
    )


def test_the_same_flags_reach_the_history_count_and_the_exports():
    from tui.services.flagging import history_row
    from tui.services.summaries import render

    rec = the_issues_call()
    expected = ["L2", "L2", "L5", "E1", "L3", "P1"]
    assert sorted(flag.rule for flag in counted(flags_for(rec))) == sorted(expected)
    row = history_row(rec)
    assert row["flags"] == len(expected) and row["rules"] == ["E1", "L2", "L3", "L5", "P1"]
    document = {"calls": [rec]}
    md = render(document, "md", "Europe/London")
    for line in (
        '- 00:05 E1: Caller cue "I tried" with no apology after it.',
        '- 00:12 L2: Said "I understand your frustration": heard as "but you are wrong".',
        '- 00:12 L2: Said "but": heard as "but you are wrong".',
        '- 00:12 L5: Qualifier "to be honest": it makes the rest sound less true.',
        "- 01:00 L3: Apologize step passed with no apology line: counted as skipped.",
        '- 01:40 P1: Accepted "Credit 80 GBP", outside the agent\'s authority (limit 50).',
    ):
        assert line in md, md
    csv_text = render(document, "csv", "Europe/London")
    assert "E1 L2 L3 L5 P1" in csv_text
