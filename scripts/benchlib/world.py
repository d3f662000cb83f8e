"""A private world for the real `callcoach`: its own data dir, config, home and environment, what
it printed, and what it left on disk (journals, the export). The pty tests' `terminal` fixture,
scripts/soak and the bench all start the program through this."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchlib.terminal import PtyProgram, callcoach_command

CALLER = "+1 650 253 0000"
CALLER_E164 = "+16502530000"
GOOD_CONFIG = 'agent = "Ana"\ntimezone = "Europe/London"\n'


def clean_env(home: Path, config: Path, extra: dict[str, str] | None = None, *, write_bytecode: bool = False) -> dict[str, str]:
    """An environment that cannot reach the user's own data, config or terminal settings.

    `write_bytecode`: let Python cache compiled modules as an installed desk does (the bench's
    start-up figures); tests leave the tree as they found it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CALLCOACH_", "TEXTUAL", "XDG_", "COLUMNS", "LINES", "PYTEST", "NO_COLOR", "PYTHONPYCACHEPREFIX"))
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        CALLCOACH_CONFIG=str(config),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


# -- what a run leaves on disk ------------------------------------------------------------------------


def journals(data_dir: Path) -> list[Path]:
    directory = data_dir / "journal"
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.glob("*.jsonl") if not path.name.startswith("."))


def journal_lines(path: Path) -> list[dict]:
    """The complete lines of a journal (a torn last line is left out, as the app reads it)."""
    complete = path.read_bytes().rpartition(b"\n")[0]
    return [json.loads(line) for line in complete.split(b"\n") if line.strip()]


def journal_notes(path: Path) -> list[str]:
    return [line["text"] for line in journal_lines(path) if line.get("type") == "note"]


def notes_of(call: dict) -> list[dict]:
    return [event for event in call["events"] if event["type"] == "note"]


def run(argv: Iterable[str], env: dict[str, str], timeout: float = 15.0) -> subprocess.CompletedProcess:
    """A command that is not interactive (export, or one that must refuse to start)."""
    return subprocess.run(list(argv), env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)


def one_sentence(stderr: str) -> str:
    """The one line a refusing command prints ("callcoach: ..."); fails on anything more."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert lines[0].startswith("callcoach: "), lines[0]
    return lines[0]


# -- the world ----------------------------------------------------------------------------------------


@dataclass
class Terminal:
    """A private world for the program: data dir, config, environment, and what it printed."""

    tmp: Path
    data_dir: Path
    config: Path
    env: dict[str, str]
    programs: list[PtyProgram] = field(default_factory=list)
    finished: list[subprocess.CompletedProcess] = field(default_factory=list)

    def spawn(self, *args: str, data_dir_first: bool = False) -> PtyProgram:
        """`callcoach ARGS --data-dir D` (or `callcoach --data-dir D ARGS`) in a 120x40 pty."""
        where = ["--data-dir", str(self.data_dir)]
        argv = [*where, *args] if data_dir_first else [*args, *where]
        program = PtyProgram(callcoach_command() + argv, self.env, cols=120, rows=40)
        self.programs.append(program)
        return program

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 10.0) -> subprocess.CompletedProcess:
        result = run(callcoach_command() + list(args), env or self.env, timeout=timeout)
        self.finished.append(result)
        return result

    def export(self, *, data_dir_first: bool = False, timeout: float = 10.0) -> dict:
        where = ["--data-dir", str(self.data_dir)]
        command = ["export", "--format", "json"]
        result = self.run(*([*where, *command] if data_dir_first else [*command, *where]), timeout=timeout)
        assert result.returncode == 0, result.stderr
        document = json.loads(result.stdout)
        assert (document["format"], document["version"]) == ("callcoach-export", 1)
        return document

    def wait_for_call(self, program: PtyProgram) -> Path:
        """The live call's journal, once its `started` event is on disk."""

        def started() -> Path | None:
            for path in journals(self.data_dir):
                if any(line.get("type") == "started" for line in journal_lines(path)):
                    return path
            return None

        return program.wait_until(started, what="the call's journal")  # type: ignore[return-value]


def new_world(tmp: Path) -> Terminal:
    """A world under `tmp` with a config naming the agent and the time zone."""
    config = tmp / "config.toml"
    config.write_text(GOOD_CONFIG, encoding="utf-8")
    return Terminal(tmp=tmp, data_dir=tmp / "data", config=config, env=clean_env(tmp / "home", config))


@contextlib.contextmanager
def private_world(tmp: Path) -> Iterator[Terminal]:
    """The pty tests' `terminal` fixture: a new world, every program in it killed at the end,
    and never a traceback, whatever the test did: not on screen, not on stderr."""
    world = new_world(tmp)
    try:
        yield world
    finally:
        for program in world.programs:
            program.close()
    for program in world.programs:
        assert "Traceback" not in program.text, program.tail()
    for result in world.finished:
        assert "Traceback" not in result.stderr + result.stdout, result.stderr
