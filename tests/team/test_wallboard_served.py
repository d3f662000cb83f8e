"""`callcoach wallboard --serve`: the wallboard in a real headless browser (Debian's chromium):
the page shows an agent's row and follows a step change, as the role in the address may see."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.team.browser import Browser, chromium, free_port
from tui.services.live import LivePublisher


def missing_browser():
    if os.environ.get("CALLCOACH_REQUIRE_POSTGRES") == "1":
        pytest.fail("chromium is required with the team tests (scripts/team_tools installs it as root)")
    pytest.skip("no chromium here; scripts/team_tools installs it as root")


async def test_the_served_wallboard_shows_a_row_and_follows_a_step_change(team, tmp_path):
    if chromium() is None:
        missing_browser()
    port = free_port()
    env = {**os.environ, "CALLCOACH_DATABASE_URL": team.url("sue"), "COLUMNS": "120", "LINES": "30"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "--data-dir", str(tmp_path / "sue"), "wallboard", "--serve", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    publisher = LivePublisher(team.url("ana"), "Ana", "machine-1")
    publisher.start()
    try:
        assert "http://127.0.0.1:" in server.stdout.readline()  # 127.0.0.1 unless told otherwise
        publisher.offer(
            {"state": "on call", "step": "listen", "step_title": "Listen", "step_seconds": 3.0, "step_target": 60.0, "call_seconds": 3.0}
        )
        async with Browser(f"http://127.0.0.1:{port}/") as browser:
            await browser.wait_for("Listen", timeout=60)
            assert "Ana" in await browser.seen()
            publisher.offer(
                {
                    "state": "on call",
                    "step": "apologize",
                    "step_title": "Apologize",
                    "step_seconds": 1.0,
                    "step_target": 30.0,
                    "call_seconds": 70.0,
                }
            )
            await browser.wait_for("Apologize", timeout=10)
            await browser.screenshot(tmp_path / "wallboard.png")
            assert (tmp_path / "wallboard.png").stat().st_size > 1000
    finally:
        publisher.stop()
        server.terminate()
        server.wait(10)
