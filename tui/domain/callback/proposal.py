"""What a callback commitment would promise now, from what the agent has typed or picked.

Shared by the desk's F5 panel and line mode's /callback: both keep a CallbackForm (number, e-mail,
preset, custom text, whose time it is typed in, the picked zone) and derive a Proposal from it on
every change. Pure and fast (well under a millisecond once phonenumbers is warm).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from tui.domain.callback.contact import NumberCheck, check_number
from tui.domain.callback.custom_text import custom_window, parse_custom
from tui.domain.callback.intervals import zone_info
from tui.domain.callback.window import WindowResult, WindowRules, compute_window, propose
from tui.domain.text.email_address import valid_email
from tui.domain.text.redact import mask_sensitive
from tui.support.i18n import _

# One key (or word) per window: the panel's keys 1-5, and line mode's `/callback 24h` words.
PRESET_KEYS = {"1": "within_2h", "2": "later_today", "3": "within_24h", "4": "next_business_morning", "5": "custom"}
PRESET_WORDS = {"2h": "within_2h", "today": "later_today", "24h": "within_24h", "morning": "next_business_morning", "custom": "custom"}


@dataclass(frozen=True)
class CallbackForm:
    """The agent's inputs. `preset` None means the proposal (DESIGN.md): what Enter accepts untouched."""

    number: str = ""
    email: str = ""
    preset: str | None = None
    custom: str = ""
    typed_in: str = "agent"  # whose time a custom window is typed in: "agent" or "caller"
    zone_choice: str | None = None  # the caller's zone, picked among the number's zones


@dataclass(frozen=True)
class Proposal:
    """What Enter would promise now, or why it cannot."""

    number: NumberCheck
    result: WindowResult | None
    email: str | None
    problem: str | None  # the first thing that stops a commitment
    zone_choice: str | None = None  # the form's pick, dropped when the number does not have that zone

    @property
    def ok(self) -> bool:
        return self.problem is None and self.result is not None and self.result.ok


def propose_callback(
    rules: WindowRules,
    form: CallbackForm,
    region: str | None,
    now: datetime,
    *,
    lookups: bool,
) -> Proposal:
    """The proposal for `form` at `now`; `lookups=False` leaves the place and carrier out (not loaded yet)."""
    number = check_number(form.number, region, lookups=lookups)
    if form.zone_choice is not None and form.zone_choice not in number.zones:
        form = replace(form, zone_choice=None)
    email = form.email.strip() or None
    result = window_for(rules, form, number, now) if number.ok else None
    problem = None
    if not number.ok:
        problem = _("The number cannot be called back: {problem}.").format(problem=number.problem)
        if unreadable := _unreadable_custom(rules, form, now):
            problem += " " + _("And the window: {problem}").format(problem=unreadable)  # both at once
    elif email is not None and mask_sensitive(email)[1]:
        problem = _("The e-mail holds a card number; clear it (it is never stored).")
    elif email is not None and not valid_email(email):
        problem = _("{email} is not an e-mail address; correct it or clear it.").format(email=repr(email))
    elif result is not None and not result.ok:
        problem = result.problem
    return Proposal(number, result, email, problem, form.zone_choice)


def _unreadable_custom(rules: WindowRules, form: CallbackForm, now: datetime) -> str | None:
    """Why custom window text cannot be read, said beside a bad number (which stops the window's
    hours being checked at all): words that are no window need no number to be refused."""
    if form.preset != "custom" or not form.custom.strip():
        return None
    read = parse_custom(form.custom, now.astimezone(zone_info(rules.agent_zone)).date(), form.typed_in)
    return read if isinstance(read, str) else None


def window_for(rules: WindowRules, form: CallbackForm, number: NumberCheck, now: datetime) -> WindowResult:
    """The window the form asks for (the proposal, a preset, or custom text) for a checked number."""
    if form.preset is None:
        return propose(rules, number, now, zone_choice=form.zone_choice)
    if form.preset != "custom":
        return compute_window(rules, number, form.preset, now, zone_choice=form.zone_choice)
    return custom_window(rules, number, form.custom, now, typed_in=form.typed_in, zone_choice=form.zone_choice)
