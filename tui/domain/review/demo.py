"""Sample calls for `callcoach demo`: a few dozen realistic calls by several agents, with every kind
of outcome, callbacks kept and missed, and the slips the review flags catch. Deterministic for a
given `now` and seed, so a demo (and its tests) always look the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tui.domain.call.record import call_record
from tui.domain.review.comments import new_comment

AGENTS = (("Ana", "Europe/London"), ("Min-jun", "Asia/Seoul"), ("Li Wei", "Asia/Shanghai"), ("Sam", "America/Chicago"))
CALLERS = {
    "Europe/London": ("+442070313000", "+447700900123", "+447911123456"),
    "Asia/Seoul": ("+82212345678", "+821012345678"),
    "Asia/Shanghai": ("+861012345678", "+8613812345678"),
    "America/Chicago": ("+13125550142", "+16505550199"),
}


@dataclass(frozen=True)
class Story:
    category: str
    notes: tuple[str, ...]
    offers: tuple[tuple[str, float | None, bool, bool], ...] = ()  # (kind, amount, accepted, inside authority)


STORIES = {
    "Ana": (
        Story(
            "logistics",
            (
                "Parcel 4411 never arrived; third call about it",
                "Tracking says delivered to a locker she has never used",
                "Owned it: our courier scanned the wrong locker",
                "She wants it before Friday, it's a birthday present",
            ),
            (("replacement", None, True, True), ("refund", 120.0, False, False)),
        ),
        Story(
            "usage",
            (
                "I tried to set up the thermostat app twice, can't seem to pair it",
                "Walked her through pairing mode: hold the dial 5 s",
                "Paired on the third go; she was relieved",
            ),
        ),
        Story(
            "service",
            (
                "Waited 40 minutes on hold yesterday and got cut off",
                "Nobody called back as promised",
                "Apologised for the missed callback",
            ),
            (("credit", 30.0, True, True),),
        ),
    ),
    "Min-jun": (
        Story(
            "product_quality",
            (
                "이어폰 오른쪽이 갑자기 안 들려요. 구매한 지 2주밖에 안 됐어요",
                "초기화도 해봤는데 안 돼요",
                "새 제품으로 교환 안내, 택배 수거 일정 잡음",
            ),
            (("replacement", None, True, True), ("refund", 89000.0, False, True)),
        ),
        Story("logistics", ("배송 조회가 3일째 그대로예요", "물류센터에 확인 요청, 내일 오전까지 회신 약속")),
        Story("usage", ("앱에서 결제 수단 변경을 어떻게 하는지 모르겠어요", "설정 > 결제 > 카드 변경 경로 안내, 바로 해결")),
    ),
    "Li Wei": (
        Story(
            "product_quality",
            ("耳机右边没有声音，试了重新配对也不行", "刚买两周，客户很着急", "已安排换新，顺丰上门取件"),
            (("replacement", None, True, True), ("refund", 599.0, False, False)),
        ),
        Story("logistics", ("快递显示已签收，但客户没收到", "联系快递员核实，明天上午给客户回电")),
        Story("service", ("客户说上次客服态度很差，问题也没解决", "真诚道歉，是我们的问题", "记录投诉并升级给主管")),
    ),
    "Sam": (
        Story(
            "usage",
            (
                "This is so confusing, how do I export my invoices?",
                "Showed the Billing > Export button",
                "He found it, wants it on the main page: logged the request",
            ),
        ),
        Story(
            "product_quality",
            ("Blender lid cracked on first use", "Photos received by e-mail", "Replacement lid shipped"),
            (("replacement", None, False, True), ("credit", 80.0, True, False)),  # P1: a credit over the limit, accepted
        ),
        Story("other", ("Asked about the loyalty programme terms", "Read out the terms; sent the link")),
    ),
}

CURRENCY = {"Ana": "GBP", "Min-jun": "KRW", "Li Wei": "CNY", "Sam": "USD"}
# The agent's own words (`> ...`), as the coach reads them: an apology that owns the mistake, a
# template one (L3) for the rushed calls, and a line with slips (L2, L4, L5) for the slow ones.
SAID = {
    "Ana": (
        "> I'm sorry, that was our mistake.",
        "> Sorry for any inconvenience.",
        "> I understand your frustration, but the courier is slow.",
    ),
    "Sam": ("> I'm sorry, we got that wrong.", "> Sorry for the inconvenience.", "> To be honest, the system glitched."),
    "Min-jun": ("> 저희 실수입니다. 정말 죄송합니다.", "> 불편을 드려 죄송합니다.", "> 솔직히 말씀드리면 택배사 문제입니다."),
    "Li Wei": ("> 是我们的错，真的很抱歉。", "> 给您带来不便，非常抱歉。", "> 说实话，是快递公司的问题。"),
}

# (name, steps as (key, seconds spent), hold (start, length) or None, outcome, callback hours from end or None)
SHAPES = (
    ("textbook", (("listen", 75), ("apologize", 20), ("resolve", 140), ("thank", 25)), None, "resolved", None),
    ("callback", (("listen", 90), ("apologize", 25), ("resolve", 200), ("thank", 30)), None, "callback_promised", 20),
    ("rushed", (("listen", 20), ("apologize", 8), ("resolve", 100), ("thank", 15)), None, "resolved", None),
    ("no-sorry", (("listen", 60), ("resolve", 150), ("thank", 20)), None, "resolved", None),
    ("long-hold", (("listen", 70), ("apologize", 20), ("resolve", 420), ("thank", 25)), (120, 240), "escalated", None),
    ("no-thanks", (("listen", 80), ("apologize", 30), ("resolve", 180)), None, "unresolved", None),
    ("missed", (("listen", 100), ("apologize", 20), ("resolve", 160), ("thank", 20)), None, "callback_promised", -30),
    ("late-sorry", (("listen", 240), ("apologize", 25), ("resolve", 120), ("thank", 20)), None, "resolved", None),
    ("kept", (("listen", 90), ("apologize", 20), ("resolve", 150), ("thank", 20)), None, "callback_promised", -50),
)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _next_morning(after: datetime, zone: str) -> datetime:
    """10:00 on the caller's next morning: inside business and calling hours, like the desk proposes."""
    local = after.astimezone(ZoneInfo(zone))
    morning = local.replace(hour=10, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)
    while morning.weekday() >= 5:
        morning += timedelta(days=1)
    return morning.astimezone(UTC)


