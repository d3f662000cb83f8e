"""The desk's phone socket on its own: a data directory whose path is too long for a Unix socket
address still works (Linux: through /proc/self/fd), a stale socket file is replaced, and the
socket is private."""

from __future__ import annotations

import asyncio
import os
import stat

from tui.domain.call import phone_events as pe
from tui.services.phone.local_socket import SUN_PATH_MAX, EventSocket, NoDesk, send_events
from tui.store.datadir import phone_socket_path, prepare_data_dir


async def serve_and_send(data_dir, events):
    heard = []
    server = EventSocket(data_dir, heard.append)
    await server.start()
    try:
        mode = stat.S_IMODE(os.stat(phone_socket_path(data_dir)).st_mode)
        await asyncio.to_thread(send_events, data_dir, events)
    finally:
        await server.close()
    return heard, mode


def test_a_long_data_dir_path(tmp_path):
    data_dir = prepare_data_dir(tmp_path / ("long-folder-name-" * 8))
    assert len(str(phone_socket_path(data_dir))) > SUN_PATH_MAX
    heard, mode = asyncio.run(serve_and_send(data_dir, [pe.PhoneEvent("ringing", "r", "+16502530000")]))
    assert [(e.kind, e.ref, e.caller, e.source) for e in heard] == [("ringing", "r", "+16502530000", "event")]
    assert mode == 0o600
    assert not phone_socket_path(data_dir).exists()  # closed: gone


def test_a_stale_socket_file_is_replaced_and_no_desk_is_said_plainly(tmp_path):
    data_dir = prepare_data_dir(tmp_path / "d")
    phone_socket_path(data_dir).write_bytes(b"")  # left by a desk that was killed
    try:
        send_events(data_dir, [pe.PhoneEvent("ended")])
        raise AssertionError("a file that nobody listens on is no desk")
    except NoDesk:
        pass
    heard, _mode = asyncio.run(serve_and_send(data_dir, [pe.PhoneEvent("hold"), pe.PhoneEvent("resume")]))
    assert [event.kind for event in heard] == ["hold", "resume"]
