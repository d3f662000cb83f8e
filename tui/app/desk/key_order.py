"""Keys handled one at a time, in the order they were typed (the keyboard rule's other half).

Textual routes a key to the widget that has the focus when the app takes the key from its queue,
and that widget handles it later, in its own queue; a key that a binding acts on (Backspace, the
arrows, Enter in a field) is handled later still, once it has bubbled back up to the app. When
keys arrive together (the desk was busy for a moment: a load spike, a note being filed), the app
routes them all before the first is handled: a Tab that gives the keys to the e-mail field acts
after the address behind it went to the note, and a Backspace deletes the character typed after
it. So the desk routes the next key only once the one before it has been handled all the way up:
a callback follows the key from the widget it went to, through each parent, to the app, waiting
at each for what the key set off there (an Input's Changed, a Submitted) before moving on.

Typing at a person's pace is not held up: a key is held only while the one before it is still
being handled. A key held longer than STALL_S (a widget closed with the callback in its queue)
is let go rather than kept waiting.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

from tui.app.desk.read_ahead import ReadAhead

STALL_S = 1.0
_DRAIN_PASSES = 4  # a node that keeps receiving messages (a timer) does not hold the key for ever

Routed = events.Key | events.Paste
# Routes one key as Textual would; returns the node it was sent to, or None when it was handled at once.
Route = Callable[[Routed], Awaitable[MessagePump | None]]


class _Step:
    """A callback for a node's queue that Textual need not inspect. call_later wraps every callback
    in a new functools.partial, and Textual's invoke then counts its parameters with
    inspect.signature each time (it caches the count only on the callable itself, attribute
    _param_count): six times a key here, about 0.2 ms of each key's time before its frame."""

    __slots__ = ("args", "function")
    _param_count = 0  # textual._callback.count_parameters reads this before inspecting

    def __init__(self, function: Callable[..., object], *args: object) -> None:
        self.function, self.args = function, args

    def __call__(self) -> Any:  # None, or the coroutine of an async step (Textual awaits it)
        return self.function(*self.args)


def _later(node: MessagePump, function: Callable[..., object], *args: object) -> bool:
    """node.call_later(function, *args), minus the signature inspection (_Step)."""
    return node.post_message(events.Callback(callback=_Step(function, *args)))


class KeysInOrder:
    """The desk app's queue of keys: each routed once the one before it has been handled."""

    def __init__(self, app: App[int], route: Route) -> None:
        self._app = app
        self._route = route
        self._waiting: deque[Routed] = deque()
        self._in_flight: Routed | None = None
        self._reached = False  # the key in flight was handled by the widget it went to
        self._value_when_routed: object = None  # the focused field's text as the key in flight went to it
        self._since = 0.0
        self._watch: Timer | None = None
        self.read_ahead = ReadAhead()  # keys the input thread read before they reach take

    @property
    def held(self) -> int:
        """Keys waiting for the one before them (bench and tests)."""
        return len(self._waiting)

    def typed_ahead(self) -> str | None:
        """The characters of keys read but not yet handled by the widget they go to (the one in
        flight, then those waiting), when every one of them types a character; None otherwise."""
        # Handled already when the field it went to changed (its follow-up may not have run yet).
        applied = self._reached or getattr(self._app.focused, "value", None) != self._value_when_routed
        keys = [self._in_flight] if self._in_flight is not None and not applied else []
        keys += self._waiting
        if not all(isinstance(key, events.Key) and key.is_printable and key.character for key in keys):
            return None
        return "".join(key.character or "" for key in keys if isinstance(key, events.Key))

    async def take(self, event: Routed) -> None:
        self.read_ahead.taken(event)
        self._waiting.append(event)
        await self._route_waiting()

    async def _route_waiting(self) -> None:
        if self._in_flight is not None and time.monotonic() - self._since > STALL_S:
            self._in_flight = None  # lost on its way (its widget closed): the keys behind it go on
        while self._waiting and self._in_flight is None:
            event = self._waiting.popleft()
            self._value_when_routed = getattr(self._app.focused, "value", None)
            target = await self._route(event)
            if target is not None:
                self._in_flight, self._since, self._reached = event, time.monotonic(), False
                self._follow(event, target, 0)
        if self._waiting and self._watch is None:
            self._watch = self._app.set_timer(STALL_S, self._watchdog)

    async def _watchdog(self) -> None:
        self._watch = None
        await self._route_waiting()

    def _follow(self, event: Routed, node: MessagePump, passes: int) -> None:
        """Queued behind `event` on `node`: once it runs, the key (and what it set off) is handled there."""
        if not _later(node, self._handled_at, event, node, passes):
            _later(self._app, self._done, event)

    def _handled_at(self, event: Routed, node: MessagePump, passes: int) -> None:
        if event is self._in_flight:
            self._reached = True  # queued behind the key: the node it went to has handled it
        if passes < _DRAIN_PASSES and not node._message_queue.empty():
            self._follow(event, node, passes + 1)  # messages the key posted here (Changed, Submitted) first
        elif node is self._app:
            _later(self._app, self._done, event)
        else:
            parent = node._parent
            self._follow(event, parent if parent is not None else self._app, 0)

    async def _done(self, event: Routed) -> None:
        if event is self._in_flight:
            self._in_flight = None
            await self._route_waiting()
