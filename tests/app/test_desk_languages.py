"""The desk speaks the configured language: status line, header, wrap-up, F1 help, quit question."""

from __future__ import annotations

from dataclasses import replace
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from icalendar import Calendar

from tui.app.desk.confirm_quit import ConfirmQuitScreen
from tui.app.desk.keys_help import KeysHelpScreen
from tui.app.desk.wrap_up import WrapUpScreen
from tui.services.session import open_desk
from tui.store.datadir import prepare_data_dir
from tui.support.i18n import set_language

from .conftest import settle, until
from .review_helpers import filled_dir, review_app
from .test_callback_panel import open_panel
from .test_snapshot_cjk import cjk_app


def status_text(app) -> str:
    return app.screen_stack[0].query_one("#status")._message.plain


def header_text(app) -> str:
    return str(app.screen_stack[0].query_one("#header").render())


async def test_a_korean_call_from_hold_to_filing(tmp_path):
    app = cjk_app(tmp_path, "ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        assert status_text(app).startswith("통화를 시작했습니다")
        await pilot.press("f8")
        await settle(pilot)
        assert "보류 중" in header_text(app) and "F8" in status_text(app)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, WrapUpScreen))
        outcomes = app.screen.query_one("#outcome")
        assert [str(outcomes.get_option_at_index(i).prompt) for i in range(2)] == ["1  해결", "2  콜백 약속"]
        assert outcomes.border_title == "결과"
        await pilot.press("enter")
        await until(pilot, lambda: status_text(app).startswith("통화를 저장했습니다: 해결"))


