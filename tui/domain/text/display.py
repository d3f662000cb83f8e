"""Making typed text safe to show: control characters become visible symbols, never escapes."""

from __future__ import annotations

import re

# C0 controls map to the Unicode "control pictures" block (U+2400..U+241F); DEL to U+2421.
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE[0x7F] = "\u2421"
# C1 controls (e.g. the one-byte CSI, U+009B) can drive some terminals too.
_VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})


def visible(text: str) -> str:
    """The text with every control character drawn as a symbol and lone surrogates replaced."""
    shown = text.translate(_VISIBLE)
    return shown.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(shown) else shown


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None
