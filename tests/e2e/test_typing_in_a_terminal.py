"""The keyboard rule in a real terminal: keys that reach the desk in one read (the terminal hands
over everything typed while the desk was busy) are handled in the order typed, whatever panel they
open or move through. What happened is read back from the export and the outbox."""

from __future__ import annotations

from benchlib.world import CALLER, journals, notes_of

F5 = "\x1b[15~"
F7 = "\x1b[18~"


def file_and_quit(desk, terminal) -> dict:
    desk.press("f10")
    desk.wait_for("Wrap up:")
    desk.press("enter")
    desk.wait_until(lambda: not journals(terminal.data_dir), what="the call filed and its journal removed")
    desk.press("ctrl+q")
    assert desk.wait() == 0
    [call] = terminal.export()["calls"]
    return call


def test_a_panel_its_fields_and_the_words_behind_them_in_one_read_each_land_where_they_were_typed(terminal):
    desk = terminal.spawn("call", "--caller", CALLER)
    terminal.wait_for_call(desk)
    # One write: F5, Tab twice to the e-mail, the address, Enter promises; then F7, 2 (credit), Tab,
    # the amount, Enter records it; then a note with a typo corrected by Backspace.
    desk.write(F5 + "\t\tcaller@example.com\r" + "she says thanks\r")
    desk.wait_for("Callback promised")
    desk.write(F7 + "2\t40\r" + "credit agreed, 40x\x7f pounds\r")
    desk.wait_for("Offer recorded")
    call = file_and_quit(desk, terminal)

    assert [note["text"] for note in notes_of(call)] == ["she says thanks", "credit agreed, 40 pounds"]
    [promise] = [event for event in call["events"] if event["type"] == "callback"]
    assert promise["email"] == "caller@example.com"
    [offer] = [event for event in call["events"] if event["type"] == "offer"]
    assert (offer["option"], offer["amount"]) == ("credit", 40.0)
    assert any(path.name.endswith(".eml") for path in (terminal.data_dir / "outbox").iterdir())