def _agent_lines(agent: str, shape: str, spans: list[tuple[str, float, float]], first_number: int) -> list[dict]:
    """What the agent said, by the call's shape: an apology early in the apologize step (a template
    one when rushed), and a line with slips in the listen step of the slow calls."""
    owning, template, slips = SAID[agent]
    lines = []
    apologize = next((span for span in spans if span[0] == "apologize"), None)
    if apologize is not None:
        lines.append((apologize[1] + 3, template if shape == "rushed" else owning))
    if shape in ("late-sorry", "long-hold"):
        lines.append((spans[0][1] + 30, slips))
    return [{"t": round(t, 1), "type": "note", "n": first_number + i, "text": text} for i, (t, text) in enumerate(lines)]


def demo_calls(now: datetime, count: int = 36, seed: int = 4) -> tuple[list[dict], list[dict], list[dict]]:
    """(call records, supervisor comments, callback queue actions) for the last three weeks."""
    rng = random.Random(seed)
    records, comments, actions = [], [], []
    for index in range(count):
        agent, zone = AGENTS[index % len(AGENTS)]
        story = STORIES[agent][(index // len(AGENTS)) % len(STORIES[agent])]
        name, steps, hold, outcome, callback_hours = SHAPES[index % len(SHAPES)]
        minutes_ago = int(60 * 24 * 21 * (index + 0.5) / count) + rng.randint(0, 50)
        started = (now - timedelta(minutes=minutes_ago)).replace(microsecond=0)
        # Callbacks that are due later must belong to recent calls; missed ones to older calls.
        if callback_hours is not None and callback_hours < 0 and minutes_ago < 180:
            callback_hours = 20
        call_id = f"{started.astimezone(UTC):%Y%m%dT%H%M%SZ}-demo{index:02d}"
        caller = CALLERS[zone][index % len(CALLERS[zone])]
        log: list[dict] = [
            {
                "t": 0.0,
                "type": "started",
                "call_id": call_id,
                "agent": agent,
                "caller": caller,
                "caller_input": caller,
                "playbook": "last",
                "started_at": started.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds"),
                "zone": zone,
            }
        ]
        t = 0.0
        spans = []
        for key, planned in steps:
            seconds = planned * rng.uniform(0.85, 1.2)
            spans.append((key, t, t + seconds))
            log.append({"t": round(t, 1), "type": "step", "step": key})
            t += seconds
        end = t
        events: list[dict] = []
        for number, text in enumerate(story.notes):
            share = (number + 0.5) / len(story.notes)
            events.append({"t": round(end * share * 0.9, 1), "type": "note", "n": number, "text": text})
        events += _agent_lines(agent, name, spans, len(story.notes))
        resolve = next((span for span in spans if span[0] == "resolve"), spans[-1])
        for number, (kind, amount, accepted, within) in enumerate(story.offers):
            events.append(
                {
                    "t": round(resolve[1] + 15 + 10 * number, 1),
                    "type": "offer",
                    "option": kind,
                    "amount": amount,
                    "currency": CURRENCY[agent],
                    "accepted": accepted,
                    "within_authority": within,
                }
            )
        if hold:
            events += [{"t": float(resolve[1] + hold[0]), "type": "hold"}, {"t": float(resolve[1] + hold[0] + hold[1]), "type": "resume"}]
        if callback_hours is not None:
            window_start = _next_morning(started + timedelta(seconds=end), zone)
            uid = f"{call_id}@callcoach"
            events.append(
                {
                    "t": round(resolve[2] - 20, 1),
                    "type": "callback",
                    "number": caller,
                    "zone": zone,
                    "start": _iso(window_start),
                    "end": _iso(window_start + timedelta(hours=2)),
                    "uid": uid,
                    "sequence": 0,
                    "agent_zone": zone,
                    "preset": "within_24h",
                }
            )
            if name == "kept" or (name == "callback" and window_start < now - timedelta(hours=2) and index % 2 == 0):
                actions.append({"type": "callback_kept", "uid": uid, "at": _iso(window_start + timedelta(minutes=35))})
        log += sorted(events, key=lambda event: event["t"])
        log.append({"t": round(end, 1), "type": "ended", "outcome": outcome, "category": story.category})
        records.append(call_record(log))
        if name in ("long-hold", "no-sorry") and index % 3 == 0:
            text = (
                "Four minutes on hold: tell the caller what you are checking and how long it takes (L9)."
                if name == "long-hold"
                else "Good fix, but the apology never came; own it first (L3, L4)."
            )
            comments.append(new_comment(call_id, "Supervisor Kim", spans[1][1], text, now - timedelta(hours=2)))
    return records, comments, actions
