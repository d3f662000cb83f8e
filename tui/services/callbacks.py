"""Wiring for callback commitments, shared by the desk's F5 panel and the callback queue.

Window rules from config, the invite written before anything says a promise is made, optional
SMTP sending, and the queue read from the history plus the queue actions. Functions that touch
the disk or the network block: front ends call them from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from zoneinfo import ZoneInfo

import tui.domain.call.events as ev
from tui.config.callback import SmtpConfig
from tui.config.data_files import shipped_calling_hours
from tui.config.settings import Config
from tui.domain.call.live import LiveCall
from tui.domain.callback.commitments import QueueEntry, build_queue, cancelled_action, kept_action, rescheduled_action
from tui.domain.callback.contact import warm_up as warm_numbers
from tui.domain.callback.invite import Commitment, cancel, commitment_index, event_fields, from_event, make_commitment, reschedule
from tui.domain.callback.proposal import CallbackForm, Proposal
from tui.domain.callback.window import Window, WindowRules
from tui.domain.text.local_dates import short_date
from tui.services.session import CallSession, DeskServices
from tui.services.sync import append_action
from tui.store.callback_actions import read_actions
from tui.store.history import History
from tui.store.outbox import OutboxError, issue_invite, send_email
from tui.store.team.exchange import action_id
from tui.support.i18n import _

QUEUE_DAYS = 186  # the queue reads about six months of history: never the whole of it


def build_rules(config: Config) -> WindowRules:
    """The desk's window rules: business hours, the shipped calling hours under config's overrides."""
    calling = shipped_calling_hours()
    if config.calling_hours:
        calling = calling.with_overrides(config.calling_hours, str(config.source or "config.toml"))
    length = timedelta(minutes=config.callback_minutes)
    return WindowRules(
        config.timezone,
        business=config.business_hours,
        calling=calling,
        length=length,
        min_length=min(timedelta(minutes=30), length),
    )


def window_rules(desk: DeskServices) -> WindowRules:
    """Built once per desk (a small file read): by warm_up in a worker, or on first use."""
    if desk.callback_rules is None:
        desk.callback_rules = build_rules(desk.config)
    return desk.callback_rules


def warm_up(desk: DeskServices) -> None:
    """For the app's start-up worker: phonenumbers' data, icalendar, the rules, so F5 never stalls."""
    regions = tuple(dict.fromkeys(r for r in (desk.config.default_region, "US", "GB") if r))
    warm_numbers(regions, calendar=True)
    window_rules(desk)


def sender(config: Config) -> str | None:
    return config.organizer or (config.smtp.sender if config.smtp else None)


def issue_to_outbox(desk: DeskServices, commitment: Commitment, now: datetime) -> tuple[Path, Path | None]:
    """The commitment's invite (new, rescheduled or cancelled) as .ics, and .eml when there is an
    e-mail, in the desk's outbox/, fsynced, from the configured sender. Raises OSError."""
    return issue_invite(desk.data_dir, commitment, now, sender(desk.config))


def send_invite(smtp: SmtpConfig, eml: Path) -> None:
    """Send a written .eml over the configured SMTP server. Raises OutboxError with a plain sentence."""
    send_email(message_from_bytes(eml.read_bytes(), policy=default_policy), smtp)


# -- making a promise (the desk's F5 panel and line mode's /callback) ---------------------------

Tell = Callable[[str, str], None]  # (sentence, level: info, warning or error)
InCall = Callable[[Callable[[], bool]], bool]


def run_here(step: Callable[[], bool]) -> bool:
    return step()


class NotPromised(Exception):
    """Nothing (or not everything) was promised: `stage` is where it stopped (invite, ended, journal)."""

    def __init__(self, stage: str, detail: str = "") -> None:
        super().__init__(stage, detail)
        self.stage, self.detail = stage, detail

    def sentence(self, again: str = "F5") -> str:
        """What to tell the agent; `again` names the key or command that retries."""
        if self.stage == "invite":
            return _("The callback was NOT promised: the invite could not be written ({reason}). {again} to try again.").format(
                reason=self.detail, again=again
            )
        if self.stage == "ended":
            return _("The call ended first: the invite {file} is in the outbox but the call holds no callback.").format(file=self.detail)
        return _("The invite is written but the journal is not yet on disk; keep the call open.")


def changing_form(event: dict, agent_zone: str) -> CallbackForm:
    """The form a promise of this call is opened in for change (a second /callback): its number,
    e-mail and picked zone, and its window as custom text in the agent's time ("2026-11-24 10:00-12:00")."""
    zone = ZoneInfo(agent_zone)
    start = datetime.fromisoformat(event["start"].replace("Z", "+00:00")).astimezone(zone)
    end = datetime.fromisoformat(event["end"].replace("Z", "+00:00")).astimezone(zone)
    until = "24:00" if end.date() > start.date() and end.hour == end.minute == 0 else f"{end:%H:%M}"
    return CallbackForm(
        number=event.get("number") or "",
        email=event.get("email") or "",
        preset="custom",
        custom=f"{start:%Y-%m-%d %H:%M}-{until}",
        zone_choice=event.get("zone_choice"),
    )


