"""The desk's parts that start hidden are left out of its first frame (issue 18 item 1): the phone
banner (no phone call yet), the edit marker (no note being edited) and a callback call's facts
(no callback call), and the coach's hints (none before the first key). Each costs the frame its mounting and styling while showing nothing, so they
are mounted just after it (DeskScreen.desk_ready), or at their first use if that comes sooner.
Hiding one that is not there yet is nothing to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual.widget import Widget

from tui.app.widgets.call_facts import CallFacts
from tui.app.widgets.coach_pane import CoachPane
from tui.app.widgets.edit_marker import EditMarker
from tui.app.widgets.phone_banner import PhoneBanner

if TYPE_CHECKING:
    from textual.screen import Screen

Part = TypeVar("Part", bound=Widget)

# Each part: its id, the container it goes in (None: the screen) and the sibling it goes before.
PLACES: dict[type[Widget], tuple[str, str | None, str]] = {
    PhoneBanner: ("phone-banner", None, "#steps"),
    EditMarker: ("edit-marker", "#notes-column", "#note-input"),
    CallFacts: ("origin", "#coach-column", "#coach"),
}


def mounted_part(screen: Screen[Any], kind: type[Part]) -> Part | None:
    """The desk's part of this kind, or None while it is not mounted (there is nothing to hide)."""
    for part in screen.query(kind):
        return part
    return None


def late_part(screen: Screen[Any], kind: type[Part]) -> Part:
    """The desk's part of this kind, mounted now if it is not yet (something is to be shown in it)."""
    part = mounted_part(screen, kind)
    if part is None:
        name, container, before = PLACES[kind]
        part = kind(id=name, classes="-empty" if kind is CallFacts else "")  # a CallFacts shows nothing until told
        (screen.query_one(container) if container else screen).mount(part, before=before)
    return part


def mount_late_parts(screen: Screen[Any]) -> None:
    for kind in PLACES:
        late_part(screen, kind)
    screen.query_one(CoachPane).mount_hints()
