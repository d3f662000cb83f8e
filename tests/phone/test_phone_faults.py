"""What can go wrong with the phone (issue 17, item 6): each is a quiet status line, and the live
call and the note being typed are never touched. baresip itself where baresip is the cause; a
hostile peer on the ctrl_tcp port for bytes baresip would never send."""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import replace

import pytest

from benchlib.baresip import Baresip, free_sip_port, free_tcp_port
from tests.phone.conftest import baresip_or_skip
from tests.phone.desk_driver import banner, desk_screen, phone, settle, status, until
from tui.app.base import desk_app
from tui.app.desk.app import DeskApp
from tui.app.widgets.note_input import NoteInput
from tui.services.phone.local_socket import DeskRefused, send_events
from tui.services.phone.netstring import encode
from tui.services.session import open_desk

DRAFT = "she said the parcel was left at the wrong door"


async def call_with_a_draft(pilot, data_dir) -> None:
    """A live call from the phone, a note saved and another half typed."""
    screen = desk_screen(pilot.app)
    await phone(pilot, data_dir, "answered", "+442070313000", "live-1")
    await until(pilot, lambda: screen.live)
    await pilot.press(*"first note", "enter", *DRAFT)


def untouched(pilot) -> None:
    screen = desk_screen(pilot.app)
    assert screen.live and screen.call.talking
    assert [note.text for note in screen.call.state.notes] == ["first note"]
    assert screen.query_one(NoteInput).value == DRAFT
    assert pilot.app.focused is screen.query_one(NoteInput)


@pytest.fixture
def app_with(config, data_dir, clock):
    def build(**settings) -> DeskApp:
        return desk_app(open_desk(replace(config, **settings), data_dir, clock))

    return build


async def test_events_for_calls_the_desk_does_not_know(app_with, data_dir):
    app = app_with()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await call_with_a_draft(pilot, data_dir)
        for kind in ("hold", "resume", "ended"):
            await phone(pilot, data_dir, kind, ref="not-this-call")
            assert f"'{kind}' for a call this desk does not know" in status(pilot)
            untouched(pilot)


async def test_a_second_ringing_during_a_call_is_shown_not_answered(app_with, data_dir):
    app = app_with()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await call_with_a_draft(pilot, data_dir)
        await phone(pilot, data_dir, "ringing", "+16502530000", "second")
        assert "Call waiting: +1 650-253-0000" in status(pilot)  # named as the banner names a caller
        untouched(pilot)
        assert desk_screen(pilot.app).call.state.caller == "+442070313000"


async def test_ended_with_no_call(app_with, data_dir):
    app = app_with()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await phone(pilot, data_dir, "ended")
        assert "no call is on the desk" in status(pilot)
        assert desk_screen(pilot.app).session is None


async def test_malformed_lines_on_the_local_socket_are_refused(app_with, data_dir):
    from tui.store.datadir import phone_socket_path

    app = app_with()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await call_with_a_draft(pilot, data_dir)

        def garbage() -> list[str]:
            answers = []
            for line in (b"not json\n", b'["a list"]\n', b'{"kind": "teleport"}\n', b'{"kind": "hold", "ref": 7}\n', b"\xff\xfe\n"):
                with socket.socket(socket.AF_UNIX) as sock:
                    sock.connect(str(phone_socket_path(data_dir)))
                    sock.sendall(line)
                    answers.append(sock.makefile().readline())
            return answers

        answers = await asyncio.to_thread(garbage)
        assert all(answer.startswith("refused: ") for answer in answers)
        await pilot.pause()
        assert "was refused" in status(pilot)
        untouched(pilot)
        with pytest.raises(DeskRefused, match="must be one of"):  # what `callcoach event` prints
            await asyncio.to_thread(send_events, data_dir, [_Unchecked("teleport")])


async def test_a_flood_of_events_leaves_the_call_and_the_keys_alone(app_with, data_dir):
    from tui.domain.call import phone_events as pe

    app = app_with()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await call_with_a_draft(pilot, data_dir)
        flood = [pe.PhoneEvent(kind, f"flood-{n}", "+16502530000") for n in range(400) for kind in ("ringing", "hold", "ended")]
        sending = asyncio.create_task(asyncio.to_thread(send_events, data_dir, flood, 30.0))
        await pilot.press(*" and nobody rang")  # typing goes on while the flood arrives
        await sending
        await settle(pilot)
        screen = desk_screen(pilot.app)
        assert screen.query_one(NoteInput).value == DRAFT + " and nobody rang"
        assert screen.live and screen.call.talking and not screen.call.state.on_hold
        assert [e["type"] for e in screen.call.log] == ["started", "step", "note"]