async def test_traditional_chinese_help_and_quit_question(tmp_path):
    app = cjk_app(tmp_path, "zh-Hant")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, KeysHelpScreen))
        help_table = app.screen.query_one("#keys-help Static").content
        assert "目前可用的按鍵" in str(help_table.title)
        await pilot.press("escape", "ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmQuitScreen))
        assert "確定要離開嗎" in str(app.screen.query_one("Label").render())
        await pilot.press("n")
        await settle(pilot)
        assert app.screen_stack[0].live


LONG_NOTES = {
    "en": "The parcel was sent to the wrong town twice and the courier says it was delivered although nobody was home",
    "zh-Hans": "包裹两次被送到了错误的城市，快递员说已经签收了，但是那天家里根本没有人，我打了三次电话都没人处理",
}


@pytest.mark.parametrize("language", sorted(LONG_NOTES))
async def test_a_long_note_wraps_under_its_text_without_losing_a_character(tmp_path, language):
    app = cjk_app(tmp_path, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        notes = app.screen_stack[0].query_one("#notes")
        app.screen_stack[0].query_one("#note-input").value = LONG_NOTES[language]
        await pilot.press("enter")
        await settle(pilot)
        width = notes.scrollable_content_region.width
        lines = [strip.text for strip in notes._lines]
        assert len(lines) >= 3 and lines[0].startswith("00:00  ")
        assert all(line.startswith(" " * 7) for line in lines[1:])  # hung under the text
        assert all(strip.cell_length <= width for strip in notes._lines)
        shown = "".join(line[7:].rstrip() + (" " if language == "en" else "") for line in lines).strip()
        assert shown == LONG_NOTES[language]


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
async def test_the_step_tracker_wraps_between_steps_never_inside_one(tmp_path, language):
    app = cjk_app(tmp_path, language)
    app.desk = open_desk(replace(app.desk.config, playbook="seven-points"), prepare_data_dir(tmp_path / "7"), app.test_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        for _step in range(3):
            app.test_clock.advance(30)
            await pilot.press("f2")
        await settle(pilot, 0.6)
        tracker = app.screen_stack[0].query_one("#steps")
        lines = str(tracker.content).split("\n")
        assert len(lines) == 2
        titles = [step.title for step in app.desk.playbook.steps]
        for line in lines:
            for piece in filter(None, (part.strip() for part in line.split("»"))):
                assert piece[0] in "✓▶·" and piece.split()[2] in titles, line  # "✓ 1 Speed 00:30": whole


async def test_the_history_key_bar_follows_the_language(data_dir):
    set_language("ko")  # what `callcoach calls` does with the config's language
    app = review_app(filled_dir(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        bar = str(app.screen.query_one("#keys").content)
        assert "다시 보기" in bar and "번호 보기" in bar and "나가기" in bar


async def test_the_callback_queue_in_korean(tmp_path):
    app = cjk_app(tmp_path, "ko")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen_stack[0].live)
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.query("#cq-summary") and "콜백: 0건" in str(app.screen.query_one("#cq-summary").content))
        assert str(app.screen.query_one("#cq-detail").content) == "아직 약속한 콜백이 없습니다."
        assert "1 완료 · 2 일정 변경" in str(app.screen.query_one("#cq-hint").content)


async def test_korean_f5_enter_reads_back_and_invites_in_korean(tmp_path):
    """F5, an e-mail, Enter in a Korean desk: the sentence to read aloud, the journaled promise and the
    invite's DESCRIPTION are Korean, with the date in Korean form; the .ics stays valid (CRLF, folding)."""

    app = cjk_app(tmp_path, "ko")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen_stack[0]
        panel = await open_panel(pilot)
        await pilot.press("tab", "tab", *"caller@example.com")
        said = panel.query_one("#cb-readback").render().plain
        # Monday 14:00 UTC: the first two hours in London, read aloud the way a Korean agent says them
        expected = (
            "오늘(11월 23일 월요일) 고객님 시간 기준 오후 2시에서 4시 사이에 020 7031 3000번으로 "
            "다시 전화드리겠습니다. 캘린더 초대도 이메일로 보내드리겠습니다."
        )
        assert said.endswith("  " + expected), said
        assert "11월 23일(월) 14:00-16:00 GMT" in panel.query_one("#cb-window").render().plain
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.call.state.callbacks) == 1 and "콜백을 약속했습니다" in status_text(app))
        [event] = screen.call.state.callbacks
        call_id = screen.call.call_id
        assert event["readback"] == expected
        assert "11월 23일(월) 14:00 GMT" in status_text(app)
    [ics] = sorted((app.desk.data_dir / "outbox").glob("*.ics"))
    raw = ics.read_bytes()
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines) and all(len(line) <= 75 for line in lines)  # folded by octets
    raw.decode("utf-8")  # no multibyte character cut by a fold
    vevent = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(vevent["DESCRIPTION"]).splitlines() == [
        f"통화 참조 번호: {call_id}",
        "번호: +442070313000 (020 7031 3000)",
        f"약속 내용: {expected}",
    ]
    assert str(vevent["SUMMARY"]) == "Ana 상담원의 콜백"
    [eml] = sorted((app.desk.data_dir / "outbox").glob("*.eml"))
    mail = message_from_bytes(eml.read_bytes(), policy=default_policy)
    assert mail["Subject"] == "콜백 안내: 11월 23일 월요일 14:00 GMT"
    assert f"약속 내용: {expected}" in mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        ("ko", "내일 오전 10시~12시", "내일(11월 24일 화요일) 고객님 시간 기준 오전 10시에서 낮 12시 사이에"),
        ("zh-Hant", "週三 下午2點-4點", "我會在11月25日星期三您當地時間14:00至16:00之間"),
    ],
)
async def test_a_custom_window_typed_in_the_agents_language(tmp_path, lang, typed, said):
    """5 and Tab, then the window in Korean or Chinese words: the panel reads it and the readback follows."""
    app = cjk_app(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_panel(pilot)
        await pilot.press("5", "tab", *typed)
        await settle(pilot)
        assert panel.preset == "custom" and panel.proposal.ok, panel.proposal.problem
        assert said in panel.query_one("#cb-readback").render().plain
