"""The desk's phone: both sources feeding one stream of events, and commands back to baresip.

A front end builds one `PhoneHub`, runs `run()` on its asyncio loop for its whole life, and gets
every phone event through `on_event` and every quiet sentence through `on_status`. `send` tells the
phone what the agent did on the desk (answer, hold, resume, hang up); only a call that baresip
reported can be commanded (`callcoach event` has no way back), so for others it does nothing.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from pathlib import Path

from tui.domain.call import phone_events as pe
from tui.services.phone import baresip
from tui.services.phone.local_socket import EventSocket
from tui.support.i18n import _

ACCEPT = "accept"
HOLD = "hold"
RESUME = "resume"
HANGUP = "hangup"


class PhoneHub:
    def __init__(
        self,
        data_dir: Path,
        baresip_address: str | None,
        on_event: Callable[[pe.PhoneEvent], None],
        on_status: Callable[[str, str], None],
    ) -> None:
        self.on_event = on_event
        self.on_status = on_status
        self.socket = EventSocket(data_dir, self._heard, self._refused)
        self.link = baresip.BaresipLink(baresip_address, self._heard, on_status) if baresip_address else None
        self._baresip_refs: deque[str] = deque(maxlen=64)  # calls a command may go back to
        self.listening = False

    async def run(self) -> None:
        try:
            await self.socket.start()
            self.listening = True
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.on_status(
                _("callcoach event cannot reach this desk: its socket could not be opened ({reason}).").format(reason=reason), "warning"
            )
        try:
            if self.link is not None:
                await self.link.run()
            else:
                await asyncio.Event().wait()  # only the socket: serve it until the desk closes
        finally:
            await self.socket.close()

    def _heard(self, event: pe.PhoneEvent) -> None:
        if event.source == baresip.SOURCE and event.ref and event.ref not in self._baresip_refs:
            self._baresip_refs.append(event.ref)
        self.on_event(event)

    def _refused(self, reason: str) -> None:
        self.on_status(_("An event from callcoach event was refused: {reason}").format(reason=reason), "warning")

    def send(self, command: str, ref: str) -> bool:
        """Tell baresip (when it reported call `ref`); False when there is nobody to tell."""
        if self.link is None or not ref or ref not in self._baresip_refs:
            return False
        return self.link.send(command, ref)
