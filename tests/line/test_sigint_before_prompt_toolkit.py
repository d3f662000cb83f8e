"""A SIGINT that comes while a line-mode prompt is starting, before prompt-toolkit takes the signal
over, is an interrupt (the desk leaves at the idle prompt), never lost. Each prompt runs in its own
asyncio.run, which replaces Python's default SIGINT handler with one that cancels its task; a
cancellation swallowed on the way left the desk running (seen in CI: a SIGINT sent in that moment
and the program still at its prompt 30 s later). Line mode's own handler keeps asyncio's out."""

from __future__ import annotations

import asyncio
import signal

import pytest

from tui.line.desk import LineDesk


async def a_prompt_starting() -> str:
    """What the moment looks like from inside asyncio.run: a SIGINT arrives; whoever awaits next
    is cancelled and, if it swallows that, the run carries on as if nothing came."""
    signal.raise_signal(signal.SIGINT)
    try:
        await asyncio.sleep(0.05)
    except asyncio.CancelledError:
        pass
    return "carried on"


@pytest.fixture
def sigint_restored():
    """Line mode's handlers (SIGTERM and SIGHUP too) leave with the test."""
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for signum, handler in before.items():
        signal.signal(signum, handler)


def test_a_sigint_as_a_prompt_starts_is_an_interrupt(desk, sigint_restored):
    LineDesk(desk, write=lambda text: None, toolbar=False)._install_signal_handlers()
    with pytest.raises(KeyboardInterrupt):
        asyncio.run(a_prompt_starting())


def test_without_line_modes_handler_asyncio_loses_it(sigint_restored):
    """The control: Python's default handler, which asyncio.run replaces."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    assert asyncio.run(a_prompt_starting()) == "carried on"