def new_commitment(desk: DeskServices, call: LiveCall, proposal: Proposal, now: datetime, pending: int = 0) -> Commitment:
    """The commitment for an accepted proposal. `pending`: promises still being written, not yet in
    the call's log, so a second promise made meanwhile does not reuse their UID."""
    config = desk.config
    if proposal.result is None or proposal.result.window is None:
        raise ValueError("only a proposal with a window can be promised")
    index = commitment_index(call.state.callbacks) + pending
    return make_commitment(
        call.call_id,
        index,
        proposal.number,
        proposal.result.window,
        now,
        agent=config.agent,
        email=proposal.email,
        organizer=config.organizer,
    )


def change_commitment(desk: DeskServices, call: LiveCall, event: dict, proposal: Proposal, now: datetime) -> Commitment:
    """The promise this call made earlier (its latest `callback` event), changed with a second F5 or
    /callback: the same UID and invite, SEQUENCE + 1, with the window, number and e-mail now asked for."""
    if proposal.result is None or proposal.result.window is None or proposal.number.e164 is None:
        raise ValueError("only a proposal with a number and a window can change a promise")
    earlier = from_event(event, call.call_id, agent=desk.config.agent, organizer=desk.config.organizer)
    renamed = replace(earlier, number=proposal.number.e164, reading=proposal.number.reading, email=proposal.email)
    return reschedule(renamed, proposal.result.window, now)


def promise_callback(
    desk: DeskServices, session: CallSession, commitment: Commitment, now: datetime, *, tell: Tell, again: str, in_call: InCall = run_here
) -> bool:
    """The callback promise, in its one order: the invite in the outbox, then the `callback` event on
    the live call, then the journal fsynced; only then is the agent told it is promised, and then the
    invite is e-mailed when [smtp] is set. False when it stopped short (the agent is told where).

    `tell(sentence, level)` shows a line; `again` names the key or command that retries; `in_call(step)`
    runs `step` where the live call may be changed (the desk's event loop) and returns its answer.
    Blocking (disk and network): the desk calls it from a worker thread."""
    try:
        ics, eml = _promise(desk, session, commitment, now, in_call)
    except NotPromised as error:
        tell(error.sentence(again), "error")
        return False
    tell(promised_sentence(commitment, ics), "info")
    if eml is not None and desk.config.smtp is not None:
        try:
            send_invite(desk.config.smtp, eml)
        except (OutboxError, OSError) as error:
            tell(_("The invite was not sent ({error}); it is in the outbox and the callback stands.").format(error=error), "warning")
        else:
            tell(_("Invite sent to {email}.").format(email=commitment.email), "info")
    return True


def _promise(desk: DeskServices, session: CallSession, commitment: Commitment, now: datetime, in_call: InCall) -> tuple[Path, Path | None]:
    try:
        ics, eml = issue_to_outbox(desk, commitment, now)
    except (OSError, ValueError) as error:
        raise NotPromised("invite", getattr(error, "strerror", None) or type(error).__name__) from None
    if not in_call(lambda: record_callback(session, commitment)):
        raise NotPromised("ended", ics.name)
    if not session.writer.flush(timeout=5.0):
        raise NotPromised("journal")
    return ics, eml


def record_callback(session: CallSession, commitment: Commitment) -> bool:
    """The `callback` event on the live call; False when the call ended meanwhile."""
    if not session.call.live:
        return False
    session.call.record(ev.CALLBACK, **event_fields(commitment))
    return True


def promised_sentence(commitment: Commitment, ics: Path) -> str:
    start = commitment.start.astimezone(ZoneInfo(commitment.agent_zone))
    when = f"{short_date(start.date())} {start:%H:%M %Z}"
    if commitment.sequence:
        return _("Callback changed to {time}; the same invite, sequence {sequence}, is in the outbox: {file}.").format(
            time=when, sequence=commitment.sequence, file=ics.name
        )
    return _("Callback promised for {time}; invite {file} is in the outbox.").format(time=when, file=ics.name)


# -- the queue ---------------------------------------------------------------------------------


def live_record(call: LiveCall) -> dict:
    """A live call as the queue reads records: its commitments count before it is filed."""
    return {"id": call.call_id, "events": list(call.log)}


def load_queue(desk: DeskServices, now: datetime, extra_records: Iterable[dict] = ()) -> list[QueueEntry]:
    """Commitments of the last months and the live call (`extra_records`), with their status at `now`;
    with a team database, the team's too (as this role may see them: an agent's own, a supervisor's
    every agent's), so an action on one travels to its agent (owner_of)."""
    if desk.config.team_database is not None:
        from tui.services.team_queue import team_commitments  # only a desk with a team database

        team = team_commitments(desk.config)
        if team is not None:
            records, actions = team
            return _queue(desk.history, desk.data_dir, now, extra_records, records, actions)
    return _queue(desk.history, desk.data_dir, now, extra_records)


