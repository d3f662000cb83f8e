"""/callback in line mode: the same commitment as the desk's F5 panel, as plain lines.

`/callback [window] [number] [zone Z] [email E]` fills the form (the caller's number and the
proposed window by default), then says the number check, the window in both times and the
sentence to read aloud, one plain line each, and asks one question: Enter promises what was said.
Any other answer changes the form and the changed lines are said again: a window (1-4, 2h, today,
24h, morning, or a day and from-to such as "tomorrow 10-12"), a number (+44..., or n NUMBER),
z ZONE (a city or the zone's place in the list, for numbers spread over several zones), e EMAIL,
t (a custom window typed in the caller's time, or back in yours), x to leave with nothing promised.
A line is a number only when it reads as one (tui.domain.callback.phone.reads_as_number); words that
are neither a window nor a number are a note of the call, stamped when their typing began, and the
form stays as it was. In a call that holds a promise, /callback opens it for change (the same
invite, SEQUENCE + 1); `/callback new` makes a second, separate one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import tui.services.callbacks as cb
from tui.domain.callback.clock_text import starts_like_a_time
from tui.domain.callback.contact import check_number
from tui.domain.callback.custom_text import custom_form, parse_custom
from tui.domain.callback.phone import reads_as_number
from tui.domain.callback.proposal import PRESET_KEYS, PRESET_WORDS, CallbackForm, Proposal, propose_callback
from tui.domain.callback.readback import readback
from tui.domain.callback.window import PRESET_LABELS
from tui.domain.text.timefmt import clock_text
from tui.line.io import LineIO
from tui.services.session import CallSession, DeskServices
from tui.support.i18n import N_, _

HELP = N_(
    "Enter promises it. Or type: 1-4 or 2h, today, 24h, morning for a window; a window as you say it "
    "(tomorrow 2pm-4pm, fri 14-16, tomorrow afternoon) for your own; a number (+44 ..., or n NUMBER); z and a "
    "city or place in the list to pick the caller's zone (z all: every zone); e and an e-mail for the invite; "
    "t for a window typed in the caller's time; x to leave with nothing promised. Any other words are kept as a note."
)
ZONES_LISTED = 6
# A line of one word that is an action, not a change of the form.
SINGLE_WORDS = {"x": "cancel", "cancel": "cancel", "?": "help", "help": "help", "t": "t", "new": "new"}
ANY_DAY = date(2000, 1, 3)  # telling a custom window from a number needs its shape only, not its day


@dataclass(frozen=True)
class Change:
    """One line of the agent's, read: a new form, or what to do (promise, cancel, help, new, note), or why not."""

    form: CallbackForm
    action: str = "show"  # show, promise, cancel, help, new (a separate promise), note (words: the line is a note)
    problem: str | None = None


def read_change(text: str, form: CallbackForm, zones_of: Callable[[str], tuple[str, ...]], region: str | None = None) -> Change:
    """Apply one typed line to the form. `zones_of(number)`: a number's zones, for `z` (after any new
    number); `region`: the desk's default region, to tell a national number from words. A line that
    reads as neither a window nor a number leaves the form as it was: its action is "note"."""
    words = text.split()
    if not words:
        return Change(form, "promise")
    head = words[0].lower()
    if len(words) == 1 and head in SINGLE_WORDS:
        if head == "t":
            return Change(replace(form, typed_in="caller" if form.typed_in == "agent" else "agent"))
        return Change(form, SINGLE_WORDS[head])
    before = form
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
    change = _window_and_number(rest, form, region)
    if change.action == "note":
        return Change(before, "note")  # "the email bounced" is words: nothing in it changes the form
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


def _window_and_number(words: list[str], form: CallbackForm, region: str | None) -> Change:
    """What is left after zone and e-mail: a preset, custom window text, a number, in that order.
    A window is text the custom reader takes ("tomorrow 2pm-4pm"; anything after `custom` or 5); a
    number is text that reads as one; a line with anything else in it is words, a note."""
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
    # The longest window first, then a number after it: "tomorrow 10-12 020 7031 3000".
    # After `custom` (or 5) comes a window; after another preset only a number.
    cuts = {None: range(len(words), -1, -1), "custom": range(len(words), 0, -1)}.get(preset, (0,))
    for cut in cuts:
        window, number = " ".join(words[:cut]), " ".join(words[cut:])
        if number and not reads_as_number(number, region):
            continue
        if cut and isinstance(parse_custom(window, ANY_DAY), str):
            continue
        if cut:
            form = replace(form, preset="custom", custom=window)
        if number:
            form = replace(form, number=number, zone_choice=None)
        return Change(form)
    if preset == "custom":
        return Change(replace(form, custom=" ".join(words)))  # what it could not read is said
    return Change(form, "note")


