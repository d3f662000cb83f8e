"""`callcoach event ringing|answered|hold|resume|ended [--caller NUM] [--ref REF] [--by WHO]`:
a phone event for the desk running on this data directory (any softphone or PBX script can run it
on a call event). Exit 0 once the desk took it; 1 with one sentence when no desk runs there.

`callcoach call --caller NUM` uses the same way in to hand a call to a running desk.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.commands.common import CommandError, CommandParsers
from tui.config.settings import Config
from tui.domain.call import phone_events as pe


def add_parser(commands: CommandParsers, common: argparse.ArgumentParser) -> None:
    event = commands.add_parser(
        "event", parents=[common], help="hand a phone event (ringing, answered, hold, resume, ended) to the running desk"
    )
    event.add_argument("kind", choices=pe.KINDS, help="what the phone did")
    event.add_argument("--caller", default="", help='the caller\'s number as the phone shows it, e.g. "+1 650 253 0000"')
    event.add_argument("--ref", default="", help="the phone's reference for the call, so events of one call go together")
    event.add_argument("--by", choices=pe.HUNG_UP_BY, default="", help="ended: who hung up")
    event.set_defaults(run=run)


def run(args: argparse.Namespace, config: Config, data_dir: Path) -> int:
    event = pe.PhoneEvent(args.kind, args.ref, args.caller, by=args.by)
    _send(data_dir, [event])
    return 0


def hand_to_running_desk(data_dir: Path, caller: str) -> bool:
    """`callcoach call --caller NUM` with a desk already open on `data_dir`: that desk takes the call
    (ringing, then answered). False when no desk listens there (then this one opens)."""
    # Imported here: `callcoach call` without --caller, the common start, never loads the socket code.
    from tui.services.phone.local_socket import NoDesk

    ref = f"call-{os.urandom(4).hex()}"  # os, not secrets: the desk's start must not import hmac
    try:
        _send(data_dir, [pe.PhoneEvent(pe.RINGING, ref, caller), pe.PhoneEvent(pe.ANSWERED, ref, caller)], quiet_no_desk=True)
    except NoDesk:
        return False
    print(f"callcoach: the desk running on {data_dir} took the call.", file=sys.stderr)
    return True


def _send(data_dir: Path, events: list[pe.PhoneEvent], quiet_no_desk: bool = False) -> None:
    from tui.services.phone.local_socket import DeskRefused, NoDesk, send_events  # as above

    try:
        send_events(data_dir, events)
    except NoDesk:
        if quiet_no_desk:
            raise
        raise CommandError(f"no desk is running on {data_dir}; start one with `callcoach` (and the same --data-dir).", 1) from None
    except DeskRefused as refusal:
        raise CommandError(f"the desk refused the event: {refusal}", 1) from None
    except TimeoutError:
        raise CommandError(f"the desk running on {data_dir} did not answer within a few seconds; is it stuck?", 1) from None
    except OSError as error:
        raise CommandError(f"cannot reach the desk on {data_dir} ({error.strerror or type(error).__name__}).", 1) from None
