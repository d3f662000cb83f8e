"""Review flags: where a filed call slipped from the method (METHOD.md), derived from its log.

Flags are never stored: `review_flags(record, playbook, ...)` is a pure function of the call's
event log, the playbook it ran on, the calling-hours table, the callback queue's actions and
the time of the review. Each flag names its METHOD.md rule id and its time in the call, so a
supervisor can jump to the moment it happened.

Rule ids used here:
  L1   listen shorter than the playbook's minimum for the listen step
  L3   apologize step skipped; first apology late (after the listen step's target)
  L8   fewer than two options offered (only when `offer` events exist)
  L9   a long hold: silence with no reason or timeline given
  L10  an outcome other than resolved with no callback (L7: no plan)
  L11  thank step skipped
  K1   callback without a valid number, outside calling hours, overdue or kept late
  L2, L3, L4, L5, L6  what the agent said (`> ...` lines), read with the live coach's phrase rules (phrase_flags);
       L3 also: an apologize step passed with no apology line counts as skipped
  E1   a caller cue of a product/onboarding failure with no agent apology line at or after it
  P1   an accepted offer outside the agent's authority
  PCI  a card number or security code was typed (and masked): card data belongs in the payment system
  the rule(s) of a step entered before an earlier playbook step ("order")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import tui.domain.call.events as ev
from tui.domain.call.state import CallState, derive
from tui.domain.callback.calling_hours import CallingHours
from tui.domain.callback.commitments import KEPT_LATE, OVERDUE, build_queue
from tui.domain.callback.contact import check_number
from tui.domain.callback.intervals import covers, hours_in_utc
from tui.domain.coaching.phrases import PhraseRules
from tui.domain.coaching.playbook import Playbook
from tui.domain.review.flag import INFO, WARN, Flag
from tui.domain.review.offer_text import offer_text
from tui.domain.review.phrase_flags import caller_cues, review_phrases
from tui.support.i18n import _

__all__ = ["INFO", "WARN", "Flag", "caller_cues", "counted", "review_flags"]
LONG_HOLD_SECONDS = 120.0


# -- helpers ------------------------------------------------------------------------------------


def _first_entry(state: CallState, key: str) -> float | None:
    return next((visit.entered for visit in state.visits if visit.key == key), None)


def _end_time(state: CallState) -> float:
    return state.ended_at if state.ended_at is not None else state.last_t


def _has_step(playbook: Playbook, key: str) -> bool:
    return any(step.key == key for step in playbook.steps)


def _parse_utc(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


# -- the rules ----------------------------------------------------------------------------------


def _skipped_steps(state: CallState, playbook: Playbook, apologies: list[float]) -> list[Flag]:
    """A step never entered is skipped; so is an apologize step passed with no apology said (rule L3)."""
    flags = []
    for key, rule, kind in (("apologize", "L3", "apologize_skipped"), ("thank", "L11", "thank_skipped")):
        if not _has_step(playbook, key) or state.ended_at is None:
            continue
        title = playbook.step(key).title
        if state.visited(key):
            if key == "apologize" and not apologies:
                text = _("{step} step passed with no apology line: counted as skipped.").format(step=title)
                flags.append(Flag(kind, rule, _first_entry(state, key) or 0.0, text))
            continue
        index = playbook.index_of(key)
        later = [_first_entry(state, step.key) for step in playbook.steps[index + 1 :]]
        at = min((t for t in later if t is not None), default=_end_time(state))
        flags.append(Flag(kind, rule, at, _("{step} step skipped.").format(step=title)))
    return flags


def _short_listen(state: CallState, playbook: Playbook) -> list[Flag]:
    if not _has_step(playbook, "listen") or not state.visited("listen") or state.ended_at is None:
        return []  # a call cut short was not given the chance to listen longer
    minimum = playbook.step("listen").minimum_seconds
    spent = state.time_in_step("listen", _end_time(state))
    if spent >= minimum:
        return []
    left = next((visit.left for visit in state.visits if visit.key == "listen" and visit.left is not None), _end_time(state))
    said = _("Listened {spent} s, under the playbook's {minimum} s minimum.").format(spent=f"{spent:.0f}", minimum=f"{minimum:.0f}")
    return [Flag("listen_short", "L1", left, said)]


def _out_of_order(state: CallState, playbook: Playbook) -> list[Flag]:
    flags = []
    seen: set[str] = set()
    keys = [step.key for step in playbook.steps]
    for visit in state.visits:
        if visit.key in seen or visit.key not in keys:
            continue
        seen.add(visit.key)
        index = keys.index(visit.key)
        # An earlier step entered only later: out of order. One never entered is "skipped" instead.
        missing = [key for key in keys[:index] if key not in seen and state.visited(key)]
        if missing:
            step = playbook.steps[index]
            rule = step.rules[0] if step.rules else "L1"
            before = playbook.step(missing[0]).title
            flags.append(
                Flag(
                    "out_of_order",
                    rule,
                    visit.entered,
                    _("{step} came before {before}, out of the playbook's order.").format(step=step.title, before=before),
                )
            )
    return flags


def _offers(state: CallState) -> list[Flag]:
    if not state.offers or len(state.offers) >= 2:
        return []
    return [
        Flag("one_offer", "L8", float(state.offers[0]["t"]), _("Only one option offered; offer two or more and let the caller choose."))
    ]


def _no_plan(state: CallState) -> list[Flag]:
    if state.outcome in (None, "resolved") or state.callbacks:
        return []
    label = _(ev.OUTCOME_LABELS.get(state.outcome or "", state.outcome or ""))
    return [
        Flag(
            "no_callback", "L10", _end_time(state), _("{outcome} with no callback or plan to report back (L7, L10).").format(outcome=label)
        )
    ]


def _callbacks(state: CallState, calling: CallingHours | None, actions: Iterable[dict], now: datetime | None, record: dict) -> list[Flag]:
    flags = []
    for event in state.callbacks:
        t = float(event["t"])
        number = event.get("number") or ""
        region = None
        try:
            check = check_number(number, None, lookups=False)  # its place and carrier are not read here
            if not check.ok:
                flags.append(Flag("callback_number", "K1", t, _("Callback number not valid ({problem}).").format(problem=check.problem)))
            region = check.region
        except Exception:  # a damaged event must not stop a review
            flags.append(Flag("callback_number", "K1", t, _("Callback number could not be read.")))
        start, end = _parse_utc(event.get("start")), _parse_utc(event.get("end"))
        zone = event.get("zone") or ""
        if start is None or end is None or end <= start:
            flags.append(Flag("callback_window", "K1", t, _("Callback window is missing or unreadable.")))
        elif calling is not None and zone:
            try:
                legal = hours_in_utc(calling.for_region(region), zone, start, end)
                if not covers(legal, start, end):
                    flags.append(
                        Flag(
                            "callback_hours",
                            "K1",
                            t,
                            _("Callback window falls outside the caller's calling hours ({zone}).").format(zone=zone),
                        )
                    )
            except Exception:
                flags.append(Flag("callback_window", "K1", t, _("Callback zone {zone} is not a known time zone.").format(zone=repr(zone))))
    if state.callbacks and now is not None:
        for entry in build_queue([record], actions, now):
            event = next((e for e in state.callbacks if e.get("uid") == entry.uid), state.callbacks[-1])
            if entry.status == OVERDUE:
                flags.append(Flag("callback_overdue", "K1", float(event["t"]), _("Callback overdue: the promised window has passed.")))
            elif entry.status == KEPT_LATE:
                flags.append(Flag("callback_late", "K1", float(event["t"]), _("Callback kept late, after the promised window.")))
    return flags


def _outside_authority(state: CallState) -> list[Flag]:
    """Rule P1: an offer the caller accepted that the agent could not grant alone."""
    flags = []
    for offer in state.offers:
        if offer.get("accepted") and offer.get("within_authority") is False:
            what = offer_text(offer)
            limit = offer.get("limit")
            if limit is None:
                text = _('Accepted "{offer}", outside the agent\'s authority: it needs approval.').format(offer=what)
            else:
                text = _('Accepted "{offer}", outside the agent\'s authority (limit {limit}).').format(
                    offer=what, limit=f"{float(limit):g}"
                )
            flags.append(Flag("offer_outside_authority", "P1", float(offer["t"]), text))
    return flags


def _card_masked(events: Iterable[dict]) -> list[Flag]:
    """A masked event means card data was read out and typed: the call needs a look (PCI DSS 3.3)."""
    for event in events:
        if isinstance(event, dict) and event.get("masked"):
            return [
                Flag(
                    "card_masked",
                    "PCI",
                    float(event.get("t", 0.0)),
                    _("A card number or security code was typed and masked; take card data in the payment system, never in notes."),
                )
            ]
    return []


def _holds(state: CallState) -> list[Flag]:
    flags = []
    end = _end_time(state)
    for start, stop in state.holds:
        length = (stop if stop is not None else end) - start
        if length > LONG_HOLD_SECONDS:
            flags.append(
                Flag(
                    "long_hold",
                    "L9",
                    start,
                    _("Hold of {length} s (over {limit} s).").format(length=f"{length:.0f}", limit=f"{LONG_HOLD_SECONDS:.0f}"),
                )
            )
    return flags


def _first_apology(state: CallState, playbook: Playbook, apologies: list[float]) -> list[Flag]:
    """When the agent first said sorry (an apology line), late when past the listen step's target."""
    if not apologies:
        return []
    at = min(apologies)
    target = playbook.step("listen").target_seconds if _has_step(playbook, "listen") else None
    if target is not None and at > target:
        said = _("First apology at {at} s, after the listen target of {target} s.").format(at=f"{at:.0f}", target=f"{target:.0f}")
        return [Flag("apology_late", "L3", at, said)]
    return [Flag("first_apology", "L3", at, _("First apology at {at} s.").format(at=f"{at:.0f}"), INFO)]


