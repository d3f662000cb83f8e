"""Golden tests: a fixed export file rendered as Markdown and CSV must match the committed output.

After an intended change of format: `python -m tests.review.test_golden_exports` rewrites the
expected files; read the diff before committing it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.services.summaries import render

HERE = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def rendered(fmt: str) -> str:
    document = json.loads((HERE / "calls.json").read_text(encoding="utf-8"))
    return render(document, fmt, "Europe/London", NOW)


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_export_matches_golden(fmt):
    assert rendered(fmt) == (HERE / f"expected.{fmt}").read_text(encoding="utf-8")


def test_csv_neutralises_formulas_and_md_names_rules():
    assert "L10: Escalated with no callback" in rendered("md")
    csv_text = rendered("csv")
    assert "\n=" not in csv_text and ",=" not in csv_text


if __name__ == "__main__":
    for fmt in ("md", "csv"):
        (HERE / f"expected.{fmt}").write_text(rendered(fmt), encoding="utf-8")
