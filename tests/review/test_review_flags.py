"""Review flags, one parametrized case per METHOD.md rule id: each case shows the rule broken,
and a clean call shows none of them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tui.domain.callback.calling_hours import CallingHours
from tui.domain.callback.commitments import kept_action
from tui.domain.callback.weekly_hours import DEFAULT_CALLING_HOURS
from tui.domain.review.flags import caller_cues, counted, review_flags
from tui.services.flagging import every_phrase_rules, playbook_for

from .calls import callback, ended, good_steps, hold, note, offer, record, resume, step

LAST = playbook_for("last")
CALLING = CallingHours(DEFAULT_CALLING_HOURS)
NOW = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # inside the callback window


def flags(rec, now=NOW, actions=()):
    return review_flags(rec, LAST, calling=CALLING, now=now, actions=actions, phrases=every_phrase_rules())


SORRY = "> I'm sorry the parcel went missing; that was our mistake."


CASES = {
    "L1": (record(step(0, "listen"), step(20, "apologize"), step(40, "resolve"), step(200, "thank"), ended(260)), "listen_short", 20.0),
    "L3": (record(step(0, "listen"), step(60, "resolve"), step(200, "thank"), ended(260)), "apologize_skipped", 60.0),
    "L3-late": (
        record(step(0, "listen"), step(240, "apologize"), note(245, SORRY), step(260, "resolve"), step(400, "thank"), ended(460)),
        "apology_late",
        245.0,
    ),
    "L8": (
        record(step(0, "listen"), step(60, "apologize"), step(80, "resolve"), offer(120, "refund"), step(300, "thank"), ended(400)),
        "one_offer",
        120.0,
    ),
    "L9": (
        record(step(0, "listen"), step(60, "apologize"), step(80, "resolve"), hold(100), resume(400), step(420, "thank"), ended(480)),
        "long_hold",
        100.0,
    ),
    "L10": (record(*good_steps()[:-1], ended(400, "escalated")), "no_callback", 400.0),
    "L11": (record(step(0, "listen"), step(60, "apologize"), step(80, "resolve"), ended(300)), "thank_skipped", 300.0),
    "K1-number": (record(*good_steps()[:-1], callback(350, number="12"), ended(400, "callback_promised")), "callback_number", 350.0),
    "K1-hours": (
        record(
            *good_steps()[:-1], callback(350, start="2026-11-23T22:00:00Z", end="2026-11-23T23:00:00Z"), ended(400, "callback_promised")
        ),
        "callback_hours",
        350.0,
    ),
    "K1-overdue": (record(*good_steps()[:-1], callback(350), ended(400, "callback_promised")), "callback_overdue", 350.0),
    "E1": (
        record(
            step(0, "listen"),
            note(5, "I tried resetting it twice, so frustrating"),
            step(60, "apologize"),
            note(65, "> I'm sorry, the reset should have worked", 1),
            note(70, "she tried again", 3),
            step(80, "resolve"),
            note(90, "I tried the app too, still confusing", 2),
            step(300, "thank"),
            ended(400),
        ),
        "cue_no_apology",
        90.0,
    ),
    "order": (record(step(0, "listen"), step(60, "resolve"), step(90, "apologize"), step(120, "thank"), ended(200)), "out_of_order", 60.0),
}
LATE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_is_flagged_with_its_time(rule):
    rec, kind, t = CASES[rule]
    now = LATE if rule == "K1-overdue" else NOW
    found = [flag for flag in flags(rec, now) if flag.kind == kind]
    assert found, [f.kind for f in flags(rec, now)]
    assert found[0].t == t
    assert found[0].rule == (rule.split("-")[0] if rule != "order" else "L7")


def test_a_call_that_follows_the_method_has_no_flags():
    rec = record(
        step(0, "listen"),
        note(5, "parcel missing, third call"),
        step(60, "apologize"),
        note(62, SORRY, 1),
        step(80, "resolve"),
        offer(100, "resend"),
        offer(110, "refund"),
        step(300, "thank"),
        ended(400),
    )
    found = flags(rec)
    assert counted(found) == []
    assert [f.kind for f in found] == ["first_apology"]  # information, not counted


def test_offers_absent_is_not_an_l8_flag():
    assert "one_offer" not in {f.kind for f in flags(record(*good_steps()))}


def test_resolved_without_callback_is_fine_but_unresolved_is_not():
    assert "no_callback" not in {f.kind for f in flags(record(*good_steps()))}
    assert "no_callback" not in {f.kind for f in flags(record(*good_steps()[:-1], callback(350), ended(400, "unresolved")))}


def test_a_callback_kept_on_time_is_not_overdue_and_kept_late_is_flagged():
    rec = record(*good_steps()[:-1], callback(350), ended(400, "callback_promised"))
    on_time = [kept_action("cb-1", datetime(2026, 11, 23, 15, 30, tzinfo=UTC))]
    late = [kept_action("cb-1", datetime(2026, 11, 23, 18, 30, tzinfo=UTC))]
    assert not {"callback_overdue", "callback_late"} & {f.kind for f in flags(rec, LATE, on_time)}
    assert "callback_late" in {f.kind for f in flags(rec, LATE, late)}


def test_cue_followed_by_an_apology_is_not_flagged():
    rec = record(
        step(0, "listen"),
        note(5, "I tried everything"),
        step(60, "apologize"),
        note(65, SORRY, 1),
        step(80, "resolve"),
        step(300, "thank"),
        ended(400),
    )
    assert "cue_no_apology" not in {f.kind for f in flags(rec)}


@pytest.mark.parametrize(
    "text, cue",
    [
        ("I tried to log in", "i tried"),
        ("这个设置我试了三次", "试了"),
        ("어떻게 하는지 모르겠어요", "모르겠"),
        ("all good", None),
    ],
)
def test_caller_cues(text, cue):
    found = caller_cues(text)
    assert (cue in found) if cue else found == []


def test_flags_are_in_call_time_order_and_interrupted_calls_do_not_count_skips():
    rec = record(step(0, "listen"), step(10, "resolve"))
    assert rec["status"] == "interrupted"
    kinds = {f.kind for f in flags(rec)}
    assert "apologize_skipped" not in kinds and "thank_skipped" not in kinds
    many = flags(CASES["E1"][0])
    assert [f.t for f in many] == sorted(f.t for f in many)


def test_replay_model_notes_and_state_at_a_time():
    from tui.domain.call.replay import ReplayModel, column_of

    rec = record(
        step(0, "listen"),
        note(5, "first", 0),
        {"t": 30.0, "type": "note_edit", "note": 0, "text": "first, edited"},
        note(20, "second", 1),
        hold(40),
        resume(70),
        step(80, "apologize"),
        ended(100),
    )
    model = ReplayModel(rec["events"])
    assert model.end == 100.0
    assert [n.text for n in model.notes_at(25)] == ["first", "second"]
    assert [(n.text, n.edited) for n in model.notes_at(30)][0] == ("first, edited", True)
    assert [n.text for n in model.notes_at(100, last=1)] == ["second"] and model.note_count_at(100) == 2
    state = model.state_at(50)
    assert state.on_hold and state.current_step == "listen" and state.hold_total(50) == 10
    assert model.next_event(5) == 20.0 and model.previous_event(20) == 5.0 and model.next_event(100) is None
    assert [m.kind for m in model.marks()] == ["note", "note", "hold"]
    assert column_of(50, 100, 101) == 50 and column_of(0, 0, 10) == 0


@pytest.mark.parametrize(
    "text, quote",
    [
        ("I tried resetting it twice", "I tried"),
        ("耳机没有声音，试了重新配对也不行", "试了"),
        ("초기화도 해봤는데 안 돼요", "해봤는데"),
        ("all fine", None),
    ],
)
def test_e1_uses_the_phrase_rules_per_language(text, quote):
    from tui.services.flagging import e1_cues, flags_for

    assert e1_cues(text) == ([quote] if quote else [])
    rec = record(
        step(0, "listen"), note(5, "fine"), step(60, "apologize"), step(80, "resolve"), note(90, text, 1), step(300, "thank"), ended(400)
    )
    found = [f for f in flags_for(rec, NOW) if f.rule == "E1"]
    assert (found[0].t, quote in found[0].text) == (90.0, True) if quote else found == []


@pytest.mark.parametrize(
    "text",
    [
        "I tried resetting it twice, so frustrating",
        "it's confusing and I have tried everything",
        "耳机没有声音，试了重新配对也不行",
        "我試過重新開機，還是看不懂",
        "초기화도 해봤는데 안 돼요",
        "parcel late, courier left it outside 😅",
        "",
    ],
)
def test_the_reviews_e1_reading_is_the_coachs_first_e1_cue(text):
    """The review reads E1 through one alternation per language; it finds what cues_in finds."""
    from tui.domain.coaching.phrases import cues_in, first_cue

    for rules in every_phrase_rules():
        first = next((cue.quote for cue in cues_in(text, rules) if cue.rule == "E1"), None)
        assert first_cue(text, rules, "E1") == first, rules.lang


MIXED_NOTES = [
    "I tried resetting it twice, so frustrating",
    "耳机没有声音，试了重新配对也不行",
    "我試過重新開機，還是看不懂",
    "초기화도 해봤는데 안 돼요",
    "parcel late, courier left it outside",
    "택배가 아직 안 왔어요",
    "包裹还没到",
]


def test_each_caller_note_keeps_its_own_e1_cue_whatever_the_calls_other_notes_say():
    """A call's notes are read only in the languages whose cue characters they hold (an English
    call skips the Chinese and Korean patterns): each note still gets the cue reading it alone in
    every language finds, for every mix of languages in one call."""
    from itertools import combinations

    from tui.domain.call.state import derive
    from tui.domain.coaching.phrases import cues_in
    from tui.domain.review.phrase_flags import review_phrases

    rules = every_phrase_rules()
    for size in range(1, len(MIXED_NOTES) + 1):
        for picked in combinations(MIXED_NOTES, size):
            rec = record(step(0, "listen"), *(note(10.0 * (n + 1), text, n) for n, text in enumerate(picked)), ended(400))
            read = [(flag.t, flag.text) for flag in review_phrases(derive(rec["events"]).notes, rules).flags if flag.rule == "E1"]
            alone = [
                (10.0 * (n + 1), quote)
                for n, text in enumerate(picked)
                if (quote := next((cue.quote for lang in rules for cue in cues_in(text, lang) if cue.rule == "E1"), None))
            ]
            assert [t for t, _ in read] == [t for t, _ in alone], picked
            assert all(f'"{quote}"' in text for (_, text), (_, quote) in zip(read, alone, strict=True)), picked


def test_a_calls_phrase_review_is_kept_per_call_and_per_reader_language(agent_language):
    rec = CASES["E1"][0]
    from tui.domain.call.state import derive
    from tui.domain.review.phrase_flags import review_phrases

    first = [flag.text for flag in flags(rec) if flag.rule == "E1"]
    given = review_phrases(derive(rec["events"]).notes, every_phrase_rules())
    given.flags.clear()  # what a reader does with the review it was given never reaches the kept one
    given.apologies.clear()
    assert [flag.text for flag in flags(rec) if flag.rule == "E1"] == first
    assert review_phrases(derive(rec["events"]).notes, every_phrase_rules()).apologies == [65.0]
    other = record(*rec["events"][1:-1], note(95, "I tried the app too, still confusing, 2nd time", 4), ended(400))
    assert [flag.t for flag in flags(other) if flag.rule == "E1"] == [90.0, 95.0]  # another call's notes: read afresh
    agent_language("ko")
    [korean] = [flag.text for flag in flags(rec) if flag.rule == "E1"]
    assert korean != first[0] and '"I tried"' in korean  # the reader's language, not the one kept
