"""UI catalogs: the shipped .mo files are compiled from their .po, and `_` follows the language."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from tui.i18n import KEY_LABEL, LOCALE_DIR, P_, _, set_language
from tui.i18n_build import catalogs, mo_bytes, parse_po


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
    """Every literal passed to _() or N_() in the desk and line mode (implicit concatenation joined)."""
    found = set()
    for folder in ("app", "line"):
        for path in (LOCALE_DIR.parent / folder).rglob("*.py"):
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
    from tui.app.screens.calls import CallsScreen
    from tui.app.screens.replay import ReplayScreen
    from tui.app.screens.team import TeamScreen
    from tui.domain import commitments, events
    from tui.domain.callback_window import PRESET_LABELS
    from tui.i18n import KEY_LABEL
    from tui.keys import DESK_ACTIONS

    found = {f"{KEY_LABEL}\x04{action.label}" for action in DESK_ACTIONS} | {action.tooltip for action in DESK_ACTIONS}
    found |= set(events.OUTCOME_LABELS.values()) | set(events.CATEGORY_LABELS.values())
    found |= set(PRESET_LABELS.values()) | set(commitments.STATUS_LABELS.values())
    for screen in (CallsScreen, ReplayScreen, TeamScreen):   # their KeyBar shows these descriptions
        found |= {binding.description for binding in screen.BINDINGS if binding.show}
    return found


def test_the_scan_finds_the_strings_it_should():
    wrapped = wrapped_strings()
    assert "Coach" in wrapped and "Outcome" in wrapped            # from tui/app
    assert "No call is live. /call starts one." in wrapped          # from tui/line
    assert "go to the next step (F2)" in wrapped                    # N_() marks data
    assert any(text.startswith("callcoach stopped on an internal error") and text.endswith("resume the call.")
               for text in wrapped)                                 # implicit concatenation is one msgid
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
    set_language("en")
    assert _("Refund") == "Refund"


def test_a_context_keeps_two_meanings_of_one_word_apart():
    set_language("zh-Hant")
    assert P_(KEY_LABEL, "Back") == "上一步"        # F3 in the footer: the previous step
    assert _("Back") == "返回"                        # Esc in a key bar: the previous screen
    assert P_(KEY_LABEL, "Caller") == "類型" and _("Caller") == "客戶"


def test_line_mode_speaks_the_configured_language(config, data_dir, clock):
    from dataclasses import replace

    from tests.line.test_line_mode import ENTER, run_line_desk
    from tui.session import open_desk

    desk = open_desk(replace(config, language="zh-Hans"), data_dir, clock)
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
