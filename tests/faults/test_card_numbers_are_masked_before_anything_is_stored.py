"""Fault matrix row 11 (issue 7): card numbers (Luhn-valid runs of 13-19 digits, spaces or dashes
allowed) in any note or field are masked to the last four digits before anything reaches the
journal, the history, an export or a log; the call gets a review flag (PCI); "cvv 123" and the like
are masked too; digit runs failing Luhn are left alone.

The real program in a pseudo-terminal (notes, the draft, the caller as typed), the real desk under
Pilot (the offer amount, the callback e-mail), and the real `callcoach import` (another machine's
notes and comments). Every file the data directory and the exports hold is then searched for the
card's digits with spaces and dashes taken out.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from benchlib.world import Terminal, journal_lines, journals, notes_of
from tests.app.conftest import desk_screen, settle, until
from tests.review.calls import ended, note, record, step
from tui.app.base import desk_app
from tui.app.widgets.callback_panel import CallbackPanel
from tui.domain.text.redact import mask_event
from tui.store.history import History
from tui.store.reviews import ReviewStore

VISA = "4111111111111111"
AMEX = "378282246310005"
MASTERCARD = "5555555555554444"
DISCOVER = "6011111111111117"
NOT_A_CARD = "1234567890123"  # 13 digits failing Luhn: an order number, left alone
F5, F7 = "\x1b[15~", "\x1b[18~"


def card_leaks(blob: bytes, cards=(VISA, AMEX, MASTERCARD, DISCOVER)) -> list[str]:
    """Cards whose digits appear in `blob` once spaces and dashes are taken out."""
    squeezed = blob.replace(b" ", b"").replace(b"-", b"")
    return [card for card in cards if card.encode() in squeezed]


def everything_in(*roots: Path) -> bytes:
    return b"".join(path.read_bytes() for root in roots for path in sorted(root.rglob("*")) if path.is_file())


def exports(world: Terminal) -> Path:
    """md, csv and json exports written with --out, through the real program."""
    folder = world.tmp / "exports"
    folder.mkdir(exist_ok=True)
    for kind in ("json", "md", "csv"):
        result = world.run("export", "--format", kind, "--out", str(folder / f"calls.{kind}"), "--data-dir", str(world.data_dir))
        assert result.returncode == 0, result.stderr
    return folder


# -- the real program: notes, the note being typed, the caller as typed --------------------------------


def test_cards_typed_on_the_desk_never_reach_the_disk_or_an_export(terminal: Terminal) -> None:
    desk = terminal.spawn("call", "--caller", "4111-1111-1111-1111")  # a card pasted as the caller
    journal = terminal.wait_for_call(desk)
    typed = [
        f"card {VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]} exp 12/27",
        "amex 3782-822463-10005, cvv 123",
        f"order {NOT_A_CARD} is not a card; CVC: 4567",
    ]
    for line in typed:
        desk.type(line, delay=0.005)
        desk.press("enter", delay=0.02)
    desk.wait_until(lambda: len([1 for line in journal_lines(journal) if line.get("type") == "note"]) == 3, what="three notes")
    desk.wait_for("masked before saving")
    desk.type(f"and the other one {MASTERCARD}", delay=0.005)  # the draft, journaled as typed
    desk.wait_until(
        lambda: any(line.get("type") == "draft" and line.get("text", "").endswith("4444") for line in journal_lines(journal)),
        what="the draft on disk",
    )
    draft_lines = [line["text"] for line in journal_lines(journal) if line.get("type") == "draft"]
    assert not card_leaks(journal.read_bytes()), draft_lines
    desk.kill(signal.SIGKILL)  # the draft is kept as it was on disk
    assert desk.wait() == -signal.SIGKILL

    again = terminal.spawn(data_dir_first=True)
    again.wait_for("cut short")
    again.press("f")  # file it as it is
    again.wait_until(lambda: not journals(terminal.data_dir), what="the call filed")
    again.press("ctrl+q")
    assert again.wait() == 0

    [call] = terminal.export()["calls"]
    notes = [event["text"] for event in notes_of(call)]
    assert notes == [
        "card **** **** **** 1111 exp 12/27",
        "amex ****-******-*0005, cvv ***",
        f"order {NOT_A_CARD} is not a card; CVC: ****",
        "and the other one ************4444",
    ]
    started = call["events"][0]
    assert (started["caller"], started["caller_input"], started.get("masked")) == (None, "****-****-****-1111", True)
    folder = exports(terminal)
    assert "PCI" in (folder / "calls.md").read_text(encoding="utf-8")  # the call carries the review flag
    assert "PCI" in (folder / "calls.csv").read_text(encoding="utf-8")
    assert card_leaks(everything_in(terminal.data_dir, folder)) == []
    assert NOT_A_CARD.encode() in (folder / "calls.json").read_bytes()  # Luhn-failing runs are left alone


# -- the real desk under Pilot: the offer amount and the callback e-mail -----------------------------


async def test_a_card_in_the_offer_amount_or_callback_email_is_refused_until_fixed(desk, data_dir) -> None:
    app = desk_app(desk, start_caller="020 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f7", "2", "tab", *DISCOVER)  # credit, Tab into the amount
        await pilot.pause()
        assert "card number, not an amount" in str(app.screen.query_one("#offer-verdict").render())
        await pilot.press("enter")  # refused: nothing recorded
        await pilot.pause()
        assert type(app.screen).__name__ == "OfferScreen" and screen.call.state.offers == []
        await pilot.press(*["backspace"] * len(DISCOVER), *"25", "enter")
        await until(pilot, lambda: len(screen.call.state.offers) == 1)
        assert screen.call.state.offers[0]["amount"] == 25.0

        await pilot.press("f5")
        panel = screen.query_one(CallbackPanel)
        await until(pilot, lambda: panel.is_open and panel.proposal is not None)
        await pilot.press("tab", "tab", *f"{AMEX}@example.com")  # Tab: number, Tab: e-mail
        await pilot.pause()
        assert panel.proposal.problem == "The e-mail holds a card number; clear it (it is never stored)."
        await pilot.press("enter")
        await pilot.pause()
        assert screen.call.state.callbacks == [] and list((data_dir / "outbox").iterdir()) == []
        await pilot.press(*["backspace"] * len(f"{AMEX}@example.com"), *"caller@example.com", "enter")
        await until(pilot, lambda: len(screen.call.state.callbacks) == 1)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: screen.session is None)
    [call] = list(History(data_dir, read_only=True).calls())
    assert [event["email"] for event in call["events"] if event["type"] == "callback"] == ["caller@example.com"]
    assert card_leaks(everything_in(data_dir)) == []


# -- another machine's data: `callcoach import` masks before it stores ----------------------------------


def test_import_masks_notes_fields_and_comments_before_storing(terminal: Terminal) -> None:
    call = record(
        step(0, "listen"),
        note(4, f"read me {VISA} please"),
        {"t": 6.0, "type": "tag", "tag": "custom", "value": f"ref {AMEX}"},
        ended(40),
        call_id="20261101T100000Z-import",
        started_at="2026-11-01T10:00:00+00:00",
    )
    comment = {
        "id": "c-1",
        "call_id": call["id"],
        "author": "Sam",
        "t": 4.0,
        "text": f"the agent typed {MASTERCARD}!",
        "created_at": "2026-11-02T10:00:00Z",
    }
    source = terminal.tmp / "from-elsewhere.json"
    source.write_text(json.dumps({"format": "callcoach-export", "version": 1, "calls": [call], "reviews": [comment]}), encoding="utf-8")
    result = terminal.run("import", str(source), "--data-dir", str(terminal.data_dir))
    assert result.returncode == 0, result.stderr

    [stored] = list(History(terminal.data_dir, read_only=True).calls())
    assert [event.get("text") or event.get("value") for event in stored["events"][2:4]] == [
        "read me ************1111 please",
        "ref ***********0005",
    ]
    assert ReviewStore(terminal.data_dir).all()[0]["text"] == "the agent typed ************4444!"
    assert card_leaks(everything_in(terminal.data_dir, exports(terminal))) == []


@pytest.mark.parametrize(
    "event, expected",
    [
        ({"type": "started", "caller": "+8613800138000", "caller_input": "+86 138 0013 8000"}, False),  # a number, not a card
        ({"type": "callback", "number": "+8613800138000", "readback": "on +86 138 0013 8000", "email": "a@b.cn"}, False),
        ({"type": "note", "text": f"{NOT_A_CARD} and 12345678901234567890"}, False),  # Luhn fails; 20 digits
        ({"type": "note", "text": "security code 987"}, True),
        ({"type": "tag", "value": f"{DISCOVER[:8]}-{DISCOVER[8:]}"}, True),
    ],
    ids=["caller-number", "callback-number", "luhn-fails", "security-code", "tag-value"],
)
def test_cards_and_codes_are_masked_and_phone_numbers_left_alone(event: dict, expected: bool) -> None:
    masked, changed = mask_event(event)
    assert changed is expected and masked.get("masked", False) is expected
    if not expected:
        assert masked == event
