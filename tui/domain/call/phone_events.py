"""Phone events and what each one means for the desk (DESIGN.md "Phone events and after-call work").

A softphone says `ringing` (caller number, call reference), `answered`, `hold`, `resume` and
`ended` (who hung up). `PhoneCalls` remembers which phone call the desk is following and answers,
for each event, one `Reaction`: what the desk should do (the same thing its keys do) and the quiet
sentence for the status line. Pure: no clock, no I/O; the desk applies the reaction.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from tui.support.i18n import _

RINGING = "ringing"
ANSWERED = "answered"
HOLD = "hold"
RESUME = "resume"
ENDED = "ended"
KINDS = (RINGING, ANSWERED, HOLD, RESUME, ENDED)
HUNG_UP_BY = ("caller", "agent")

# What the desk does with an event (Reaction.action).
SHOW_RINGING = "show_ringing"  # show who is calling and their history; nothing else moves
START_CALL = "start_call"  # as Ctrl+N with the caller's number
PUT_ON_HOLD = "hold"  # as F8
TAKE_OFF_HOLD = "resume"  # as F8 again
HANG_UP = "hang_up"  # the call ended: wrap-up (after-call work) begins
STOP_RINGING = "stop_ringing"  # the ringing call went away unanswered
FILE_FIRST = "file_first"  # answered during a required wrap-up: the call starts once it is filed
FILE_AND_START = "file_and_start"  # answered during a wrap-up that is not required: filed as proposed, then start
SAY = "say"  # only a status line: nothing on the desk changes

MAX_REF = 128  # a call reference longer than this is cut: it is only matched, never shown whole
MAX_CALLER = 64


@dataclass(frozen=True)
class PhoneEvent:
    kind: str
    ref: str = ""  # the phone's call id (baresip) or --ref; "" when the phone gave none
    caller: str = ""  # the number as the phone gave it (the SIP From user part)
    by: str = ""  # ended: "caller", "agent" or "" (unknown)
    source: str = ""  # "baresip" or "event" (callcoach event): where commands go back to
    shown_as: str = field(default="", compare=False)  # the caller as the desk shows it (its national form)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"a phone event is one of {', '.join(KINDS)}")
        object.__setattr__(self, "ref", self.ref[:MAX_REF])
        object.__setattr__(self, "caller", self.caller[:MAX_CALLER])
        if self.by not in HUNG_UP_BY:
            object.__setattr__(self, "by", "")


@dataclass(frozen=True)
class DeskNow:
    """What the desk is doing, as far as the phone needs to know."""

    has_call: bool = False  # a call session exists (talking or in wrap-up)
    talking: bool = False  # not yet hung up
    on_hold: bool = False
    wrapup_required: bool = False  # [wrapup] required: no next call before this one is filed


@dataclass(frozen=True)
class Reaction:
    action: str
    event: PhoneEvent
    message: str = ""  # for the status line; "" says nothing
    level: str = "info"


@dataclass
class PhoneCalls:
    """Which phone call rings, which one the desk's call follows, which ones wait."""

    ringing: PhoneEvent | None = None
    current: str | None = None  # ref of the phone call the desk's call follows ("" for one typed in by hand)
    waiting: dict[str, PhoneEvent] = field(default_factory=dict)  # call waiting: rings during a call
    _finished: deque[str] = field(default_factory=lambda: deque(maxlen=32))  # late echoes of ended calls

    def react(self, event: PhoneEvent, desk: DeskNow) -> Reaction:
        handler = {
            RINGING: self._ringing,
            ANSWERED: self._answered,
            HOLD: self._hold,
            RESUME: self._hold,
            ENDED: self._ended,
        }[event.kind]
        return handler(event, desk)

    # -- the desk tells us what it did -------------------------------------------------------------

    def call_started(self, ref: str = "") -> None:
        """The desk started a call following phone call `ref` ("": a call typed in by hand)."""
        if self.ringing is not None:
            if ref and self.ringing.ref != ref:
                self.waiting[self.ringing.ref] = self.ringing  # another call was answered: this one waits
            self.ringing = None
        self.current = ref
        self.waiting.pop(ref, None)

    def call_filed(self) -> None:
        if self.current:
            self._finished.append(self.current)
        self.current = None

    def promote_waiting(self) -> PhoneEvent | None:
        """After a hang-up, a call still waiting is the one ringing now (the newest, if several)."""
        if self.ringing is None and self.waiting:
            self.ringing = self.waiting.pop(next(reversed(self.waiting)))
            return self.ringing
        return None

    def follows(self, event: PhoneEvent) -> bool:
        """The event is about the phone call the desk's call follows (an event with no ref: about
        the only call there is; a call typed in by hand follows only those)."""
        return self.current is not None and (not event.ref or event.ref == self.current)

    # -- reactions -------------------------------------------------------------------------------

    def _ringing(self, event: PhoneEvent, desk: DeskNow) -> Reaction:
        if event.ref and (event.ref == self.current or event.ref in self._finished):
            return Reaction(SAY, event)  # an echo of a call already on the desk
        if self.ringing is not None and self.ringing.ref == event.ref:
            return Reaction(SAY, event)  # the same call ringing again
        if desk.talking or self.ringing is not None:
            self.waiting[event.ref] = event
            return Reaction(SAY, event, _("Call waiting: {caller} rings; it is not answered here.").format(caller=shown(event)), "warning")
        self.ringing = event
        if desk.has_call and desk.wrapup_required:
            return Reaction(
                SHOW_RINGING,
                event,
                _("{caller} is ringing: file this wrap-up first (F10), then answer.").format(caller=shown(event)),
                "warning",
            )
        return Reaction(SHOW_RINGING, event, _("{caller} is ringing. Ctrl+N answers.").format(caller=shown(event)))

    def _answered(self, event: PhoneEvent, desk: DeskNow) -> Reaction:
        if self.follows(event) and desk.has_call:
            return Reaction(SAY, event)  # the desk answered it already (Ctrl+N), the phone confirms
        if event.ref and event.ref in self._finished:
            return Reaction(SAY, event)
        if desk.talking and self.current == "" and self.ringing is None and event.ref not in self.waiting:
            self.current = event.ref  # the agent dialled out for the call typed in by hand: follow it
            return Reaction(SAY, event)
        if desk.talking:
            self.waiting.pop(event.ref, None)
            return Reaction(
                SAY,
                event,
                _("The phone answered another call ({caller}); this desk stays with the call in progress.").format(caller=shown(event)),
                "warning",
            )
        ringing = self.ringing if self.ringing is not None and (not event.ref or self.ringing.ref == event.ref) else None
        caller = event.caller or (ringing.caller if ringing else "")
        started = PhoneEvent(
            ANSWERED, event.ref or (ringing.ref if ringing else ""), caller, source=event.source or (ringing.source if ringing else "")
        )
        if desk.has_call and desk.wrapup_required:
            return Reaction(FILE_FIRST, started, _("Answered on the phone: file this wrap-up (F10) and the new call starts."), "warning")
        if desk.has_call:
            return Reaction(
                FILE_AND_START, started, _("Answered on the phone: the last call is filed as proposed and the new call starts.")
            )
        return Reaction(START_CALL, started)

    def _hold(self, event: PhoneEvent, desk: DeskNow) -> Reaction:
        if not (self.follows(event) and desk.talking):
            return self._unknown(event)
        wanted_hold = event.kind == HOLD
        if wanted_hold == desk.on_hold:
            return Reaction(SAY, event)  # already so: the desk's F8 told the phone first
        return Reaction(PUT_ON_HOLD if wanted_hold else TAKE_OFF_HOLD, event)

    def _ended(self, event: PhoneEvent, desk: DeskNow) -> Reaction:
        if self.ringing is not None and (not event.ref or self.ringing.ref == event.ref):
            missed, self.ringing = self.ringing, None
            return Reaction(STOP_RINGING, missed, _("Missed call from {caller}: it stopped ringing.").format(caller=shown(missed)))
        if event.ref and event.ref in self.waiting:
            gone = self.waiting.pop(event.ref)
            return Reaction(SAY, gone, _("The waiting call from {caller} ended.").format(caller=shown(gone)))
        if self.follows(event) and desk.has_call:
            if not desk.talking:
                return Reaction(SAY, event)  # hung up already (F10 hung up the phone)
            return Reaction(HANG_UP, event)
        if event.ref and event.ref in self._finished:
            return Reaction(SAY, event)  # the hang-up of a call already filed
        if not desk.has_call and not event.ref:
            return Reaction(SAY, event, _("The phone says a call ended, but no call is on the desk; nothing changed."))
        return self._unknown(event)

    def _unknown(self, event: PhoneEvent) -> Reaction:
        return Reaction(
            SAY, event, _("The phone sent '{kind}' for a call this desk does not know; nothing changed.").format(kind=event.kind)
        )


def shown(event: PhoneEvent) -> str:
    return event.shown_as or event.caller or _("an unknown number")
