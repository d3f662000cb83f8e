"""Where a program's time goes up to its first frame, by phase: run as `python phases.py OUT desk ARGS...`
(callcoach's CLI with ARGS) or `python phases.py OUT bare` (scripts/bench_bare_app.py's app).

A thread samples the main thread's stack every half millisecond and files each sample under one
phase: importing (Textual's and Rich's modules, callcoach's, the others'), callcoach's own code
(before App.run: its start-up work; after: its compose, handlers and render methods), and
Textual's own work by what it was doing (parsing CSS, matching and applying it, layout, rendering
and writing the frame, the rest: DOM, messages, mounting). Marks in wall time: the process's
start, App.run, the first frame written. At the first frame the program writes OUT (JSON) and
ends at once. Sampling costs a little time (the GIL changes hands each sample) in both programs
alike: compare them, not the absolute figures, with scripts/bench_first_frame.py's.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType

INTERVAL = 0.0005
STARTED = time.perf_counter()
OURS = f"{os.sep}tui{os.sep}"
TEXTUAL = (f"{os.sep}textual{os.sep}", f"{os.sep}rich{os.sep}")
IMPORTING = "<frozen importlib._bootstrap"
TEXTUAL_PHASES = (  # (file ending, function names) -> phase: parsing anywhere on the stack, else the outermost match
    ("stylesheet.py", ("_parse_rules", "parse", "reparse", "read", "read_all"), "textual: CSS parse"),
    ("stylesheet.py", ("apply", "update_nodes", "update", "replace_rules", "_process_component_classes"), "textual: CSS apply"),
    ("_compositor.py", ("reflow", "reflow_visible", "full_map", "_arrange_root"), "textual: layout"),
    ("screen.py", ("_compositor_refresh",), "textual: render and write"),
    ("app.py", ("_display",), "textual: render and write"),
)


def phase_of(frame: FrameType | None) -> tuple[str, str]:
    """The phase a sample of the main thread belongs to, and a detail: for callcoach's code the path
    of its functions running (outermost first), for Textual's its three innermost (innermost first)."""
    stack = []
    while frame is not None:
        stack.append(frame)
        frame = frame.f_back
    importing = next((index for index, each in enumerate(stack) if each.f_code.co_filename.startswith(IMPORTING)), None)
    if importing is not None:
        # The innermost module body running (not a `<module>` exec'd from a string: dataclasses' methods).
        running = next(
            (each for each in stack[:importing] if each.f_code.co_name == "<module>" and not each.f_code.co_filename.startswith("<")), None
        )
        if running is not None:
            module = running.f_code.co_filename
        else:  # finding or reading the module, before its code runs
            finder = next((each for each in stack[importing:] if each.f_code.co_name == "_find_and_load"), None)
            name = str(finder.f_locals.get("name", "")) if finder is not None else ""
            module = OURS if name.startswith("tui") else TEXTUAL[0] if name.startswith(("textual", "rich")) else name
        return "import: " + owner_name(module, "callcoach", "textual+rich", "other libraries"), ""
    innermost = next((each.f_code.co_filename for each in stack if OURS in each.f_code.co_filename or is_textual(each)), "")
    if OURS in innermost:
        path = [
            f"{Path(each.f_code.co_filename).stem}.{each.f_code.co_name}" for each in reversed(stack) if OURS in each.f_code.co_filename
        ]
        return "callcoach: code", " > ".join(path[:6])
    if innermost:
        matches = [
            phase
            for each in reversed(stack)  # outermost first
            for ending, names, phase in TEXTUAL_PHASES
            if each.f_code.co_filename.endswith(ending) and each.f_code.co_name in names
        ]
        textual_phase = TEXTUAL_PHASES[0][2] if TEXTUAL_PHASES[0][2] in matches else next(iter(matches), None)
        inner = [f"{Path(each.f_code.co_filename).stem}.{each.f_code.co_name}" for each in stack if is_textual(each)][:3]
        return textual_phase or "textual: other (DOM, messages, mounting)", " < ".join(inner)
    return "waiting or the interpreter", ""


def is_textual(frame: FrameType) -> bool:
    return any(part in frame.f_code.co_filename for part in TEXTUAL)


def owner_name(filename: str, ours: str, textual: str, other: str) -> str:
    if OURS in filename:
        return ours
    if any(part in filename for part in TEXTUAL):
        return textual
    return other


