"""UI catalogs: the shipped .mo files are compiled from their .po, and `_` follows the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.i18n import LOCALE_DIR, _, set_language
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


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: p.parent.parent.name)
def test_catalogs_translate_every_wrapped_string_and_keep_placeholders(po: Path):
    sources = [*(LOCALE_DIR.parent / "app").rglob("*.py"), LOCALE_DIR.parent / "offer_words.py"]
    source = "".join(p.read_text(encoding="utf-8") for p in sources)
    wrapped = set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', source))
    messages = parse_po(po.read_text(encoding="utf-8"))
    assert wrapped - set(messages) == set()
    for msgid, msgstr in messages.items():
        assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", msgstr)), msgid


def test_language_switches_and_english_is_the_fallback():
    set_language("ko")
    assert _("Refund") == "환불"
    set_language("zh-Hans")
    assert _("Refund") == "退款"
    assert _("A string nobody translated") == "A string nobody translated"
    set_language("en")
    assert _("Refund") == "Refund"
