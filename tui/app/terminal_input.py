"""Bytes from the terminal that are not UTF-8 must not stop the desk.

Textual's Linux driver decodes what the terminal sends with a strict UTF-8 decoder, so one invalid
byte (a paste from a Latin-1 document, a terminal set to another encoding, line noise on a serial
or ssh link) raises UnicodeDecodeError in its input thread: the desk prints a traceback and stops
taking keys mid-call. Here the driver's decoder replaces such bytes with U+FFFD, which the notes
show and store like any other character. Textual 8.2.8 reads `getincrementaldecoder` from its
module when the input thread starts, so swapping that one name is enough.

Also here: each key the input thread reads is told to the desk at once (tui.app.desk.read_ahead).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from functools import partial

from textual.driver import Driver
from textual.drivers import linux_driver
from textual.message import Message


def lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


# Every driver's input thread ends in Driver.process_message (LinuxDriver's calls it last): there
# each key read is told to the desk's ReadAhead, before the event loop has it (tui.app.desk.read_ahead).
_PROCESS_MESSAGE = Driver.process_message


def _tell_then_process(driver: Driver, message: Message) -> None:
    keys = getattr(driver._app, "keys_in_order", None)  # the desk app's (review apps have none)
    try:
        if keys is not None:
            keys.read_ahead.read(message)
    except Exception:  # noqa: BLE001 - journaling ahead is a second copy: the key itself must go on
        pass  # an error in Textual's input thread ends the app, so none may leave here
    _PROCESS_MESSAGE(driver, message)


def install() -> None:
    # The driver's module imports the name from codecs without re-exporting it (and its stub is the overloaded original): it is the name to swap.
    linux_driver.getincrementaldecoder = lenient_decoder  # type: ignore[attr-defined,assignment]
    Driver.process_message = _tell_then_process  # type: ignore[method-assign,assignment]
