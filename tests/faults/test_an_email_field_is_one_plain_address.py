"""Row 21 (issue 15, class 5): an e-mail field is one plain addr-spec, so an invite can never go to
a second, hidden recipient. The check itself with an attacker's addresses, then line mode's
/callback with a real SMTP server on the loopback (aiosmtpd): what it refuses sends nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.line.pipe_driver import ENTER, run_line_desk
from tests.store.test_outbox import smtp_server  # noqa: F401  (the fixture)
from tui.config.callback import SmtpConfig
from tui.domain.text.email_address import valid_email
from tui.services.session import open_desk

HOSTILE = [
    "alice@ex.com,bob",
    "x,victim@example.com",
    "alice@ex.com, victim@example.com",
    "alice@ex.com;victim@example.com",
    "team: alice@ex.com, victim@example.com;",
    "undisclosed-recipients:;",
    "Alice <alice@example.com>",
    "<alice@example.com>",
    '"Alice" alice@example.com',
    "alice@example.com (Alice)",
    '"victim@example.com"@example.com',
    "alice@example.com\x1b[2J",
    "alice@example.com\x00victim@example.com",
    "alice@example.com\r\nBcc: victim@example.com",
    "alice@example.com\nvictim@example.com",
    "alice @example.com",
    " alice@example.com",
    "alice@example",
    "alice@@example.com",
    "alice@ex..com",
    "@example.com",
    "alice@",
    "a" * 65 + "@example.com",
    "alice@" + "b" * 250 + ".com",
    "alice@exa_mple.com",
    "alice@-example.com",
    "alice\u202e@example.com",
]
GOOD = ["alice@example.com", "a.b+tag@mail.example.co.uk", "o'brien@example.ie", "x@y.io", "Z_9-1@sub-domain.example.com"]


@pytest.mark.parametrize("address", HOSTILE)
def test_anything_but_one_address_is_refused(address):
    assert not valid_email(address)


@pytest.mark.parametrize("address", GOOD)
def test_one_plain_address_is_taken(address):
    assert valid_email(address)


END = ["/end" + ENTER, ENTER, ENTER]


@pytest.mark.parametrize("address", ["alice@ex.com,bob", "x,victim@example.com", "alice@ex.com;victim@example.com", "<alice@example.com>"])
def test_line_mode_sends_no_invite_to_a_list(config, data_dir, clock, smtp_server, address):  # noqa: F811
    controller, inbox = smtp_server
    smtp = SmtpConfig("127.0.0.1", controller.port, starttls=False, sender="desk@example.com")
    desk = open_desk(replace(config, smtp=smtp), data_dir, clock)
    said, code = run_line_desk(desk, [f"/callback 24h email {address}" + ENTER, "\x03", *END])
    assert code == 0
    assert any("is not an e-mail address" in line for line in said), said
    assert "Nothing was promised." in said
    assert inbox.envelopes == [] and list((data_dir / "outbox").iterdir()) == []


def test_line_mode_sends_one_invite_to_one_address(config, data_dir, clock, smtp_server):  # noqa: F811
    controller, inbox = smtp_server
    smtp = SmtpConfig("127.0.0.1", controller.port, starttls=False, sender="desk@example.com")
    desk = open_desk(replace(config, smtp=smtp), data_dir, clock)
    said, code = run_line_desk(desk, ["/callback 24h email alice@example.com" + ENTER, ENTER, *END])
    assert code == 0
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["alice@example.com"]
