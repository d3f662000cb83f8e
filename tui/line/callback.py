"""/callback in line mode: the same commitment as the desk's F5 panel, as plain lines.

`/callback [window] [number] [zone Z] [email E]` fills the form (the caller's number and the
proposed window by default), then says the number check, the window in both times and the
sentence to read aloud, one plain line each, and asks one question: Enter promises what was said.
Any other answer changes the form and the changed lines are said again: a window (1-4, 2h, today,
24h, morning, or a day and from-to such as "tomorrow 10-12"), a number (+44..., or n NUMBER),
z ZONE (a city or the zone's place in the list, for numbers spread over several zones), e EMAIL,
t (a custom window typed in the caller's time, or back in yours), x to leave with nothing promised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

import tui.services.callbacks as cb
from tui.domain.callback.contact import check_number
from tui.domain.callback.custom_text import custom_form, parse_custom
from tui.domain.callback.proposal import PRESET_KEYS, PRESET_WORDS, CallbackForm, Proposal, propose_callback
from tui.domain.callback.readback import readback
from tui.domain.callback.window import PRESET_LABELS
from tui.line.io import LineIO
from tui.services.session import CallSession, DeskServices
from tui.support.i18n import N_, _

HELP = N_(
    "Enter promises it. Or type: 1-4 or 2h, today, 24h, morning for a window; a day and from-to "
    "(tomorrow 10-12) for your own; a number (+44 ..., or n NUMBER); z and a city or place in the list "
    "to pick the caller's zone (z all: every zone); e and an e-mail for the invite; t for a window typed "
    "in the caller's time; x to leave with nothing promised."
)
ZONES_LISTED = 6
ANY_DAY = date(2000, 1, 3)  # telling a custom window from a number needs its shape only, not its day


@dataclass(frozen=True)
class Change:
    """One line of the agent's, read: a new form, or what to do (promise, cancel, help), or why not."""

    form: CallbackForm
    action: str = "show"  # show, promise, cancel, help
    problem: str | None = None


def read_change(text: str, form: CallbackForm, zones_of: Callable[[str], tuple[str, ...]]) -> Change:
    """Apply one typed line to the form. `zones_of(number)`: a number's zones, for `z` (after any new number)."""
    words = text.split()
    if not words:
        return Change(form, "promise")
    head = words[0].lower()
    if head in ("x", "cancel") and len(words) == 1:
        return Change(form, "cancel")
    if head in ("?", "help") and len(words) == 1:
        return Change(form, "help")
    if head == "t" and len(words) == 1:
        return Change(replace(form, typed_in="caller" if form.typed_in == "agent" else "agent"))
    rest: list[str] = []
    zone_query = None
    i = 0
    while i < len(words):
        word = words[i]
        key = word.lower()
        if key in ("z", "zone") and i + 1 < len(words):
            end = i + 2
            if not words[i + 1].isdigit():
                while end < len(words) and _zone_word(words[end]):
                    end += 1  # "z new york": a name may be several words
            zone_query = " ".join(words[i + 1 : end])
            i = end
            continue
        if key in ("e", "email") and i + 1 < len(words):
            address = words[i + 1]
            form = replace(form, email="" if address.lower() in ("-", "none") else address)
            i += 2
            continue
        if "@" in word:
            form = replace(form, email=word)
        elif key in ("n", "number") and i == 0:
            form = replace(form, number=" ".join(words[1:]), zone_choice=None)
            return Change(form)
        else:
            rest.append(word)
        i += 1
    change = _window_and_number(rest, form)
    if zone_query is None or change.problem:
        return change
    picked, problem = match_zone(zone_query, zones_of(change.form.number))
    if problem:
        return Change(change.form, problem=problem)
    return Change(replace(change.form, zone_choice=picked))


def _zone_word(word: str) -> bool:
    """Whether a word can go on a zone's name, rather than start the next part of the line."""
    key = word.lower()
    keywords = ("e", "email", "n", "number", "z", "zone")
    return key not in keywords and key not in PRESET_WORDS and "@" not in word and not any(c.isdigit() or c == "+" for c in word)


def _window_and_number(words: list[str], form: CallbackForm) -> Change:
    """What is left after zone and e-mail: a preset, custom window text, a number, in that order."""
    if not words:
        return Change(form)
    preset = PRESET_KEYS.get(words[0]) or PRESET_WORDS.get(words[0].lower())
    if preset == "custom" and len(words) == 1 and not form.custom:
        return Change(form, problem=_("A custom window needs its time: type {form}.").format(form=custom_form()))
    if preset is not None:
        words = words[1:]
        form = replace(form, preset=preset)
    if not words:
        return Change(form)
    plus = next((i for i, word in enumerate(words) if word.startswith("+")), len(words))
    window_words, number_words = words[:plus], words[plus:]
    if window_words and preset in (None, "custom"):
        typed = " ".join(window_words)
        # A day and from-to is a window; anything else without a + is a national number.
        if preset == "custom" or not isinstance(parse_custom(typed, ANY_DAY), str):
            form = replace(form, preset="custom", custom=typed)
            window_words = []
    number_words = window_words + number_words
    if number_words:
        form = replace(form, number=" ".join(number_words), zone_choice=None)
    return Change(form)