# -- the review ---------------------------------------------------------------------------------


def review_flags(
    record: dict,
    playbook: Playbook,
    *,
    calling: CallingHours | None = None,
    actions: Iterable[dict] = (),
    now: datetime | None = None,
    phrases: Sequence[PhraseRules] = (),
    state: CallState | None = None,
) -> list[Flag]:
    """Every flag for a call, in call-time order. `calling`: CallingHours (None skips that check);
    `actions`: the callback queue's actions; `now`: when the review happens (None skips K1 overdue);
    `phrases`: the coach's phrase rules to read the notes with (every language the desk speaks;
    none: a small built-in reading of apologies and E1 cues); `state`: the log already derived."""
    state = derive(record.get("events", ())) if state is None else state
    said = review_phrases(state.notes, phrases)
    flags = (
        _skipped_steps(state, playbook, said.apologies)
        + _short_listen(state, playbook)
        + _out_of_order(state, playbook)
        + _offers(state)
        + _outside_authority(state)
        + _no_plan(state)
        + _callbacks(state, calling, list(actions), now, record)
        + said.flags
        + _holds(state)
        + _first_apology(state, playbook, said.apologies)
        + _card_masked(record.get("events", ()))
    )
    return sorted(flags, key=lambda flag: (flag.t, flag.rule))


def counted(flags: Iterable[Flag]) -> list[Flag]:
    """The flags that count (warnings), leaving out information such as time to first apology."""
    return [flag for flag in flags if flag.level == WARN]