def read_queue(data_dir: Path, now: datetime) -> list[QueueEntry]:
    """The queue from what is stored, opened read-only: `callcoach callbacks --list` beside a running desk."""
    return _queue(History(data_dir, read_only=True), data_dir, now)


def _queue(
    history: History,
    data_dir: Path,
    now: datetime,
    extra_records: Iterable[dict] = (),
    team_records: Iterable[dict] = (),
    team_actions: Iterable[dict] = (),
) -> list[QueueEntry]:
    extra = list(extra_records)
    known = {record["id"] for record in extra}
    records = [r for r in history.calls(since=now - timedelta(days=QUEUE_DAYS)) if r.get("id") not in known]
    known |= {record.get("id") for record in records}
    records += [record for record in team_records if record["id"] not in known]  # colleagues' (a supervisor's view)
    actions = read_actions(data_dir)
    here = {action_id(action) for action in actions}
    actions += [action for action in team_actions if action_id(action) not in here]
    return build_queue(records + extra, actions, now)


def owner_of(entry: QueueEntry, config: Config) -> str:
    """Whose commitment this is: a colleague's when it was read from the team database, else ours."""
    from tui.services.team_queue import OWNERS  # a dict, empty without a team database

    return OWNERS.get(entry.uid, config.agent)


def _slim(record: dict) -> dict | None:
    """Only what the queue reads from a call: its callbacks and a link to the commitment it kept."""
    events = [
        event
        for event in record.get("events", ())
        if event.get("type") == ev.CALLBACK or (event.get("type") == ev.STARTED and event.get("callback_uid"))
    ]
    return {"id": record.get("id", ""), "events": events} if events else None


class QueueCache:
    """The desk's once-a-minute view of the queue: a month of history is re-read only when it
    changed (History.stamp), so the refresh costs two stats per month and the small actions file."""

    def __init__(self, desk: DeskServices) -> None:
        self.desk = desk
        self._months: dict[str, tuple[list, list[dict]]] = {}

    def entries(self, now: datetime, extra_records: Iterable[dict] = ()) -> list[QueueEntry]:
        history = self.desk.history
        first = f"{now - timedelta(days=QUEUE_DAYS):%Y-%m}"
        records: list[dict] = []
        for key in history.partitions():
            if key < first:
                break
            stamp = history.stamp(key)  # the month file and the calls appended to it since
            if stamp == [None, None]:
                continue
            cached = self._months.get(key)
            if cached is None or cached[0] != stamp:
                start = datetime.strptime(key, "%Y-%m").replace(tzinfo=UTC)  # months are UTC
                end = (start + timedelta(days=32)).replace(day=1)
                slim = [r for r in map(_slim, history.calls(since=start, until=end)) if r is not None]
                cached = self._months[key] = (stamp, slim)
            records.extend(cached[1])
        extra = list(extra_records)
        known = {record["id"] for record in extra}
        records = [record for record in records if record["id"] not in known] + extra
        return build_queue(records, read_actions(self.desk.data_dir), now)


def _commitment(desk: DeskServices, entry: QueueEntry) -> Commitment:
    return from_event(entry.fields, entry.call_id, agent=desk.config.agent, organizer=desk.config.organizer)


def mark_kept(desk: DeskServices, entry: QueueEntry, now: datetime, call_id: str | None = None) -> None:
    append_action(desk.config, desk.data_dir, kept_action(entry.uid, now, call_id), agent=owner_of(entry, desk.config))


def keep_linked(desk: DeskServices, uid: str, now: datetime, call_id: str) -> None:
    """The callback call `call_id` was filed with "mark the callback kept": the commitment it was
    started from is kept now (early when its window has not opened yet)."""
    append_action(desk.config, desk.data_dir, kept_action(uid, now, call_id))


def original_call(desk: DeskServices, call_id: str) -> dict | None:
    """The filed call a commitment was promised in (for the callback call started from it). Blocking."""
    return desk.history.get(call_id)


def reschedule_entry(desk: DeskServices, entry: QueueEntry, window: Window, now: datetime) -> tuple[Commitment, Path]:
    """A new window for a commitment: the new invite (same UID, SEQUENCE + 1) first, then the action."""
    moved = reschedule(_commitment(desk, entry), window, now)
    ics, _ = issue_to_outbox(desk, moved, now)
    append_action(desk.config, desk.data_dir, rescheduled_action(event_fields(moved), now), agent=owner_of(entry, desk.config))
    return moved, ics


def cancel_entry(desk: DeskServices, entry: QueueEntry, now: datetime, reason: str = "") -> tuple[Commitment, Path]:
    """Withdraw a commitment: the METHOD:CANCEL invite first, then the action."""
    cancelled = cancel(_commitment(desk, entry))
    ics, _ = issue_to_outbox(desk, cancelled, now)
    action = cancelled_action(cancelled.uid, cancelled.sequence, now, reason)
    append_action(desk.config, desk.data_dir, action, agent=owner_of(entry, desk.config))
    return cancelled, ics
