"""Issue 18: the desk mounts what its first frame does not show (the F5 panel) at first use, so each
panel opened for the first time, right after start, must still take its key and keep the words
typed behind it in the same read (the keyboard rule): the panel opens, every word lands in the note."""

from __future__ import annotations

from tui.app.widgets.note_input import NoteInput

from .conftest import burst, desk_screen, settle, until
from .panels import PANELS


async def test_each_panel_opened_first_thing_after_start_opens_and_keeps_the_words_behind_its_key(make_app, desk):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live, timeout=10.0)
        typed = ""
        for panel in sorted(PANELS, key=lambda name: name != "F5 callback"):  # F5 first, at once
            key, is_open = PANELS[panel]
            words = f"with {key} "
            burst(pilot, key, *words)  # the panel's first opening and the words behind it in one read
            await settle(pilot, 0.3)
            typed += words
            assert is_open(app), panel
            assert screen.query_one(NoteInput).value == typed, panel
            burst(pilot, "escape")
            await settle(pilot, 0.3)
            assert not is_open(app) and app.screen is screen, panel
        assert screen.query_one(NoteInput).value == typed
        assert not screen.call.state.callbacks and not screen.call.state.offers and not screen.call.state.tags


async def test_the_f5_panel_is_mounted_in_the_agents_first_pause_and_then_opens_at_once(make_app, desk):
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = desk_screen(app)
        await until(pilot, lambda: screen.live, timeout=10.0)
        assert not screen.query("#callback-panel")  # not in the first frame
        await until(pilot, lambda: bool(screen.query("#callback-panel")), timeout=15.0)  # the pause (a few seconds)
        burst(pilot, "f5", *"then this")
        await settle(pilot, 0.3)
        assert PANELS["F5 callback"][1](app)
        assert screen.query_one(NoteInput).value == "then this"


async def test_malformed_phrase_rules_read_after_the_first_frame_close_the_desk_with_their_sentence(make_app, desk, monkeypatch):
    """The phrase rules are read after the first frame now (issue 18): a malformed shipped file still
    stops the desk with its one sentence, which the CLI prints (exit 2), and no traceback."""
    from tui.domain.coaching.phrases import PhraseRulesError

    def malformed(language: str = "en"):
        raise PhraseRulesError(f"data/phrases/{language}.toml: not valid TOML (line 3)")

    for module in ("tui.app.desk.app", "tui.app.desk.screen_coaching"):
        monkeypatch.setattr(f"{module}.phrase_rules", malformed)
    app = make_app("+44 20 7031 3000")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.refusal is not None, timeout=10.0)
    assert app.refusal == "data/phrases/en.toml: not valid TOML (line 3)"
    assert app.return_code == 2
