"""Line mode in Korean: /callback and /offer ask and answer in the agent's language (issue 5).

Real keys through pipe input, as in test_callback and test_coaching; the desk's config
says `language = "ko"`, so the playbook, the phrase rules and the UI catalog are all Korean.
The clock is the test clock: Monday 23 November 2026, 14:00 UTC; the agent is in Europe/London.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.line.pipe_driver import ENTER, run_line_desk
from tui.services.session import open_desk

END = ["/end" + ENTER, ENTER, ENTER]


@pytest.fixture
def korean_desk(config, data_dir, clock, agent_language):
    agent_language("ko")  # as the CLI does at start-up with the config's language
    return open_desk(replace(config, language="ko"), data_dir, clock)


def events(desk, kind: str) -> list[dict]:
    [record] = list(desk.history.calls())
    return [event for event in record["events"] if event["type"] == kind]


def test_callback_says_the_number_window_and_sentence_in_korean(korean_desk):
    typed = ["/callback" + ENTER, "z 3" + ENTER, "?" + ENTER, ENTER, *END]
    said, code = run_line_desk(korean_desk, typed)
    assert code == 0
    assert "번호 +442070313000, 국내 형식 020 7031 3000, 유선 전화, London. 시간대: Europe/London." in said
    assert (
        "콜백 시간, 24시간 안: 상담원 기준 11월 23일(월) 14:00-16:00 GMT (Europe/London); "
        "고객님 기준 11월 23일(월) 14:00-16:00 GMT (Europe/London)."
    ) in said
    assert "이 번호의 시간대는 하나라서 고를 필요가 없습니다." in said  # z on a one-zone number
    help_lines = [line for line in said if line.startswith("Enter를 누르면 약속합니다.")]
    assert len(help_lines) == 2  # first time, and for ?
    assert "2h, today, 24h, morning" in help_lines[0] and "x." in help_lines[0]  # command words stay
    assert any(line.startswith("이렇게 말하세요: 오늘(11월 23일 월요일)") for line in said)
    assert not any(line.startswith(("Number ", "Window", "Say:", "Enter promises")) for line in said)
    [event] = events(korean_desk, "callback")
    assert (event["start"], event["end"]) == ("2026-11-23T14:00:00Z", "2026-11-23T16:00:00Z")


def test_callback_left_with_x_says_so_in_korean(korean_desk):
    said, _ = run_line_desk(korean_desk, ["/callback" + ENTER, "x" + ENTER, *END])
    assert "아무것도 약속하지 않았습니다." in said
    assert events(korean_desk, "callback") == []


def test_offer_asks_judges_and_records_in_korean(korean_desk):
    typed = [
        "/offer 환불 lots" + ENTER,
        "/offer" + ENTER,
        ENTER,
        "많이" + ENTER,
        "40" + ENTER,
        "100" + ENTER,
        "n" + ENTER,
        "/offer 적립금 10 accepted" + ENTER,
        *END,
    ]
    said, code = run_line_desk(korean_desk, typed)
    assert code == 0
    assert (
        "'lots'은(는) 제안 입력에 맞지 않습니다. /offer 종류 금액 [spend N] [accepted], "
        "종류: 1 환불, 2 적립금, 3 교환, 4 수리, 5 할인, 6 기타."
    ) in said
    assert any(line.startswith("'많이'은(는) 금액이 아닙니다.") for line in said)
    assert "한도(20) 초과입니다. 제안하기 전에 승인을 받으세요." in said
    assert "제안 기록: 환불 40, 승인 필요." in said
    assert said.count("제안이 하나뿐입니다. 하나 더 제시하고 고객님이 고르시게 하세요 (F7). /offer로 기록하세요.") == 1
    assert "제안 기록: 적립금 10, 권한 안, 수락됨." in said
    first, second = events(korean_desk, "offer")
    assert (first["option"], first["amount"], first["prior_spend"], first["accepted"]) == ("refund", 40.0, 100.0, False)
    assert (second["option"], second["amount"], second["accepted"]) == ("credit", 10.0, True)


def test_words_at_the_callback_question_are_a_note_and_a_second_callback_changes_it_in_korean(korean_desk):
    typed = ["/callback" + ENTER, "저녁에만 통화 가능" + ENTER, "내일 오후" + ENTER, ENTER, "/callback" + ENTER, "x" + ENTER, *END]
    said, _ = run_line_desk(korean_desk, typed)
    assert "콜백 시간도 번호도 아니어서 콜백은 그대로입니다." in said
    assert "00:00 시점의 메모로 저장했습니다." in said
    assert "00:00에 약속한 콜백을 변경합니다. Enter는 같은 초대장을 다시 보내고, new를 입력하면 별도 콜백입니다." in said
    assert "바뀐 것은 없습니다." in said
    assert [event["text"] for event in events(korean_desk, "note")] == ["저녁에만 통화 가능"]
    [event] = events(korean_desk, "callback")
    assert (event["number"], event["start"], event["end"]) == ("+442070313000", "2026-11-24T13:00:00Z", "2026-11-24T17:00:00Z")
