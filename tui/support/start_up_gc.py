"""No garbage collection while a front end starts (issue 18): the imports (Textual or prompt-toolkit,
about 500 modules) and the first frame allocate hundreds of thousands of objects and free almost
none, so the collector's passes over them found nothing and cost about 30 ms of the desk's 230 ms
of CPU to its first frame. tui.cli pauses collection at start; the front end resumes it once its
first frame (or prompt) is drawn, with what start-up built frozen out of later full collections;
every other command resumes it before it runs.
"""

from __future__ import annotations

import gc


def pause() -> None:
    gc.disable()


def resume() -> None:
    """Collection back on, start-up's objects frozen (never scanned again): safe to call twice."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
