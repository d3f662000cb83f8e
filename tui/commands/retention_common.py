"""What `purge` and `erase` share: the listing, the confirmation, and removing under the desk lock."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import CommandError, desk_lock, say

if TYPE_CHECKING:
    from tui.domain.review.retention import Removal
    from tui.store.retention import Matcher


def add_common_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--dry-run", action="store_true", help="list what would go and change nothing")
    sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def remove_calls(
    args: argparse.Namespace, data_dir: Path, matches: Matcher, what: str, in_text: Callable[[str], bool] | None = None
) -> int:
    """List (--dry-run) or confirm and remove the calls `matches` picks; `what` names them.
    `in_text` also picks damaged files in quarantine/ that hold them (an erase)."""
    from tui.store.retention import carry_out, invites_of, plan  # lazy: TinyDB and e-mail, about 35 ms (see tui/commands/__init__.py)

    if args.dry_run:  # only reads: works beside a running desk, like export
        removal = plan(data_dir, matches, in_text=in_text)
        _list(removal, invites_of(data_dir, removal), what)
        return 0
    with desk_lock(data_dir):
        try:
            removal = plan(data_dir, matches, read_only=False, in_text=in_text)
            if removal.call_count == 0 and not removal.quarantined:
                say(f"No calls {what}; nothing removed.")
                return 0
            damaged = f" and {len(removal.quarantined)} damaged file(s) in quarantine/ that hold them" if removal.quarantined else ""
            if not args.yes and not _confirmed(
                f"Remove {removal.call_count} call(s) {what}{damaged}, for good, with their invites, callback actions and comments? [y/N] "
            ):
                say("Nothing removed.")
                return 1
            done = carry_out(data_dir, removal)
        except OSError as error:
            raise CommandError(f"the removal stopped ({error.strerror or type(error).__name__}); run it again to finish it.", 1) from None
    say(
        f"Removed {done.calls + done.journals} call(s) {what}: {done.calls} filed, {done.journals} cut short; "
        f"{done.invites} invite file(s), {done.actions} callback action(s), {done.comments} comment(s)"
        + (f", {done.quarantined} damaged file(s) from quarantine/." if done.quarantined else ".")
    )
    return 0


def _list(removal: Removal, invites: list[Path], what: str) -> None:
    for call_id in sorted(removal.call_ids):
        kind = "cut short" if call_id in removal.journals else "filed"
        say(f"{call_id}  started {removal.started[call_id]}  ({kind})")
    for path in invites:
        say(f"outbox/{path.name}")
    for name in removal.quarantined:
        say(f"quarantine/{name}  (a damaged file that holds this number: removed whole)")
    damaged = f", {len(removal.quarantined)} damaged file(s) in quarantine/" if removal.quarantined else ""
    say(
        f"Would remove {removal.call_count} call(s) {what} and {len(invites)} invite file(s){damaged}, "
        "with their callback actions and comments (dry run: nothing removed)."
    )


def _confirmed(question: str) -> bool:
    try:
        say(question, end="", flush=True)
        answer = sys.stdin.readline()
    except (OSError, KeyboardInterrupt):
        return False
    return answer.strip().lower() in ("y", "yes")
