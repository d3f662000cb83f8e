"""Coaching on the live desk, by real keys: a `>` line's hint as typed, F6 caller type, F7 offers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.app.base import desk_app
from tui.app.widgets.note_input import NoteInput
from tui.cli import _use_language, build_parser
from tui.config.settings import Config
from tui.domain.coaching.authority import AuthorityPolicy
from tui.services.session import open_desk
from tui.support.i18n import language, set_language
from tui.support.locations import playbook_path

from .conftest import desk_screen, settle, until


def hints_text(screen) -> str:
    return screen.query_one("#coach-hints").plain


async def live_call(pilot):
    screen = desk_screen(pilot.app)
    await until(pilot, lambda: screen.live)
    return screen


async def test_L5_agent_line_hint_appears_as_typed_without_taking_focus(make_app):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        await pilot.press(*"> to be honest the parcel")
        await pilot.pause()
        assert "L5" in hints_text(screen) and "to be honest" in hints_text(screen)
        editor = screen.query_one(NoteInput)
        assert app.focused is editor and editor.value == "> to be honest the parcel"  # typing never interrupted
        assert len(app.screen_stack) == 1  # no popup
        await pilot.press("enter")
        await pilot.pause()
        assert "L5" not in hints_text(screen)  # the hint is about the line being typed


async def test_E1_caller_cue_shows_until_an_apology(make_app):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        await pilot.press(*"I tried three times to reset it", "enter")
        await pilot.pause()
        assert "E1" in hints_text(screen)
        await pilot.press(*"> I'm sorry, the reset page was our mistake", "enter")
        await pilot.pause()
        assert "E1" not in hints_text(screen)


async def test_F6_tags_the_caller_type_and_its_hint_stays(make_app, desk):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert type(app.screen).__name__ == "CallerTypeScreen"
        await pilot.press("5")  # influential
        await pilot.pause()
        assert app.focused is screen.query_one(NoteInput)
        assert [(t["tag"], t["value"]) for t in screen.call.state.tags] == [("caller_type", "influential")]
        assert "escalate fast" in hints_text(screen)
        await pilot.press("f2", *"more notes", "enter")
        assert "escalate fast" in hints_text(screen)
        assert any(e["type"] == "tag" for e in screen.call.log)


async def test_ctrl_t_is_the_caller_type_alternate(make_app):
    app = make_app("")
    async with app.run_test(size=(120, 40)) as pilot:
        await live_call(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert type(app.screen).__name__ == "CallerTypeScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1


async def test_P1_F7_offer_inside_authority_then_L8_second_option(config, data_dir, clock):
    policy = AuthorityPolicy(currency="GBP", refund_percent_of_spend=20, credit_up_to=50)
    desk = open_desk(replace(config, authority=policy), data_dir, clock)
    app = desk_app(desk, start_caller="")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await live_call(pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert type(app.screen).__name__ == "OfferScreen"
        await pilot.press("2", "tab", *"40")  # credit (the kind only), Tab into the amount: 40
        await pilot.pause()
        assert "Inside your authority" in str(app.screen.query_one("#offer-verdict").render())
        await pilot.press("enter")
        await pilot.pause()
        [offer] = screen.call.state.offers
        assert (offer["option"], offer["amount"], offer["within_authority"], offer["accepted"]) == ("credit", 40.0, True, False)
        assert "L8" in hints_text(screen)
        await pilot.press("ctrl+s", "1", "tab", *"90", "tab", *"200")  # refund 90 of 200 spent: over 20%
        await pilot.pause()
        assert "Over your limit of 40 GBP" in str(app.screen.query_one("#offer-verdict").render())
        await pilot.press("enter")
        await pilot.pause()
        assert [o["within_authority"] for o in screen.call.state.offers] == [True, False]
        assert "L8" not in hints_text(screen)
        assert app.focused is screen.query_one(NoteInput)


async def test_palette_swaps_the_playbook_while_idle(make_app, desk):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Playbook: latte")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: desk.playbook.key == "latte")
        await settle(pilot)
        idle_coach = desk_screen(app).query_one("#coach-body").plain
        assert "LATTE, Listen » Acknowledge » Take action » Thank » Explain" in idle_coach
        await pilot.press("ctrl+n", "enter")
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live)
        assert screen.call.log[0]["playbook"] == "latte"
        assert not list(screen.playbook_commands())  # no swapping mid-call


def test_playbook_path_prefers_the_translation(tmp_path):
    assert playbook_path("last", "en").name == "last.toml"
    assert playbook_path("no-such", "ko").parent.name == "playbooks"


async def test_offer_panel_in_korean(config, data_dir, clock):
    desk = open_desk(replace(config, language="ko"), data_dir, clock)
    set_language("ko")
    try:
        app = desk_app(desk, start_caller="")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await live_call(pilot)
            assert "코치" in str(screen.query_one("#coach").border_title)
            await pilot.press("f7", "2", "tab", *"10")
            await pilot.pause()
            assert "권한 안입니다" in str(app.screen.query_one("#offer-verdict").render())
            await pilot.press("enter")
            await pilot.pause()
            assert "제안이 하나뿐입니다" in hints_text(screen)  # L8 in the call's language
    finally:
        set_language("en")


def test_lang_option_reaches_the_config():
    args = build_parser().parse_args(["call", "--lang", "zh-Hant"])
    assert _use_language(Config(agent="a", timezone="UTC"), args).language == "zh-Hant"
    assert language() == "zh-Hant"  # set once, at start-up, for the whole desk


@pytest.mark.parametrize(
    "typed, said",
    [
        ("-5", "An amount cannot be below zero: type 5, not '-5'."),
        ("$20", "Type the amount without its currency: 20."),
        ("1,000", "'1,000' could be thousands or decimals: type 1000 for thousands, or a point for decimals."),
    ],
)
async def test_f7_says_what_is_wrong_with_an_amount(make_app, typed, said):
    """'-5' got the generic 'Amounts are numbers, e.g. 12.50.', which does not say what to change."""
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: desk_screen(app).live)
        await pilot.press("f7", "2", "tab", *typed)
        await settle(pilot)
        assert str(app.screen.query_one("#offer-verdict").render()) == said
        await pilot.press("enter")
        await settle(pilot)
        assert desk_screen(app).call.state.offers == []  # nothing recorded
