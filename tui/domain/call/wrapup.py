"""The wrap-up's proposal: a category guessed from the call's notes (METHOD.md: supervisors track
the most frequent reasons), so Enter is usually right and the agent only corrects the odd one."""

from __future__ import annotations

import re

# Word stems per category; checked in order, first category with the most hits wins.
_CATEGORY_CUES: dict[str, tuple[str, ...]] = {
    "logistics": (
        "deliver",
        "courier",
        "parcel",
        "package",
        "shipping",
        "shipment",
        "tracking",
        "arriv",
        "快递",
        "物流",
        "配送",
        "택배",
        "배송",
    ),
    "product_quality": (
        "broke",  # broke, broken
        "defect",
        "faulty",
        "crack",
        "stopped working",
        "doesn't work",
        "does not work",
        "damaged",
        "quality",
        "质量",
        "坏",
        "품질",
        "고장",
        "불량",
    ),
    "usage": (
        "how do i",
        "how to",
        "can't figure",
        "cannot figure",
        "confusing",
        "set up",
        "setup",
        "can't seem to",
        "i tried",
        "使用",
        "怎么",
        "사용",
        "방법",
    ),
    "service": (
        "rude",
        "waited",
        "waiting",
        "on hold",
        "no one called",
        "nobody called",
        "attitude",
        "slow response",
        "never got back",
        "服务",
        "态度",
        "서비스",
        "응대",
    ),
}


def propose_category(notes: list[str]) -> str:
    text = " ".join(notes).lower()
    best, best_hits = "other", 0
    for category, cues in _CATEGORY_CUES.items():
        hits = sum(len(re.findall(re.escape(cue), text)) for cue in cues)
        if hits > best_hits:
            best, best_hits = category, hits
    return best
