"""`callcoach event` and `callcoach call --caller` as a softphone runs them: the real program in a
child process, talking to a desk running (under Pilot) on the same data directory."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
from pathlib import Path

from benchlib.terminal import callcoach_command
from benchlib.world import clean_env
from tests.phone.desk_driver import banner, desk_screen, settle, until
from tui.app.base import desk_app
from tui.store.datadir import phone_socket_path
from tui.store.lock import DeskLock


def run_callcoach(tmp_path: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    config = tmp_path / "config.toml"
    config.write_text('agent = "Ana"\ntimezone = "Europe/London"\ndefault_region = "GB"\n')
    env = clean_env(tmp_path / "home", config)
    return subprocess.run([*callcoach_command(), "--data-dir", str(data_dir), *args], env=env, capture_output=True, text=True, timeout=60)


def test_no_desk_running_is_one_sentence_and_exit_1(tmp_path, data_dir):
    result = run_callcoach(tmp_path, data_dir, "event", "ringing", "--caller", "+16502530000")
    assert result.returncode == 1
    assert result.stderr.strip() == f"callcoach: no desk is running on {data_dir}; start one with `callcoach` (and the same --data-dir)."
    assert result.stdout == ""


def test_a_bad_kind_is_a_usage_error(tmp_path, data_dir):
    assert run_callcoach(tmp_path, data_dir, "event", "transfer").returncode == 2


async def test_events_reach_the_running_desk(tmp_path, data_dir, desk):
    app = desk_app(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await settle(pilot)
        await until(pilot, lambda: screen.phone.hub is not None and screen.phone.hub.listening)
        socket = phone_socket_path(data_dir)
        assert stat.S_ISSOCK(os.stat(socket).st_mode) and stat.S_IMODE(os.stat(socket).st_mode) == 0o600
        result = await asyncio.to_thread(
            run_callcoach, tmp_path, data_dir, "event", "ringing", "--caller", "+1 650 253 0000", "--ref", "pbx-9"
        )
        assert (result.returncode, result.stderr) == (0, "")
        assert "Ringing: +1 650-253-0000" in banner(pilot)
        result = await asyncio.to_thread(run_callcoach, tmp_path, data_dir, "event", "answered", "--ref", "pbx-9")
        assert result.returncode == 0 and screen.live and screen.call.state.caller == "+16502530000"
        result = await asyncio.to_thread(run_callcoach, tmp_path, data_dir, "event", "ended", "--ref", "pbx-9", "--by", "caller")
        assert result.returncode == 0 and screen.call.state.ended_by == "caller"
    assert not phone_socket_path(data_dir).exists()  # the desk closed: the socket went with it


async def test_call_hands_the_call_to_the_running_desk(tmp_path, data_dir, desk):
    app = desk_app(desk)
    lock = DeskLock(data_dir)
    lock.acquire()  # the desk the CLI would have opened holds the data directory
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = desk_screen(app)
            await settle(pilot)
            await until(pilot, lambda: screen.phone.hub is not None and screen.phone.hub.listening)
            result = await asyncio.to_thread(run_callcoach, tmp_path, data_dir, "call", "--caller", "020 7031 3000")
            assert result.returncode == 0, result.stderr
            assert "took the call" in result.stderr
            assert screen.live and screen.call.state.caller == "+442070313000"
    finally:
        lock.release()