class Sampler:
    def __init__(self) -> None:
        self.main = threading.main_thread().ident
        self.clock = time.pthread_getcpuclockid(self.main)  # the main thread's CPU time
        self.before_run: Counter[str] = Counter()  # wall ms by phase
        self.after_run: Counter[str] = Counter()
        self.cpu_before_run: Counter[str] = Counter()  # the main thread's CPU ms by phase
        self.cpu_after_run: Counter[str] = Counter()
        self.detail: Counter[str] = Counter()  # "phase :: detail" (phase_of)
        self.exact: Exact | None = None
        self.marks: dict[str, float] = {}
        self.running = True
        threading.Thread(target=self._sample, name="phase-sampler", daemon=True).start()

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, (time.perf_counter() - STARTED) * 1000)
        self.marks.setdefault(f"{name}, main thread CPU", time.clock_gettime(self.clock) * 1000)
        self.marks.setdefault(f"{name}, process CPU", time.process_time() * 1000)

    def _sample(self) -> None:
        last, last_cpu = time.perf_counter(), time.clock_gettime(self.clock)
        while self.running:
            time.sleep(INTERVAL)
            frame = sys._current_frames().get(self.main)  # noqa: SLF001 - the documented way to sample
            now, cpu = time.perf_counter(), time.clock_gettime(self.clock)
            phase, path = phase_of(frame)
            after = "app.run" in self.marks
            # The time since the last sample is filed under this one's phase.
            (self.after_run if after else self.before_run)[phase] += (now - last) * 1000
            (self.cpu_after_run if after else self.cpu_before_run)[phase] += (cpu - last_cpu) * 1000
            if path:
                self.detail[f"{phase} :: {path}"] += (cpu - last_cpu) * 1000
            last, last_cpu = now, cpu

    def write(self, out: Path) -> None:
        self.running = False
        out.write_text(
            json.dumps(
                {
                    "marks": self.marks,
                    "before_run": self.before_run,
                    "after_run": self.after_run,
                    "cpu_before_run": self.cpu_before_run,
                    "cpu_after_run": self.cpu_after_run,
                    "detail": self.detail,
                    "exact": self.exact.totals if self.exact is not None else {},
                }
            )
        )


class Exact:
    """The main thread's CPU time inside some of Textual's functions, each counted once (a call
    inside another timed one counts for the inner one only): the sampler's figures checked exactly."""

    def __init__(self, main: int | None) -> None:
        self.main = main
        self.totals: Counter[str] = Counter()
        self._stack: list[float] = []

    def time(self, owner: type, name: str, phase: str) -> None:
        original = getattr(owner, name)
        exact = self

        def timed(*args: object, **kwargs: object) -> object:
            if threading.get_ident() != exact.main:
                return original(*args, **kwargs)
            began = time.thread_time()
            exact._stack.append(0.0)
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.thread_time() - began
                inner = exact._stack.pop()
                exact.totals[phase] += (spent - inner) * 1000
                if exact._stack:
                    exact._stack[-1] += spent

        setattr(owner, name, timed)


def time_textual(exact: Exact) -> None:
    from textual._compositor import Compositor
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.widget import Widget

    exact.time(Stylesheet, "_parse_rules", "CSS parse")
    exact.time(Stylesheet, "apply", "CSS match and apply")
    exact.time(Stylesheet, "update_nodes", "CSS match and apply")
    exact.time(Compositor, "reflow", "layout")
    exact.time(Compositor, "reflow_visible", "layout")
    exact.time(Widget, "render_lines", "render: the widgets' lines (ours included)")
    exact.time(Compositor, "render_update", "render: the frame cut together")
    exact.time(App, "_display", "render: written to the terminal")


def install(sampler: Sampler, out: Path) -> None:
    """Marks App.run and the first frame written; at the first frame, OUT is written and the process ends."""
    from textual.app import App

    sampler.exact = Exact(sampler.main)
    time_textual(sampler.exact)

    run, display = App.run, App._display

    def timed_run(self: App, *args: object, **kwargs: object) -> object:
        sampler.mark("app.run")
        return run(self, *args, **kwargs)

    def first_display(self: App, screen: object, renderable: object) -> None:
        display(self, screen, renderable)  # type: ignore[arg-type]
        if renderable is not None and self._running and not self._batch_count and self._driver is not None:
            sampler.mark("first frame")
            sampler.write(out)
            os._exit(0)

    App.run = timed_run  # type: ignore[method-assign]
    App._display = first_display  # type: ignore[method-assign]


def main() -> None:
    out, program, *args = sys.argv[1:]
    sampler = Sampler()
    install(sampler, Path(out))
    if program == "bare":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from bench_bare_app import BareApp

        BareApp().run()
    else:
        from tui.cli import main as callcoach

        callcoach(args)


if __name__ == "__main__":
    main()