class _Unchecked:
    """An event the desk must refuse (PhoneEvent itself would not let it be built)."""

    def __init__(self, kind: str) -> None:
        self.kind, self.ref, self.caller, self.by = kind, "", "", ""


class HostilePeer:
    """Listens where baresip's ctrl_tcp would and sends what baresip never would."""

    def __init__(self, payload: bytes, linger: float = 0.2) -> None:
        self.payload = payload
        self.linger = linger
        self.connections = 0
        self.go = asyncio.Event()  # the payload waits for this
        self.go.set()

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return f"127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def _serve(self, reader, writer) -> None:
        self.connections += 1
        try:
            await self.go.wait()
            writer.write(self.payload)
            await writer.drain()
            await asyncio.sleep(self.linger)
        except (asyncio.CancelledError, OSError):
            pass
        writer.close()


@pytest.mark.parametrize(
    "payload, said",
    [
        (b"GET / HTTP/1.1\r\n\r\n", "not ctrl_tcp"),  # not a netstring
        (b"9999999:", "not ctrl_tcp"),  # a length over the limit
        (encode(b"{not json") * 3, "not JSON"),  # netstrings, but not JSON
        (encode(b'["a", "list"]'), "not JSON"),
    ],
)
async def test_malformed_bytes_from_the_ctrl_tcp_port(app_with, data_dir, payload, said):
    peer = HostilePeer(payload)
    address = await peer.start()
    app = app_with(phone_baresip=address)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await call_with_a_draft(pilot, data_dir)
        await until(pilot, lambda: said in status(pilot) or peer.connections > 1, timeout=10)
        await until(pilot, lambda: peer.connections >= 2, timeout=10)  # it reconnects by itself
        untouched(pilot)
    peer.server.close()


async def test_a_flood_from_baresips_port(app_with, data_dir):
    frames = b"".join(encode(json.dumps({"event": True, "type": "CALL_RTCP", "class": "call", "id": "x"}).encode()) for _ in range(20000))
    frames += encode(json.dumps({"event": True, "type": "CALL_INCOMING", "id": "late", "peeruri": "sip:+16502530000@h"}).encode())
    peer = HostilePeer(frames, linger=60)
    peer.go.clear()
    address = await peer.start()
    app = app_with(phone_baresip=address)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await call_with_a_draft(pilot, data_dir)
        peer.go.set()
        await until(pilot, lambda: desk_screen(pilot.app).phone.hub.link.events_seen >= 20001, timeout=20)
        await settle(pilot)
        assert "Call waiting" in status(pilot)
        untouched(pilot)
    peer.server.close()


async def test_baresip_refusing_the_connection_then_coming_back(tmp_path, app_with, data_dir):
    """No baresip on the port: one quiet line, the desk works. baresip starts: the desk connects;
    baresip stops mid-call and starts again: the desk reconnects and the call is untouched."""
    program = baresip_or_skip()
    ctrl = free_tcp_port(set())

    sip = free_sip_port({ctrl, ctrl + 1})
    agent = Baresip(program, tmp_path / "agent", "agent", sip, ctrl)
    app = app_with(phone_baresip=agent.ctrl_address)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = desk_screen(pilot.app)
            await until(pilot, lambda: "cannot be reached" in status(pilot), timeout=10)
            await call_with_a_draft(pilot, data_dir)
            await asyncio.to_thread(agent.start)
            await until(pilot, lambda: screen.phone.hub.link.connected, timeout=20)
            assert "connected to baresip" in status(pilot) or "cannot be reached" not in status(pilot)
            await asyncio.to_thread(agent.stop)
            await until(pilot, lambda: not screen.phone.hub.link.connected, timeout=10)
            untouched(pilot)
            await asyncio.to_thread(agent.start)
            await until(pilot, lambda: screen.phone.hub.link.connected, timeout=20)
            untouched(pilot)
            assert banner(pilot) == "" or "Ringing" not in banner(pilot)
    finally:
        agent.stop()
