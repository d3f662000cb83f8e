"""Making typed or stored text safe to show: control characters become visible symbols, never escapes.

`visible` is the one function every text from data passes through on its way to a terminal: the
desk's widgets, line mode's lines and questions, and every command's output (issue 15).
"""

from __future__ import annotations

import re

# C0 controls map to the Unicode "control pictures" block (U+2400..U+241F); DEL to U+2421.
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE[0x7F] = "\u2421"
# C1 controls (e.g. the one-byte CSI, U+009B) can drive some terminals too.
_VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})


_KEEP_LINES = {**_VISIBLE, 0x0A: None}
del _KEEP_LINES[0x0A]


def visible(text: str, *, keep_lines: bool = False) -> str:
    """The text with every control character drawn as a symbol and lone surrogates replaced.

    `keep_lines`: line breaks stay line breaks (a message of several lines); every other control,
    carriage return and tab included, is still drawn."""
    shown = text.translate(_KEEP_LINES if keep_lines else _VISIBLE)
    return shown.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(shown) else shown


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None
