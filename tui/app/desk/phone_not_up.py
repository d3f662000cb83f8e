"""The desk's phone before it is up (issue 18 item 1). DeskPhone, the phone events, the hub and
baresip's and the socket's modules (about 4 ms) load just after the first frame (DeskApp.desk_ready);
until then the screen talks to a phone that is not up. Nothing can ring on it: no phone event can
arrive before the hub listens, and the hub is built with the phone. So nothing is answered, and
nothing is told to a phone; a call begun meanwhile is followed once the phone is up (start_phone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app.desk.screen import DeskScreen


class PhoneNotUp:
    """DeskPhone's part the desk screen calls, for the moments before DeskPhone is built."""

    hub = None
    ringing = False

    def answer(self) -> bool:
        return False  # nothing rings

    def call_began(self) -> None:
        pass  # start_phone follows the call once the phone is up

    def desk_idle(self) -> None:
        pass

    def held(self, on_hold: bool) -> None:
        pass

    def filing(self) -> None:
        pass

    async def stopped(self) -> None:
        pass


def start_phone(screen: DeskScreen) -> None:
    """Just after the first frame: the real phone, listening, following the call on the desk."""
    from tui.app.desk.phone_desk import DeskPhone

    phone = DeskPhone(screen)
    screen.phone = phone
    phone.start()
    if screen.session is not None:  # begun before the phone was up (keys typed ahead of the first frame)
        phone.call_began()
