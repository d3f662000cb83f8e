"""The harness itself: two real baresip processes call each other over the loopback, as the
DESIGN.md facts say, and ctrl_tcp reports the call in netstring-framed JSON."""

from __future__ import annotations


def test_the_caller_rings_the_agent_who_answers_and_hangs_up(phones):
    agent, caller = phones.agent.control(), phones.caller.control()
    try:
        assert phones.dial_agent(caller)["ok"] is True
        incoming = agent.wait_event("CALL_INCOMING")
        assert incoming["peeruri"].startswith("sip:+442070313000@127.0.0.1")
        assert agent.command("accept")["ok"] is True
        established = agent.wait_event("CALL_ESTABLISHED")
        assert established["id"] == incoming["id"]
        assert agent.command("hold")["ok"] is True  # baresip 1.0 reports no event for hold
        assert agent.command("resume")["ok"] is True
        caller.command("hangup")
        closed = agent.wait_event("CALL_CLOSED")
        assert closed["id"] == incoming["id"]
        assert "peer" in closed["param"]  # the remote side hung up
    finally:
        agent.close()
        caller.close()


def test_processes_quit_when_stopped(phones):
    phones.agent.stop()
    phones.caller.stop()
    assert phones.agent.process.poll() is not None and phones.caller.process.poll() is not None
