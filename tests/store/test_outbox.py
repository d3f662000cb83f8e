"""The outbox: invites written whole and private, and sent to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import os
import socket
import stat
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tui.config.callback import SmtpConfig
from tui.domain.callback.contact import check_number
from tui.domain.callback.invite import cancel, invite_email, invite_ics, make_commitment
from tui.domain.callback.window import WindowRules, propose
from tui.store import outbox

NOW = datetime(2026, 11, 23, 14, 7, tzinfo=UTC)


def promise(email: str | None = "caller@example.com"):
    number = check_number("+44 20 7031 3000", None)
    window = propose(WindowRules("Europe/London"), number, NOW).window
    return make_commitment("20261123T140317Z-3fa9c1", 0, number, window, NOW, agent="Ana", email=email)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_invite_and_email_are_written_private_into_outbox(data_dir):
    commitment = promise()
    ics = invite_ics(commitment, NOW)
    message = invite_email(commitment, ics, NOW, "desk@example.com")
    stem = outbox.invite_stem(commitment.uid, commitment.sequence, commitment.method)
    ics_path, eml_path = outbox.write_outbox_files(data_dir, stem, ics, message)
    assert ics_path == data_dir / "outbox" / "20261123T140317Z-3fa9c1-callback0_callcoach.seq0.request.ics"
    assert eml_path.suffix == ".eml" and eml_path.stem == ics_path.stem
    assert ics_path.read_bytes() == ics
    parsed = message_from_bytes(eml_path.read_bytes(), policy=default)
    assert list(parsed.iter_parts())[1].get_payload(decode=True) == ics
    assert b"\r\n" in eml_path.read_bytes()
    assert mode(ics_path) == mode(eml_path) == 0o600
    assert mode(data_dir / "outbox") == 0o700
    assert sorted(p.name for p in (data_dir / "outbox").iterdir()) == sorted([ics_path.name, eml_path.name])


def test_a_cancel_does_not_overwrite_the_request(data_dir):
    first = promise()
    cancelled = cancel(first)
    for item in (first, cancelled):
        outbox.write_outbox_files(data_dir, outbox.invite_stem(item.uid, item.sequence, item.method), invite_ics(item, NOW))
    names = sorted(p.name for p in (data_dir / "outbox").iterdir())
    assert names == [
        "20261123T140317Z-3fa9c1-callback0_callcoach.seq0.request.ics",
        "20261123T140317Z-3fa9c1-callback0_callcoach.seq1.cancel.ics",
    ]


def test_a_failed_write_leaves_the_old_file_and_no_temp(data_dir, monkeypatch):
    target = data_dir / "outbox" / "x.ics"
    outbox.atomic_write(target, b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outbox.os, "replace", broken_replace)
    with pytest.raises(OSError):
        outbox.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["x.ics"]


# -- SMTP --------------------------------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on localhost; `auth` logins accept user "ana" with password "s3cret"."""
    inbox = Inbox()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"ana" and auth_data.password == b"s3cret"
        return AuthResult(success=ok)

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator, auth_require_tls=False)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_send_over_smtp_to_a_real_server(smtp_server):
    controller, inbox = smtp_server
    commitment = promise()
    ics = invite_ics(commitment, NOW)
    smtp = SmtpConfig("127.0.0.1", controller.port, starttls=False)
    outbox.send_email(invite_email(commitment, ics, NOW, "desk@example.com"), smtp, environ={})
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "desk@example.com" and envelope.rcpt_tos == ["caller@example.com"]
    received = message_from_bytes(envelope.original_content, policy=default)
    calendar = list(received.iter_parts())[1]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_payload(decode=True) == ics


def test_smtp_login_takes_the_password_from_the_named_variable(smtp_server):
    controller, inbox = smtp_server
    commitment = promise()
    smtp = SmtpConfig("127.0.0.1", controller.port, starttls=False, user="ana", password_env="DESK_SMTP_PW")
    message = invite_email(commitment, invite_ics(commitment, NOW), NOW, "desk@example.com")
    outbox.send_email(message, smtp, environ={"DESK_SMTP_PW": "s3cret"})
    assert len(inbox.envelopes) == 1
    with pytest.raises(outbox.OutboxError, match="could not send the invite via 127.0.0.1"):
        outbox.send_email(message, smtp, environ={"DESK_SMTP_PW": "wrong"})
    with pytest.raises(outbox.OutboxError, match="set DESK_SMTP_PW to the SMTP password for ana"):
        outbox.send_email(message, smtp, environ={})
    assert len(inbox.envelopes) == 1


def test_starttls_against_a_server_without_it_fails_clearly(smtp_server):
    controller, inbox = smtp_server
    commitment = promise()
    message = invite_email(commitment, invite_ics(commitment, NOW), NOW, "desk@example.com")
    smtp = SmtpConfig("127.0.0.1", controller.port)  # starttls defaults on
    with pytest.raises(outbox.OutboxError, match="STARTTLS"):
        outbox.send_email(message, smtp, environ={})
    assert inbox.envelopes == []


def test_unreachable_server_is_an_outbox_error():
    smtp = SmtpConfig("127.0.0.1", free_port(), starttls=False)
    commitment = promise()
    message = invite_email(commitment, invite_ics(commitment, NOW), NOW, "desk@example.com")
    with pytest.raises(outbox.OutboxError, match="could not send"):
        outbox.send_email(message, smtp, environ={}, timeout=2)


@pytest.mark.parametrize(("email", "files"), [("caller@example.com", [".eml", ".ics"]), (None, [".ics"])])
def test_issue_invite_writes_what_the_commitment_needs(data_dir, email, files):
    commitment = promise(email=email)
    ics_path, eml_path = outbox.issue_invite(data_dir, commitment, NOW, sender="desk@example.com")
    assert sorted(p.suffix for p in (data_dir / "outbox").iterdir()) == files
    assert ics_path.read_bytes() == invite_ics(commitment, NOW)
    if eml_path:
        assert message_from_bytes(eml_path.read_bytes(), policy=default)["From"] == "desk@example.com"
