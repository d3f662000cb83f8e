"""The desk speaks the configured language: status line, header, wrap-up, F1 help, quit question."""

from __future__ import annotations

import pytest

from tui.app.screens.confirm_quit import ConfirmQuitScreen
from tui.app.screens.keys_help import KeysHelpScreen
from tui.app.screens.wrap_up import WrapUpScreen

from .conftest import settle, until
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
        assert all(line.startswith(" " * 7) for line in lines[1:])         # hung under the text
        assert all(strip.cell_length <= width for strip in notes._lines)
        shown = "".join(line[7:].rstrip() + (" " if language == "en" else "") for line in lines).strip()
        assert shown == LONG_NOTES[language]


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
async def test_the_step_tracker_wraps_between_steps_never_inside_one(tmp_path, language):
    from dataclasses import replace

    from tui.session import open_desk
    from tui.store.datadir import prepare_data_dir

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
            for piece in filter(None, (part.strip() for part in line.split("›"))):
                assert piece[0] in "✓▶·" and piece.split()[2] in titles, line   # "✓ 1 Speed 00:30": whole


async def test_the_history_key_bar_follows_the_language(data_dir):
    from tui.i18n import set_language

    from .review_helpers import filled_dir, review_app

    set_language("ko")                       # what `callcoach calls` does with the config's language
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
        assert "k 완료 · r 일정 변경" in str(app.screen.query_one("#cq-hint").content)
