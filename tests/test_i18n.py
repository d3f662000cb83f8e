"""UI catalogs: the shipped .mo files are compiled from their .po, and `_` follows the language."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from tui.support.i18n import KEY_LABEL, LOCALE_DIR, P_, _, set_language
from tui.support.i18n_build import catalogs, mo_bytes, parse_po


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    set_language("en")


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: p.parent.parent.name)
def test_shipped_mo_matches_its_po(po: Path):
    assert po.with_suffix(".mo").read_bytes() == mo_bytes(parse_po(po.read_text(encoding="utf-8")))


def test_every_language_has_a_catalog():
    assert sorted(p.parent.parent.name for p in catalogs()) == ["ko", "zh_Hans", "zh_Hant"]


def wrapped_strings() -> set[str]:
    """Every literal passed to _() or N_() in the desk, line mode, the domain, the session wiring and
    the commands that print for the agent (implicit concatenation joined)."""
    found = set()
    root = LOCALE_DIR.parent.parent  # tui/
    paths = [
        *(root / "app").rglob("*.py"),
        *(root / "line").rglob("*.py"),
        *(root / "domain").rglob("*.py"),
        *(root / "services").rglob("*.py"),  # the session and callback sequences both front ends show
        root / "commands" / "callbacks.py",
    ]  # `callbacks --list`
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            literals = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if node.func.id in ("_", "N_") and len(literals) == 1:
                found.add(literals[0])
            elif node.func.id == "P_" and len(literals) == 2:
                found.add("\x04".join(literals))
    return found


def shown_data_strings() -> set[str]:
    """English strings kept as data and translated where they are drawn: key labels, outcomes, key bars."""
    import tui.domain.call.events as events
    import tui.domain.callback.commitments as commitments
    from tui.app.review.calls import CallsScreen
    from tui.app.review.replay import ReplayScreen
    from tui.app.review.team import TeamScreen
    from tui.config.keys import CALLBACK_QUEUE_ACTIONS, CALLBACK_QUEUE_CHOICES, DESK_ACTIONS
    from tui.domain.callback.window import PRESET_LABELS
    from tui.support.i18n import KEY_LABEL

    found = {f"{KEY_LABEL}\x04{action.label}" for action in DESK_ACTIONS} | {action.tooltip for action in DESK_ACTIONS}
    hint = (*CALLBACK_QUEUE_CHOICES, *(action for action in CALLBACK_QUEUE_ACTIONS if action.id != "queue_whose_time"))
    found |= {f"{KEY_LABEL}\x04{action.label}" for action in hint}  # the F9 queue's hint line
    found |= set(events.OUTCOME_LABELS.values()) | set(events.CATEGORY_LABELS.values())
    found |= set(PRESET_LABELS.values()) | set(commitments.STATUS_LABELS.values())
    for screen in (CallsScreen, ReplayScreen, TeamScreen):  # their KeyBar shows these descriptions
        found |= {binding.description for binding in screen.BINDINGS if binding.show}
    return found


def test_the_scan_finds_the_strings_it_should():
    wrapped = wrapped_strings()
    assert "Coach" in wrapped and "Outcome" in wrapped  # from tui/app
    assert "No call is live. /call starts one." in wrapped  # from tui/line
    assert "go to the next step (F2)" in wrapped  # N_() marks data
    assert "callback (Enter promises, ? help, x leave)> " in wrapped  # line mode's /callback
    assert "Kept on time: {rate}" in wrapped  # from tui/commands/callbacks.py
    assert {"Length", "OVERDUE", "{step} step skipped."} <= wrapped  # history table, review flags
    assert any(
        text.startswith("callcoach stopped on an internal error") and text.endswith("resume the call.") for text in wrapped
    )  # implicit concatenation is one msgid
    assert {"key\x04Hold", "key\x04End", "Resolved", "OVERDUE", "Back"} <= shown_data_strings()


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: p.parent.parent.name)
def test_catalogs_translate_every_shown_string_and_keep_placeholders(po: Path):
    messages = parse_po(po.read_text(encoding="utf-8"))
    assert (wrapped_strings() | shown_data_strings()) - set(messages) == set()
    for msgid, msgstr in messages.items():
        assert sorted(re.findall(r"{\w+}", msgid)) == sorted(re.findall(r"{\w+}", msgstr)), msgid


def test_language_switches_and_english_is_the_fallback():
    set_language("ko")
    assert _("Refund") == "환불"
    set_language("zh-Hans")
    assert _("Refund") == "退款"
    assert _("A string nobody translated") == "A string nobody translated"
    assert _("") == ""  # not the catalog's header: an empty category stays empty
    set_language("en")
    assert _("Refund") == "Refund"


def test_a_context_keeps_two_meanings_of_one_word_apart():
    set_language("zh-Hant")
    assert P_(KEY_LABEL, "Back") == "上一步"  # F3 in the footer: the previous step
    assert _("Back") == "返回"  # Esc in a key bar: the previous screen
    assert P_(KEY_LABEL, "Caller") == "類型" and _("Caller") == "客戶"


def test_line_mode_speaks_the_configured_language(config, data_dir, clock, agent_language):
    from dataclasses import replace

    from tests.line.pipe_driver import ENTER, run_line_desk
    from tui.services.session import open_desk

    desk = open_desk(replace(config, language="zh-Hans"), data_dir, clock)
    agent_language("zh-Hans")  # as the CLI does at start-up with the config's language
    said, code = run_line_desk(desk, ["/next" + ENTER, "/hold" + ENTER, "/end" + ENTER, ENTER, ENTER])
    assert code == 0
    assert said[0].startswith("已开始与 +442070313000 的通话")
    assert "第 2 步，共 4 步：道歉（L3, L4, L5, L6）。" in said
    assert "通话已保持。再输入 /hold 恢复。" in said
    assert any(line.startswith("通话已归档为") and "已约回电" not in line and "已解决" in line for line in said)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("po", catalogs(), ids=lambda p: p.parent.parent.name)
def test_our_catalog_reads_the_same_as_gnu_msgfmts(po: Path, tmp_path):
    import gettext
    import subprocess

    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "gnu.mo"), str(po)], check=True)
    with open(tmp_path / "gnu.mo", "rb") as gnu, open(po.with_suffix(".mo"), "rb") as ours:
        assert gettext.GNUTranslations(ours)._catalog == gettext.GNUTranslations(gnu)._catalog


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        (
            "ko",
            "손상된 기록 파일 1개를 quarantine/으로 옮기고 나머지는 불러왔습니다: 2025-07.",
            "손상된 기록 파일 2개를 quarantine/으로 옮기고 나머지는 불러왔습니다: 2025-08, 2025-09.",
        ),
        (
            "zh-Hans",
            "一个损坏的历史文件已移到 quarantine/，其余已载入：2025-07。",
            "2 个损坏的历史文件已移到 quarantine/，其余已载入：2025-08, 2025-09。",
        ),
    ],
)
def test_the_history_check_speaks_the_agents_language(lang, one, two, desk):
    """What the desk's status line (and line mode) says after setting damaged months aside."""
    set_language(lang)
    desk.history.path_of("2025-07").write_bytes(b"{not json")
    assert desk.check_history() == one
    assert desk.check_history() is None  # said once
    for month in ("2025-08", "2025-09"):
        desk.history.path_of(month).write_bytes(b"\x00\x01")
    assert desk.check_history() == two
