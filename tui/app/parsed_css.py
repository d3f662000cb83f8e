"""Textual's parsed CSS kept between runs, so an app's start parses none of it (issue 18 item 1).

Each time an app starts, Textual tokenizes and parses every stylesheet it brings (its own App,
Screen, Widget, Input, Footer... and ours): 12 ms of the main thread before the desk's first frame
on this kind of machine, 6 ms of a bare app's. What a parse gives depends only on the CSS text and
where it came from, the theme's variables, and the Textual and Python that parsed it. So the
stylesheet's own parse cache (Stylesheet._parse_cache, keyed by the text and its origin) is written
to the user's cache directory after the first frame, under a key of those three, and put back into
the next run's stylesheet before its first parse; Textual then finds every rule parsed.

A file that is missing, unreadable, damaged, or from another Textual, Python or theme is ignored and
Textual parses as it always does; the file is written anew after that first frame. It is a pickle:
it lives in the user's own cache directory (0700), which only that user can write, and is written
whole (temporary file, then rename). Off by default (the tests); the CLI names the directory.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import textual

if TYPE_CHECKING:
    from textual.app import App

_directory: Path | None = None


def keep_in(directory: Path | None) -> None:
    """Keep parsed CSS in `directory` from now on (None: not at all)."""
    global _directory
    _directory = directory


def restore(app: App[Any]) -> frozenset[Any]:
    """Put the parse results kept by an earlier run of this app into its stylesheet (call right
    after App.__init__, before Textual parses anything); the keys of those put back."""
    path = _file_for(app)
    if path is None:
        return frozenset()
    try:
        with path.open("rb") as kept:
            key, entries = pickle.load(kept)
        if key != _key(app):
            return frozenset()
        cache = app.stylesheet._parse_cache
        for css_key, rules in entries:
            cache[css_key] = rules
        return frozenset(css_key for css_key, _rules in entries)
    except Exception:  # noqa: BLE001 -- a cache: whatever is wrong with it, Textual parses as usual
        return frozenset()


def save_new(app: App[Any], restored: frozenset[Any]) -> None:
    """After the first frame, on the event loop: when Textual parsed anything that was not
    `restored`, write the whole parse cache again, on a thread (pickling takes a few milliseconds)."""
    path = _file_for(app)
    if path is None:
        return
    cache = app.stylesheet._parse_cache
    entries = [(css_key, cache.get(css_key)) for css_key in list(cache.keys())]
    if {css_key for css_key, _rules in entries} <= restored:
        return
    threading.Thread(target=_write, args=(path, _key(app), entries), name="parsed-css", daemon=True).start()


def _write(path: Path, key: tuple[Any, ...], entries: list[tuple[Any, Any]]) -> None:
    temporary: str | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.name, dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            pickle.dump((key, entries), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 -- a cache that cannot be written costs the next start a parse, no more
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _file_for(app: App[Any]) -> Path | None:
    return None if _directory is None else _directory / f"parsed-css-{type(app).__name__}.pickle"


def _key(app: App[Any]) -> tuple[Any, ...]:
    """What a parse depends on besides the CSS text: Python, Textual's release and install, the theme."""
    return sys.version, _textual_release(), tuple(sorted(app.stylesheet._variables.items()))


@cache  # asked at the start and again when saving: one look at site-packages a run
def _textual_release() -> tuple[str, ...]:
    """Textual's installed release (its dist-info directory's name, and when that was written), or
    its package directory when it is not installed from a distribution."""
    package = Path(textual.__file__).parent
    for entry in os.scandir(package.parent):
        if entry.name.startswith("textual-") and entry.name.endswith(".dist-info"):
            return entry.name, str(entry.stat().st_mtime_ns)
    return (str(package),)
