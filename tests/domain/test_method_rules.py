"""One test per METHOD.md rule id, named after it, showing the behaviour the product gives it.

Rules already shown elsewhere are shown here again through their feature: L1 by the listen step's
minimum (the review flag), K1 by the callback queue, E1 by the review reading the phrase rules' cues.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import tui.domain.callback.commitments as q
from tui.config.data_files import load_playbook, phrase_rules
from tui.domain.call.state import CallState
from tui.domain.coaching.authority import AuthorityPolicy
from tui.domain.coaching.hints import call_lines
from tui.domain.coaching.offers import judge, needs_second_option, offer_fields
from tui.domain.coaching.phrases import PhraseCoach, cues_in
from tui.domain.review.flags import review_flags
from tui.support.locations import available_playbooks

UTC = UTC


def hint_rules(draft: str, *said: str, lang: str = "en") -> list[str]:
    coach = PhraseCoach(phrase_rules(lang))
    for t, text in enumerate(said):
        coach.observe(text, float(t))
    return [hint.rule for hint in coach.check(draft)]


def filed(*events: dict) -> dict:
    started = {"t": 0.0, "type": "started", "call_id": "c1", "started_at": "2026-11-23T10:00:00+00:00", "playbook": "last"}
    return {"id": "c1", "events": [started, {"t": 0.0, "type": "step", "step": "listen"}, *events]}


def test_L1_listen_shorter_than_the_playbook_minimum_is_flagged():
    last = load_playbook("last")
    assert last.step("listen").minimum_seconds > 0 and "L1" in last.step("listen").rules
    short = filed(
        {"t": 10.0, "type": "step", "step": "apologize"}, {"t": 60.0, "type": "ended", "outcome": "resolved", "category": "other"}
    )
    assert "L1" in [flag.rule for flag in review_flags(short, last)]
    long = filed(
        {"t": 90.0, "type": "step", "step": "apologize"}, {"t": 120.0, "type": "ended", "outcome": "resolved", "category": "other"}
    )
    assert "L1" not in [flag.rule for flag in review_flags(long, last)]


def test_L2_understand_your_frustration_and_but():
    assert hint_rules("> I understand your frustration") == ["L2"]
    assert hint_rules("> The parcel left today but it is late") == ["L2"]
    assert hint_rules("> 답답하신 마음 충분히 이해합니다", lang="ko") == ["L2"]


def test_L3_template_apology():
    assert hint_rules("> Sorry for any inconvenience caused") == ["L3"]
    assert hint_rules("> 给您带来不便，我们深表歉意", lang="zh-Hans") == ["L3"]
    assert hint_rules("> I'm sorry the parcel went to the wrong town") == []


def test_L4_outside_blame_before_ownership():
    assert hint_rules("> The system glitched and lost your order") == ["L4"]
    assert hint_rules("> This was our mistake; the system lost your order") == []
    assert hint_rules("> the courier has it now", "> That was my mistake") == []


def test_L5_qualifier_hint():
    assert hint_rules("> As far as I know it shipped") == ["L5"]
    assert hint_rules("> 제가 알기로는 어제 발송됐습니다", lang="ko") == ["L5"]
    assert hint_rules("As far as I know it shipped") == []  # a caller note is not checked


def test_L6_second_apology_in_one_call():
    assert "L6" not in hint_rules("> I'm sorry we lost it")
    assert "L6" in hint_rules("> So sorry again", "> I'm sorry we lost it")


def test_L7_playbook_resolve_step_carries_a_plan_and_no_money_before_facts():
    resolve = load_playbook("last").step("resolve")
    assert "L7" in resolve.rules
    assert any("plan" in line for line in resolve.say) and any("money" in line for line in resolve.avoid)


def test_L8_one_option_on_the_table_asks_for_a_second():
    state = CallState()
    state.offers.append({"option": "credit", "accepted": False})
    assert needs_second_option(state.offers)
    assert [line.rule for line in call_lines(PhraseCoach(phrase_rules("en")), state.tags, state.offers)] == ["L8"]
    state.offers.append({"option": "replacement", "accepted": False})
    assert not needs_second_option(state.offers)


def test_L9_another_teams_fix_needs_a_timeline_in_every_playbook_with_a_resolve_step():
    for key in available_playbooks():
        rules = {rule for step in load_playbook(key).steps for rule in step.rules}
        assert "L9" in rules, key


def test_L10_act_and_report_back_is_a_step_rule():
    seven = load_playbook("seven-points")
    assert "L10" in seven.step("act").rules and "L10" in seven.step("feedback").rules


def test_L11_thank_and_ask_for_feedback():
    for key in ("last", "latte"):
        thank = load_playbook(key).step("thank")
        assert "L11" in thank.rules and any("feedback" in line or "Thank" in line for line in thank.say)
    latte = load_playbook("latte")
    assert [step.key for step in latte.steps][-1] == "explain"  # LATTE: the explanation comes last


def test_K1_a_promise_is_tracked_until_kept():
    start = datetime(2026, 11, 23, 14, tzinfo=UTC)
    event = {
        "t": 300.0,
        "type": "callback",
        "number": "+12125550100",
        "zone": "America/New_York",
        "agent_zone": "Europe/London",
        "start": start.isoformat().replace("+00:00", "Z"),
        "end": (start + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
        "uid": "u1",
        "sequence": 0,
    }
    records = [{"id": "c1", "agent": "Ana", "events": [{"t": 0.0, "type": "started", "call_id": "c1"}, event]}]
    [entry] = q.build_queue(records, [], start + timedelta(hours=5))
    assert entry.status == q.OVERDUE
    [kept] = q.build_queue(records, [q.kept_action("u1", start + timedelta(hours=1))], start + timedelta(hours=5))
    assert kept.status == q.KEPT_ON_TIME


def test_E1_cue_not_acted_on_is_a_review_flag_read_with_the_coachs_phrase_rules():
    call = filed(
        {"t": 5.0, "type": "note", "n": 0, "text": "I can't seem to log in"},
        {"t": 80.0, "type": "ended", "outcome": "resolved", "category": "usage"},
    )
    flags = [flag for flag in review_flags(call, load_playbook("last"), phrases=(phrase_rules("en"),)) if flag.rule == "E1"]
    assert [flag.t for flag in flags] == [5.0]


def test_E2_casual_tone_is_fine():
    cues = cues_in("omg it broke again 😅", phrase_rules("en"))
    assert [cue.rule for cue in cues] == ["E2"] and "fine" in cues[0].suggests


def test_E3_not_fluent_asks_for_plain_words():
    cues = cues_in("sorry my english is not good", phrase_rules("en"))
    assert [cue.rule for cue in cues] == ["E3"] and "plain words" in cues[0].suggests


def test_E4_feature_request_is_checked_as_a_how_to_first():
    cues = cues_in("it would be nice if you could export to PDF", phrase_rules("en"))
    assert "E4" in [cue.rule for cue in cues]


def test_P1_offer_inside_authority():
    policy = AuthorityPolicy(currency="GBP", refund_percent_of_spend=20, credit_up_to=50)
    assert judge(policy, "credit", 50.0).within and not judge(policy, "credit", 50.01).within
    assert judge(policy, "refund", 40.0, prior_spend=200.0).within
    assert not judge(policy, "refund", 41.0, prior_spend=200.0).within
    assert judge(policy, "refund", 10.0).basis == "needs_spend"
    assert offer_fields(policy, "other", None, False)["within_authority"] is False


METHOD_RULE_IDS = [f"L{n}" for n in range(1, 12)] + ["K1"] + [f"E{n}" for n in range(1, 5)] + ["P1"]


def test_every_method_rule_id_has_a_test_named_after_it():
    from tui.domain.coaching.playbook import _RULE_ID

    tests = [name for name in globals() if name.startswith("test_")]
    for rule in METHOD_RULE_IDS:
        assert _RULE_ID.match(rule), rule  # the ids playbooks may cite
        assert any(name.startswith(f"test_{rule}_") for name in tests), rule
