"""`callcoach event` and `callcoach call` talk to the running desk over a Unix socket in its data
directory (phone.sock, mode 0600 inside the 0700 directory): one line of JSON in, one line out.

    {"kind": "ringing", "caller": "+16502530000", "ref": "pbx-41"}   ->   ok
                                                                      or  refused: <one sentence>

The desk side (`EventSocket`) runs on the desk's asyncio loop; the client side (`send_events`)
blocks for at most a few seconds and is for the commands, never the desk.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
from collections.abc import Callable, Iterable
from pathlib import Path

from tui.domain.call import phone_events as pe
from tui.store.datadir import phone_socket_path
from tui.support.i18n import _

SOURCE = "event"
LINE_LIMIT = 4096
CLIENT_SECONDS = 3.0
SUN_PATH_MAX = 104  # sockaddr_un holds 108 bytes on Linux, 104 on the BSDs


class NoDesk(OSError):
    """No desk is listening on this data directory."""


class DeskRefused(ValueError):
    """The desk read the event and refused it; str() is its sentence."""


def event_line(event: pe.PhoneEvent) -> bytes:
    fields = {"kind": event.kind, "caller": event.caller, "ref": event.ref, "by": event.by}
    return json.dumps({key: value for key, value in fields.items() if value}).encode() + b"\n"


def parse_event_line(line: bytes) -> pe.PhoneEvent:
    """One client line as a phone event; DeskRefused says what is wrong with it."""
    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise DeskRefused(_("The event was not one line of JSON.")) from None
    if not isinstance(data, dict):
        raise DeskRefused(_("The event was not one line of JSON."))
    values = {key: data.get(key, "") for key in ("kind", "caller", "ref", "by")}
    if not all(isinstance(value, str) for value in values.values()):
        raise DeskRefused(_("The event's kind, caller, ref and by must be text."))
    if values["kind"] not in pe.KINDS:
        raise DeskRefused(_("The event must be one of {kinds}.").format(kinds=", ".join(pe.KINDS)))
    return pe.PhoneEvent(values["kind"], values["ref"], values["caller"], by=values["by"], source=SOURCE)


def _bindable(path: Path) -> tuple[str, int | None]:
    """A path short enough for sockaddr_un: the path itself, or (Linux) the same file reached
    through /proc/self/fd/N of its directory when the data dir's path is long. Returns the
    address and the directory descriptor to close afterwards."""
    if len(os.fsencode(path)) < SUN_PATH_MAX or not os.path.isdir("/proc/self/fd"):
        return str(path), None
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    return f"/proc/self/fd/{fd}/{path.name}", fd


class EventSocket:
    """The desk's end: every line read becomes a phone event handed to `on_event`."""

    def __init__(self, data_dir: Path, on_event: Callable[[pe.PhoneEvent], None], on_refused: Callable[[str], None] | None = None) -> None:
        self.path = phone_socket_path(data_dir)
        self.on_event = on_event
        self.on_refused = on_refused
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        """Listen. The desk holds the data dir's lock, so a socket file left there is stale."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        address, fd = _bindable(self.path)
        try:
            self._server = await asyncio.start_unix_server(self._serve, path=address, limit=LINE_LIMIT)
        finally:
            if fd is not None:
                os.close(fd)
        os.chmod(self.path, 0o600)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    line = await asyncio.wait_for(reader.readline(), CLIENT_SECONDS)
                except (TimeoutError, ValueError, OSError):  # ValueError: a line over the limit
                    break
                if not line:
                    break
                try:
                    event = parse_event_line(line)
                except DeskRefused as refusal:
                    writer.write(f"refused: {refusal}\n".encode())
                    if self.on_refused is not None:
                        self.on_refused(str(refusal))
                else:
                    self.on_event(event)
                    writer.write(b"ok\n")
                await writer.drain()
        except OSError:
            pass  # the client went away: it asked nothing more
        finally:
            writer.close()


def send_events(data_dir: Path, events: Iterable[pe.PhoneEvent], timeout: float = CLIENT_SECONDS) -> None:
    """Hand events to the desk running on `data_dir`, in order; returns once it took them all.
    Raises NoDesk when none listens there, DeskRefused with the desk's sentence."""
    path = phone_socket_path(data_dir)
    address, fd = _bindable(path)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect(address)
            except (FileNotFoundError, ConnectionRefusedError) as error:
                raise NoDesk(str(error)) from None
            reader = sock.makefile("rb")
            for event in events:
                sock.sendall(event_line(event))
                answer = reader.readline(LINE_LIMIT).decode("utf-8", "replace").strip()
                if answer.startswith("refused: "):
                    raise DeskRefused(answer.removeprefix("refused: "))
                if answer != "ok":
                    raise NoDesk("the desk closed the connection")
    finally:
        if fd is not None:
            os.close(fd)
