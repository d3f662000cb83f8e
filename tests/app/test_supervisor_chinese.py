"""The supervisor's history and replay in Simplified Chinese (issue 5): real keys through Pilot.

`callcoach calls` sets the UI language from the config before the app is built; here the
agent_language fixture does the same. The calls are the golden ones of review_helpers.
"""

from __future__ import annotations

from rich.cells import cell_len

from tui.app.review.ask_text import AskTextScreen
from tui.app.widgets.call_table import CallTable
from tui.app.widgets.review_pane import ReviewPane
from tui.app.widgets.status_line import StatusLine
from tui.app.widgets.step_tracker import StepTracker

from .conftest import until
from .review_helpers import filled_dir, review_app
from .test_calls import loaded

OTHER = "20261123T150000Z-bbbbbb"  # hold 40-230, escalated, six flags


def table_line(app, y: int) -> str:
    return "".join(segment.text for segment in app.screen.query_one(CallTable).render_line(y))


def title(app) -> str:
    return str(app.screen.query_one("#calls-title").render())


def history_in(language: str, data_dir, agent_language):
    """The supervisor's app over the golden calls, built after the language is set (as `callcoach calls` does)."""
    agent_language(language)
    return review_app(filled_dir(data_dir))


async def test_history_and_replay_read_in_chinese(data_dir, agent_language):
    app = history_in("zh-Hans", data_dir, agent_language)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        header = table_line(app, 0)
        for column in ("开始 ▼", "客服", "客户", "时长", "结果", "分类", "标记", "回电"):
            assert column in header
        assert "Start" not in header and "Outcome" not in header
        assert title(app).startswith("显示 3 通，共 3 通") and "按开始排序 ▼" in title(app)
        rows = [table_line(app, y) for y in (1, 2, 3)]
        assert any("已升级" in row for row in rows)  # the outcome column, translated
        [cut_off] = [row for row in rows if "已中断" in row]  # filed with no outcome, no category
        assert "Project-Id" not in cut_off and "已中断" + " " * 30 in cut_off  # an empty category stays empty
        await pilot.press("f4")  # flagged only
        assert "仅有标记的通话" in title(app)
        await pilot.press("f8")  # reveal the numbers
        assert str(app.screen.query_one(StatusLine).render()).strip() == "已显示客户完整号码。"
        await pilot.press("down", "enter")
        await until(pilot, lambda: getattr(app.screen, "model", None) is not None)
        await pilot.pause()
        assert app.screen.call_id == OTHER
        pane = app.screen.query_one(ReviewPane)
        assert pane.border_title.startswith("复核 · 6 个标记")
        flags = [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        assert any("L9" in flag and "保持 190 秒（超过" in flag for flag in flags)
        assert not any("Hold of" in flag for flag in flags)
        assert "倾听" in str(app.screen.query_one(StepTracker).render())  # the playbook's Chinese titles
        status = str(app.screen.query_one(StatusLine).render())
        assert "回放" in status and "已暂停" in status and "在标记上按 Enter 跳到该处" in status
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, AskTextScreen))
        assert app.screen.question == "00:00 处的评论（评论人 Sam）："
        await pilot.press("enter")  # nothing typed: said why
        assert "请输入评论，或按 Esc 取消。" in str(app.screen.query_one("#ask-problem").render())
        await pilot.press("escape", "escape")
        assert app.screen.__class__.__name__ == "CallsScreen"


async def test_team_view_reads_in_traditional_chinese(data_dir, agent_language):
    app = history_in("zh-Hant", data_dir, agent_language)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TeamScreen")
        await until(pilot, lambda: str(app.screen.query_one("#team-title").render()).startswith("團隊檢視 · 3 通通話 · "))
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("全部客服\n3 通通話 · 平均通話 ") and "各步驟平均用時" in body and "主要類別" in body
        await pilot.press("down", "down")  # Min-jun: one call, flagged
        body = str(app.screen.query_one("#team-body").render())
        assert body.startswith("Min-jun") and "最常見的標記" in body and "L10" in body
        [listen] = [line for line in body.splitlines() if line.startswith("傾聽")]
        assert cell_len(listen[: listen.index("█")]) == 13  # a CJK title padded to 12 cells, then a space
