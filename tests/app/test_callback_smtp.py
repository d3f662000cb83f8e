"""F5 with [smtp] configured: the invite is sent after it is written; a failed send leaves the promise."""

from __future__ import annotations

from dataclasses import replace
from email import message_from_bytes
from email.policy import default

from tests.store.test_outbox import free_port, smtp_server  # noqa: F401  (the fixture)
from tui.app.base import desk_app
from tui.config.callback import SmtpConfig
from tui.services.session import open_desk

from .conftest import desk_screen, until


async def promise_with_email(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        await pilot.press("f5", "tab", "tab", *"caller@example.com", "enter")  # Tab: number, Tab: e-mail
        await until(
            pilot,
            lambda: "Invite sent" in str(screen.query_one("#status").render()) or "not sent" in str(screen.query_one("#status").render()),
        )
        app.final_status = str(screen.query_one("#status").render())
        app.final_callbacks = list(screen.call.state.callbacks)


async def test_the_invite_goes_to_a_real_smtp_server(config, data_dir, clock, smtp_server):  # noqa: F811
    controller, inbox = smtp_server
    smtp = SmtpConfig("127.0.0.1", controller.port, starttls=False, sender="desk@example.com")
    app = desk_app(open_desk(replace(config, smtp=smtp), data_dir, clock), start_caller="+44 20 7031 3000")
    await promise_with_email(app)
    assert "Invite sent to caller@example.com" in app.final_status
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["caller@example.com"]
    calendar = list(message_from_bytes(envelope.original_content, policy=default).iter_parts())[1]
    assert calendar.get_param("method") == "REQUEST" and b"METHOD:REQUEST" in calendar.get_payload(decode=True)
    assert len(app.final_callbacks) == 1


async def test_a_failed_send_is_one_sentence_and_the_promise_stands(config, data_dir, clock):
    smtp = SmtpConfig("127.0.0.1", free_port(), starttls=False)
    app = desk_app(open_desk(replace(config, smtp=smtp), data_dir, clock), start_caller="+44 20 7031 3000")
    await promise_with_email(app)
    assert "The invite was not sent" in app.final_status and "the callback stands" in app.final_status
    assert len(app.final_callbacks) == 1
    assert len(list((data_dir / "outbox").glob("*.request.eml"))) == 1
