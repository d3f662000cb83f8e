"""Bytes from the terminal that are not UTF-8 must not stop the desk.

Textual's Linux driver decodes what the terminal sends with a strict UTF-8 decoder, so one invalid
byte (a paste from a Latin-1 document, a terminal set to another encoding, line noise on a serial
or ssh link) raises UnicodeDecodeError in its input thread: the desk prints a traceback and stops
taking keys mid-call. Here the driver's decoder replaces such bytes with U+FFFD, which the notes
show and store like any other character. Textual 8.2.8 reads `getincrementaldecoder` from its
module when the input thread starts, so swapping that one name is enough.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from functools import partial

from textual.drivers import linux_driver


def lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def install() -> None:
    # The driver's module imports the name from codecs without re-exporting it (and its stub is the overloaded original): it is the name to swap.
    linux_driver.getincrementaldecoder = lenient_decoder  # type: ignore[attr-defined,assignment]