def began_like_a_window(text: str) -> bool:
    """Whether words that are not a window still began like one ("tomorrow 2pm-4pz"), so the
    custom reader's refusal is worth saying beside the note they became."""
    first = text.split()[0]
    return starts_like_a_time(text.lower()) or first[0].isdigit() or not isinstance(parse_custom(f"{first} 10-12", ANY_DAY), str)


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
    """One /callback dialog on the live call: the form, what was last said, the questions until a promise or x.

    In a call that holds a promise it opens the latest one for change (Enter re-issues its invite: the
    same UID, SEQUENCE + 1); `/callback new`, or `new` at its question, makes a separate promise."""

    def __init__(self, io: LineIO, desk: DeskServices, session: CallSession) -> None:
        self.io = io
        self.desk = desk
        self.session = session
        self.said: dict[str, str] = {}
        self.changing: dict[str, Any] | None = None  # the promise being changed (its latest `callback` event)

    def run(self, argument: str, began: float | None = None) -> None:
        """`argument`: what followed /callback; `began`: when its typing began (a line of words is a note then)."""
        io, desk, session = self.io, self.desk, self.session
        rules = cb.window_rules(desk)
        region = desk.config.default_region
        words = argument.split()
        separate = bool(words) and words[0].lower() == "new"
        form = self.open(separate, rules.agent_zone)
        argument = " ".join(words[1:]) if separate else argument

        def zones_of(number: str) -> tuple[str, ...]:
            return check_number(number, region, lookups=False).zones

        change = read_change(argument, form, zones_of, region) if argument.strip() else Change(form)
        answer, first = argument, True
        while True:
            if change.problem:
                io.write(change.problem)
            if change.action == "note":
                self.keep_note(answer, began)
            elif change.action == "new":
                change = Change(self.open(True, rules.agent_zone))
                continue
            form = change.form
            if change.action == "cancel":
                io.write(_("Nothing was changed.") if self.changing else _("Nothing was promised."))
                return
            now = desk.clock.now_utc()
            proposal = propose_callback(rules, form, region, now, lookups=True)
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
            asked = io.question(_("callback (Enter promises, ? help, x leave)> "))
            if not session.call.live:
                return
            began = io.began
            if asked is None:  # the question was left
                change = Change(form, "cancel")
            else:
                answer = asked
                change = read_change(answer, form, zones_of, region)

    def open(self, separate: bool, agent_zone: str) -> CallbackForm:
        """The form to start from, saying which promise this is: the latest promise of the call for
        change, or (none yet, or `separate`) a new one with the caller's number."""
        promised = self.session.call.state.callbacks
        self.changing = promised[-1] if promised and not separate else None
        self.said = {}
        if self.changing is not None:
            at = clock_text(float(self.changing["t"]))
            self.io.write(
                _("Changing the callback promised at {at}: Enter re-issues the same invite; new asks for a separate one.").format(at=at)
            )
            return cb.changing_form(self.changing, agent_zone)
        if promised:
            self.io.write(_("A second, separate callback: Enter promises it with its own invite."))
        state = self.session.call.state
        return CallbackForm(number=state.caller or state.caller_input)

    def keep_note(self, text: str, began: float | None) -> None:
        """A line of words, not a window or a number: a note of the call, the form untouched."""
        reason = _("That reads as neither a window nor a number, so the callback is unchanged.")
        if began_like_a_window(text):
            problem = parse_custom(text, self.desk.clock.now_utc().date())
            if isinstance(problem, str):
                reason = _("That is not a window: {problem}").format(problem=problem)
        self.io.keep(text, began, reason)

    def say(self, lines: dict[str, str], again: bool) -> None:
        """Say what changed since the last time (a screen reader is not made to hear it all twice)."""
        for key, text in lines.items():
            if again or self.said.get(key) != text:
                self.io.write(text)
        self.said = dict(lines)

    def promise(self, proposal: Proposal) -> None:
        """The one promise sequence (tui.services.callbacks): invite, journaled event, then the lines saying so.
        A change re-issues the promise it changes: the same UID, SEQUENCE + 1."""
        now = self.desk.clock.now_utc()
        if self.changing is not None:
            commitment = cb.change_commitment(self.desk, self.session.call, self.changing, proposal, now)
        else:
            commitment = cb.new_commitment(self.desk, self.session.call, proposal, now)
        cb.promise_callback(
            self.desk, self.session, commitment, now, tell=lambda sentence, _level: self.io.write(sentence), again="/callback"
        )