def match_zone(query: str, zones: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(the zone picked, or None for every zone; a problem sentence). `query`: all, a place in the list, or part of a name."""
    if not zones:
        return None, _("The number is not one that can be called yet, so it has no time zones to pick from.")
    if len(zones) < 2:
        return None, _("This number has one time zone; there is none to pick.")
    if query.lower() == "all":
        return None, None
    if query.isdigit():
        index = int(query)
        if 1 <= index <= len(zones):
            return zones[index - 1], None
        return None, _("Zone {index} is not in the list: type 1 to {count}, or part of its name.").format(index=index, count=len(zones))
    wanted = query.lower().replace(" ", "_")
    found = [zone for zone in zones if wanted in zone.lower()]
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, _("No zone of this number matches {query}. Its zones: {zones}.").format(query=repr(query), zones=_zone_list(zones))
    return None, _("{query} matches {count} zones: {zones}. Type more of the name.").format(
        query=repr(query), count=len(found), zones=_zone_list(tuple(found))
    )


def _zone_list(zones: tuple[str, ...]) -> str:
    shown = ", ".join(f"{i + 1} {zone}" for i, zone in enumerate(zones[:ZONES_LISTED]))
    more = len(zones) - ZONES_LISTED
    return shown + (_(" and {more} more (type part of a city's name)").format(more=more) if more > 0 else "")


def proposal_lines(proposal: Proposal, form: CallbackForm, now: datetime) -> dict[str, str]:
    """The panel's content as plain sentences, one per key, in the order they are said."""
    number = proposal.number
    lines: dict[str, str] = {}
    if number.ok:
        details = ", ".join(part for part in (number.type, number.place, number.carrier) if part)
        zones = number.zones[0] if len(number.zones) == 1 else _("{count} time zones").format(count=len(number.zones))
        lines["number"] = _("Number {e164}, national {national}, {details}. Time zone: {zones}.").format(
            e164=number.e164, national=number.national, details=details, zones=zones
        )
        if number.warning:
            lines["warning"] = _("Warning: {warning}").format(warning=number.warning)
        if len(number.zones) > 1:
            if proposal.zone_choice:
                lines["zones"] = _("Caller's zone: {zone} (picked; z all for every zone).").format(zone=proposal.zone_choice)
            else:
                lines["zones"] = _(
                    "The window must be legal in all {count} zones: {zones}. z and a name or number picks the caller's."
                ).format(count=len(number.zones), zones=_zone_list(number.zones))
    result = proposal.result
    window = result.window if result is not None else None
    if result is not None and window is not None:
        where = window.caller_zone if window.caller_zone_known else _("{zone}, one of several").format(zone=window.caller_zone)
        typed = _(" (typed in the caller's time)") if form.preset == "custom" and form.typed_in == "caller" else ""
        lines["window"] = _("Window, {label}{typed}: for you {agent} ({agent_zone}); for the caller {caller} ({where}).").format(
            label=_(PRESET_LABELS[window.preset]),
            typed=typed,
            agent=window.agent_text,
            agent_zone=window.agent_zone,
            caller=window.caller_text,
            where=where,
        )
        for index, note in enumerate(result.notes):
            lines[f"note{index}"] = _("Note: {note}").format(note=note)
    if proposal.ok and window is not None:
        lines["say"] = _("Say: {sentence}").format(sentence=readback(window, number.reading, now, invite=bool(proposal.email)))
    else:
        lines["say"] = _("Cannot promise yet: {problem}").format(problem=proposal.problem)
    return lines


class LineCallback:
    """One /callback dialog on the live call: the form, what was last said, the questions until a promise or x."""

    def __init__(self, io: LineIO, desk: DeskServices, session: CallSession) -> None:
        self.io = io
        self.desk = desk
        self.session = session
        self.said: dict[str, str] = {}

    def run(self, argument: str) -> None:
        io, desk, session = self.io, self.desk, self.session
        state = session.call.state
        rules = cb.window_rules(desk)
        form = CallbackForm(number=state.caller or state.caller_input)

        def zones_of(number: str) -> tuple[str, ...]:
            return check_number(number, desk.config.default_region, lookups=False).zones

        change = read_change(argument, form, zones_of) if argument.strip() else Change(form)
        first = True
        while True:
            if change.problem:
                io.write(change.problem)
            form = change.form
            if change.action == "cancel":
                io.write(_("Nothing was promised."))
                return
            now = desk.clock.now_utc()
            proposal = propose_callback(rules, form, desk.config.default_region, now, lookups=True)
            form = replace(form, zone_choice=proposal.zone_choice)
            lines = proposal_lines(proposal, form, now)
            if change.action == "promise":
                if proposal.ok and lines["say"] == self.said.get("say"):
                    self.promise(proposal)  # exactly what was read out
                    return
                if proposal.ok:
                    io.write(_("The time moved on since that was said; here is the window now. Enter promises it."))
                else:
                    io.write(_("Not promised: {problem}").format(problem=proposal.problem))
            self.say(lines, again=change.action == "help")
            if first or change.action == "help":
                io.write(_(HELP))
            first = False
            answer = io.ask(_("callback (Enter promises, ? help, x leave)> "), "", cancel="x")
            if not session.call.live:
                return
            change = read_change(answer, form, zones_of)

    def say(self, lines: dict[str, str], again: bool) -> None:
        """Say what changed since the last time (a screen reader is not made to hear it all twice)."""
        for key, text in lines.items():
            if again or self.said.get(key) != text:
                self.io.write(text)
        self.said = dict(lines)

    def promise(self, proposal: Proposal) -> None:
        """The one promise sequence (tui.services.callbacks): invite, journaled event, then the lines saying so."""
        now = self.desk.clock.now_utc()
        commitment = cb.new_commitment(self.desk, self.session.call, proposal, now)
        cb.promise_callback(
            self.desk, self.session, commitment, now, tell=lambda sentence, _level: self.io.write(sentence), again="/callback"
        )
