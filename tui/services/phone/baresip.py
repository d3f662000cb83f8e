"""baresip's ctrl_tcp module as a source of phone events and a place to send commands.

Runs on the front end's asyncio loop and never blocks it: connecting, reading and writing are
awaited; a command is written and its answer read later (a refusal becomes a status sentence).
When baresip is not there, restarts, or sends something that is not a netstring of JSON, the link
says so once, quietly, and tries again with a growing pause; the call in progress is never touched.

baresip 1.0 (Debian bookworm): CALL_INCOMING, CALL_ESTABLISHED and CALL_CLOSED events carry the
call `id` and the peer's URI; hold and resume send no event. Commands act on baresip's current
call, which a second incoming call changes, so each one is sent after `callfind <id>`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Callable
from urllib.parse import unquote

from tui.domain.call import phone_events as pe
from tui.services.phone.netstring import NetstringDecoder, NetstringError, encode
from tui.support.i18n import _

SOURCE = "baresip"
CONNECT_SECONDS = 2.0
RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0)  # then every 8 s
YIELD_EVERY = 64  # frames handled before letting the loop run keys and redraws (a flood of events)

EventSink = Callable[[pe.PhoneEvent], None]
StatusSink = Callable[[str, str], None]  # (sentence, level)


class AddressError(ValueError):
    pass


def parse_address(text: str) -> tuple[str, int]:
    """ "HOST:PORT" (or "[v6]:PORT") -> (host, port); AddressError says what to write."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise AddressError('baresip must be "HOST:PORT", e.g. "127.0.0.1:4444"')
    return host, int(port)


def caller_from_uri(uri: str) -> str:
    """The user part of a SIP URI, the caller's number as their phone sent it:
    'sip:+16502530000@10.0.0.1:5060;transport=udp' -> '+16502530000'."""
    text = uri.strip()
    if "<" in text and ">" in text:  # "Name" <sip:...>
        text = text[text.index("<") + 1 : text.rindex(">")]
    for scheme in ("sips:", "sip:", "tel:"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :]
            break
    user = text.split("@", 1)[0] if "@" in text else text
    return unquote(user.split(";", 1)[0])[: pe.MAX_CALLER]


def phone_event(message: dict) -> pe.PhoneEvent | None:
    """A ctrl_tcp event as a phone event, or None for the many events that are not about a call."""
    kind = message.get("type")
    ref = str(message.get("id") or "")
    caller = caller_from_uri(str(message.get("peeruri") or ""))
    if kind == "CALL_INCOMING":
        return pe.PhoneEvent(pe.RINGING, ref, caller, source=SOURCE)
    if kind == "CALL_ESTABLISHED":
        return pe.PhoneEvent(pe.ANSWERED, ref, caller, source=SOURCE)
    if kind in ("CALL_HOLD", "CALL_RESUME"):  # later baresip versions report these
        return pe.PhoneEvent(pe.HOLD if kind == "CALL_HOLD" else pe.RESUME, ref, caller, source=SOURCE)
    if kind == "CALL_CLOSED":
        reason = str(message.get("param") or "").lower()
        by = "agent" if "by user" in reason else "caller" if "by peer" in reason else ""
        return pe.PhoneEvent(pe.ENDED, ref, caller, by=by, source=SOURCE)
    return None


class BaresipLink:
    """One ctrl_tcp connection, kept up for the desk's whole life (`run` until cancelled)."""

    def __init__(self, address: str, on_event: EventSink, on_status: StatusSink) -> None:
        self.host, self.port = parse_address(address)
        self.on_event = on_event
        self.on_status = on_status
        self.connected = False
        self._writer: asyncio.StreamWriter | None = None
        self._tokens = itertools.count(1)
        self._pending: dict[str, str] = {}  # token -> command, for a refusal's sentence
        self.events_seen = 0  # frames read (for tests and the bench)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    async def run(self) -> None:
        failures = 0
        said_down = False
        while True:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), CONNECT_SECONDS)
            except (TimeoutError, OSError) as error:
                if not said_down:
                    reason = getattr(error, "strerror", None) or _("no answer")
                    self.on_status(
                        _("Phone: baresip at {where} cannot be reached ({reason}); trying again quietly.").format(
                            where=self.where, reason=reason
                        ),
                        "warning",
                    )
                    said_down = True
                await asyncio.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
                continue
            failures = 0
            said_down = False
            self._writer, self.connected = writer, True
            self.on_status(_("Phone: connected to baresip at {where}.").format(where=self.where), "info")
            try:
                problem = await self._read(reader)
            finally:
                self.connected, self._writer = False, None
                self._pending.clear()
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()
            self.on_status(problem or _("Phone: baresip at {where} went away; reconnecting.").format(where=self.where), "warning")
            said_down = True
            await asyncio.sleep(RETRY_SECONDS[0])

    async def _read(self, reader: asyncio.StreamReader) -> str | None:
        """Handle frames until the connection ends (None) or cannot be trusted (the sentence)."""
        decoder = NetstringDecoder()
        handled = 0
        while True:
            try:
                data = await reader.read(65536)
            except OSError:
                return None
            if not data:
                return None
            try:
                frames = decoder.feed(data)
            except NetstringError:
                return _("Phone: baresip at {where} sent something that is not ctrl_tcp; reconnecting.").format(where=self.where)
            for frame in frames:
                self._handle(frame)
                handled += 1
                if handled % YIELD_EVERY == 0:
                    await asyncio.sleep(0)

    def _handle(self, frame: bytes) -> None:
        self.events_seen += 1
        try:
            message = json.loads(frame)
        except (ValueError, UnicodeDecodeError):
            self.on_status(_("Phone: a message from baresip was not JSON; it was ignored."), "warning")
            return
        if not isinstance(message, dict):
            self.on_status(_("Phone: a message from baresip was not JSON; it was ignored."), "warning")
            return
        if message.get("response"):
            command = self._pending.pop(str(message.get("token")), None)
            if command and message.get("ok") is False:
                self.on_status(_("Phone: baresip refused '{command}'.").format(command=command), "warning")
            return
        if message.get("event"):
            try:
                event = phone_event(message)
            except ValueError:
                return
            if event is not None:
                self.on_event(event)

    # -- commands --------------------------------------------------------------------------------

    def send(self, command: str, ref: str = "") -> bool:
        """Write `command` for call `ref` (accept, hold, resume, hangup); False when not connected.
        The answer is read later: the desk never waits for the phone."""
        if self._writer is None or self._writer.is_closing():
            self.on_status(_("Phone: not connected to baresip; '{command}' was not sent.").format(command=command), "warning")
            return False
        frames = b""
        if ref:
            frames += self._frame("callfind", ref, remember=False)
        frames += self._frame(command, "")
        self._writer.write(frames)
        return True

    def _frame(self, command: str, params: str, remember: bool = True) -> bytes:
        token = f"cc{next(self._tokens)}"
        if remember:
            self._pending[token] = command
        return encode(json.dumps({"command": command, "params": params, "token": token}).encode())
