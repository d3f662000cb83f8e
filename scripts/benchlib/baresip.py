"""Real baresip processes on the loopback, for the phone tests and scripts/bench_phone.py.

Each process gets its own config directory (in the test's tmp dir), a SIP port with the next port
free too (baresip may take P+1), ctrl_tcp on its own port, audio through aubridge (no sound
device), and `-t` so that a test that dies cannot leave it running for long. `Control` is the
driver's own small ctrl_tcp client, used to drive the caller's phone (dial, hang up) and to watch
what a phone reports; the desk under test uses the product's client.
"""

from __future__ import annotations

import json
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui.services.phone.netstring import NetstringDecoder, encode

SAFETY_SECONDS = 180  # baresip -t: it quits by itself even if the test never stops it
START_SECONDS = 10.0


MISSING = "baresip is not installed; scripts/test installs it as root (apt-get install baresip-core)"


def baresip_program() -> str | None:
    return shutil.which("baresip")


def _free(port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_sip_port(taken: set[int]) -> int:
    """A port P with P and P+1 free for UDP and TCP, not within 2 of a port already handed out."""
    for _ in range(200):
        port = random.randrange(20000, 60000, 2)
        if any(abs(port - other) < 2 for other in taken):
            continue
        if all(_free(p, kind) for p in (port, port + 1) for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM)):
            return port
    raise RuntimeError("no two free ports in a row on 127.0.0.1")


def free_tcp_port(taken: set[int]) -> int:
    for _ in range(200):
        port = random.randrange(20000, 60000)
        if all(abs(port - other) >= 2 for other in taken) and _free(port, socket.SOCK_STREAM):
            return port
    raise RuntimeError("no free TCP port on 127.0.0.1")


CONFIG = """\
poll_method\t\tepoll
sip_listen\t\t127.0.0.1:{sip}
net_interface\t\t127.0.0.1
audio_player\t\taubridge,{name}
audio_source\t\taubridge,{name}
audio_alert\t\taubridge,{name}
module_path\t\t{modules}
module\t\t\tg711.so
module\t\t\taubridge.so
module_app\t\taccount.so
module_app\t\tmenu.so
module_app\t\tctrl_tcp.so
ctrl_tcp_listen\t\t127.0.0.1:{ctrl}
"""


def module_path(program: str) -> str:
    """Where this baresip keeps its modules (Debian: /usr/lib/baresip/modules)."""
    prefix = Path(program).resolve().parent.parent
    for candidate in (prefix / "lib" / "baresip" / "modules", *prefix.glob("lib/*/baresip/modules")):
        if (candidate / "ctrl_tcp.so").exists():
            return str(candidate)
    return "/usr/lib/baresip/modules"


@dataclass
class Baresip:
    """One baresip process: `user` is its account's user part (a phone number for a caller)."""

    program: str
    home: Path
    user: str
    sip_port: int
    ctrl_port: int
    process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"sip:{self.user}@127.0.0.1:{self.sip_port}"

    @property
    def ctrl_address(self) -> str:
        return f"127.0.0.1:{self.ctrl_port}"

    def start(self) -> Baresip:
        self.home.mkdir(parents=True, exist_ok=True)
        name = self.home.name
        (self.home / "config").write_text(
            CONFIG.format(sip=self.sip_port, ctrl=self.ctrl_port, name=name, modules=module_path(self.program))
        )
        (self.home / "accounts").write_text(f"<{self.uri}>;regint=0\n")
        log = open(self.home / "baresip.log", "wb")  # noqa: SIM115 - the child keeps writing to it
        self.process = subprocess.Popen(
            [self.program, "-f", str(self.home), "-t", str(SAFETY_SECONDS)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"baresip {self.user} exited at start:\n{self.log()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"baresip {self.user} did not open ctrl_tcp in {START_SECONDS} s:\n{self.log()[-2000:]}")

    def log(self) -> str:
        try:
            return (self.home / "baresip.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def control(self) -> Control:
        """A ctrl_tcp connection. ctrl_tcp serves one client at a time: this replaces any other."""
        return Control(self.ctrl_port)


@dataclass
class Control:
    """The test's ctrl_tcp client: commands with their answers, events kept in arrival order."""

    port: int
    events: list[dict] = field(default_factory=list)
    _sock: socket.socket | None = None
    _decoder: NetstringDecoder = field(default_factory=NetstringDecoder)
    _token: int = 0

    def __post_init__(self) -> None:
        self._sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self._sock.settimeout(0.05)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def command(self, name: str, params: str = "", timeout: float = 5.0) -> dict:
        self._token += 1
        token = f"test{self._token}"
        self._sock.sendall(encode(json.dumps({"command": name, "params": params, "token": token}).encode()))
        answer = self._wait(lambda message: message.get("response") and message.get("token") == token, timeout)
        if answer is None:
            raise AssertionError(f"baresip did not answer {name!r} within {timeout} s")
        return answer

    def wait_event(self, kind: str, timeout: float = 5.0, param: str | None = None) -> dict:
        """The first event of this type (and `param`, when given) not yet taken; kept ones first."""

        def wanted(message: dict) -> bool:
            return bool(message.get("event")) and message.get("type") == kind and (param is None or message.get("param") == param)

        for index, event in enumerate(self.events):
            if wanted(event):
                return self.events.pop(index)
        found = self._wait(wanted, timeout, keep_events=True)
        if found is None:
            raise AssertionError(f"no {kind} from baresip within {timeout} s; saw {[e.get('type') for e in self.events]}")
        self.events.remove(found)
        return found

    def _wait(self, wanted: Callable[[dict], bool], timeout: float, keep_events: bool = True) -> dict | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self._sock.recv(65536)
            except TimeoutError:
                continue
            if not data:
                raise AssertionError("baresip closed the ctrl_tcp connection")
            arrived = time.perf_counter()
            found = None
            for frame in self._decoder.feed(data):
                message = json.loads(frame)
                message["_at"] = arrived  # when it was read (the bench times the SIP part with it)
                if message.get("event") and keep_events:
                    self.events.append(message)
                if found is None and wanted(message):
                    found = message
            if found is not None:
                return found
        return None


@dataclass
class PhonePair:
    """The agent's phone and a caller's phone; the caller's account user part is its number."""

    agent: Baresip
    caller: Baresip

    def dial_agent(self, control: Control) -> dict:
        return control.command("dial", self.agent.uri)


def start_pair(program: str, root: Path, caller_number: str = "+442070313000") -> PhonePair:
    taken: set[int] = set()
    phones = []
    for user in ("agent", caller_number):
        sip = free_sip_port(taken)
        taken |= {sip, sip + 1}
        ctrl = free_tcp_port(taken)
        taken.add(ctrl)
        name = "agent" if user == "agent" else "caller"
        phones.append(Baresip(program, root / name, user, sip, ctrl))
    pair = PhonePair(*phones)
    try:
        pair.agent.start()
        pair.caller.start()
    except BaseException:
        pair.agent.stop()
        pair.caller.stop()
        raise
    return pair
