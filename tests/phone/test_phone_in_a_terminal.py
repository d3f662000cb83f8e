"""The whole call driven by baresip, with the real `callcoach` in a pseudo-terminal: the caller's
baresip dials the agent's, the desk rings and shows who it is, Ctrl+N answers on the phone, F8
holds the phone call, the caller hangs up, the wrap-up opens by itself and Enter files it. The
agent never touches F10. The same caller rings again and the desk shows that first call before
anyone answers. What happened is read back from the export."""

from __future__ import annotations

from benchlib.world import journal_lines, journals

CTRL_N = "\x0e"


def test_baresip_drives_a_whole_call_through_the_desk(terminal, phones):
    with terminal.config.open("a", encoding="utf-8") as config:
        config.write(f'\n[phone]\nbaresip = "{phones.agent.ctrl_address}"\n\n[wrapup]\ntarget_seconds = 30\n')
    desk = terminal.spawn("desk")
    desk.wait_for("No call", timeout=20)
    desk.wait_for("connected to baresip", timeout=20)
    caller = phones.caller.control()
    try:
        phones.dial_agent(caller)
        desk.wait_for("Ringing: +44 20 7031 3000", timeout=10)
        desk.wait_for("First call from this number.", timeout=10)  # the caller's history, looked up
        desk.write(CTRL_N)
        caller.wait_event("CALL_ESTABLISHED")
        journal = terminal.wait_for_call(desk)
        desk.type("the router reboots every hour")
        desk.press("enter")
        desk.wait_until(lambda: any(line.get("type") == "note" for line in journal_lines(journal)), what="the note in the journal")
        caller.events.clear()
        desk.press("f8")
        caller.wait_event("CALL_REMOTE_SDP", param="offer")  # the phone put the caller on hold
        desk.press("f8")
        desk.wait_until(
            lambda: [line["type"] for line in journal_lines(journal) if line["type"] in ("hold", "resume")] == ["hold", "resume"],
            what="hold and resume in the journal",
        )
        caller.command("hangup")
        desk.wait_until(lambda: any(line.get("type") == "ended" for line in journal_lines(journal)), what="the hang-up in the journal")
        desk.wait_for("After-call work", timeout=10)
        desk.wait_for("Wrap up: Enter files", timeout=10)  # the wrap-up dialog opened by itself
        desk.press("enter")
        desk.wait_until(lambda: not journals(terminal.data_dir), what="the call filed and its journal gone", timeout=10)
        # The same caller rings again: the desk says what happened last time before anyone answers.
        shown = desk.output_length
        phones.dial_agent(caller)
        assert desk.shown_after(shown, "Ringing: +44 20 7031 3000") is not None
        assert desk.shown_after(shown, "1 earlier call(s) · last ") is not None, desk.tail()
        desk.write(CTRL_N)
        caller.wait_event("CALL_ESTABLISHED")
        hung_up = desk.output_length
        caller.command("hangup")
        assert desk.shown_after(hung_up, "Wrap up: Enter files") is not None, desk.tail()
        desk.press("enter")
        desk.wait_until(lambda: not journals(terminal.data_dir), what="the second call filed", timeout=10)
        desk.press("ctrl+q")
        assert desk.wait(timeout=10) == 0
    finally:
        caller.close()
    call, again = sorted(terminal.export()["calls"], key=lambda call: call["started_at"])
    assert again["caller"] == "+442070313000" and [event["type"] for event in again["events"]][-2:] == ["ended", "filed"]
    kinds = [event["type"] for event in call["events"]]
    assert kinds == ["started", "step", "note", "hold", "resume", "ended", "filed"]
    assert call["caller"] == "+442070313000" and call["events"][-2]["by"] == "caller"
    assert call["talk_seconds"] is not None and call["acw_seconds"] is not None
