"""Line breaks for mixed CJK and Latin text: every line fits, Chinese breaks between characters."""

from __future__ import annotations

import pytest

from tui.domain.text.line_break import cell_width, line_starts


def lines(text: str, width: int) -> list[str]:
    bounds = [0, *line_starts(text, width), len(text)]
    return [text[a:b].rstrip() for a, b in zip(bounds, bounds[1:])]


def test_latin_breaks_at_spaces_like_a_terminal():
    assert lines("Let them finish. Short signals only.", 12) == ["Let them", "finish.", "Short", "signals", "only."]


def test_chinese_breaks_between_characters_and_fills_each_line():
    text = "让客户把话说完。只用简短的回应。"
    got = lines(text, 10)
    assert "".join(got) == text
    assert all(cell_width(line) <= 10 for line in got)
    assert all(cell_width(line) >= 8 for line in got[:-1])  # full, but for a full stop kept with its word


def test_a_bullet_and_a_rule_id_stay_on_the_line_with_their_chinese_text():
    got = lines("L5 去掉“说实话”：加了这种前缀，后面的话反而像借口。", 20)
    assert got[0].startswith("L5 去")
    assert all(cell_width(line) <= 20 for line in got)


@pytest.mark.parametrize("mark", list("，。、；：）」”"))
def test_closing_punctuation_never_starts_a_line(mark):
    text = f"客户发泄时插话纠正{mark}或辩解"
    for width in range(4, 24):
        for line in lines(text, width)[1:]:
            assert not line.startswith(mark), (width, lines(text, width))


def test_opening_quote_never_ends_a_line():
    text = "请客户提意见：“今天有什么地方”"
    for width in range(4, 30):
        assert not any(line.endswith("“") for line in lines(text, width)), width


def test_korean_breaks_at_spaces_not_inside_words():
    got = lines("끝까지 말씀하시게 두세요. 맞장구는 짧게", 16)
    assert got == ["끝까지", "말씀하시게", "두세요. 맞장구는", "짧게"]


def test_a_word_wider_than_the_line_is_cut():
    assert lines("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert lines("가나다라마바", 5) == ["가나", "다라", "마바"]
