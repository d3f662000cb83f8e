"""The shipped data files (data/: playbooks, phrase rules, calling hours, the masking's phrases),
read here and only here.

The domain parses what it is handed (text, tables) and reads no file; this module finds the
files, reads them, and passes the values in. Phrase rules and the calling-hours table are read
once per process; a playbook is read when a desk, a resumed call or a review asks for it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tui.domain.coaching import LANGUAGES
from tui.domain.coaching.playbook import Playbook, PlaybookError, parse_playbook
from tui.domain.text.redact import CodePhrases, CodePhrasesError, parse_code_phrases, use_code_phrases
from tui.support.locations import data_root, playbook_path

if TYPE_CHECKING:  # the phrase rules' and calling hours' modules load with them, after the desk's first frame
    from tui.domain.callback.calling_hours import CallingHours
    from tui.domain.coaching.phrases import PhraseRules


def _read_text(path: Path, error: type[ValueError]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as reason:
        raise error(f"{path}: cannot be read ({reason.__class__.__name__})") from None


# -- playbooks -----------------------------------------------------------------------------------


def read_playbook(path: Path) -> Playbook:
    """The playbook in one file; PlaybookError names the file (and the line and field when it can)."""
    return parse_playbook(_read_text(path, PlaybookError), str(path))


def load_playbook(key: str, language: str = "en") -> Playbook:
    """Playbook `key` in `language` (its English file when not translated). Raises PlaybookError."""
    return read_playbook(playbook_path(key, language))


# -- phrase rules --------------------------------------------------------------------------------


def read_phrase_rules(path: Path) -> PhraseRules:
    from tui.domain.coaching.phrases import PhraseRulesError, parse_phrase_rules

    return parse_phrase_rules(_read_text(path, PhraseRulesError), str(path))


@cache
def phrase_rules(language: str = "en") -> PhraseRules:
    """The shipped rules for a language, read once (the desk reads them just after its first frame, DeskApp.warm_up)."""
    if language not in LANGUAGES:
        from tui.domain.coaching.phrases import PhraseRulesError

        raise PhraseRulesError(f"no phrase rules for language {language!r}; one of {', '.join(LANGUAGES)}")
    return read_phrase_rules(data_root() / "phrases" / f"{language}.toml")


# -- calling hours -------------------------------------------------------------------------------


def calling_hours_path(root: Path) -> Path:
    """The calling-hours table inside a data root (data/ in a checkout, tui/data in a wheel)."""
    return Path(root) / "calling_hours.toml"


def read_calling_hours(path: Path) -> CallingHours:
    from tui.domain.callback.calling_hours import CallingHoursError, parse_calling_hours

    text = _read_text(path, CallingHoursError)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CallingHoursError(f"{path}: not valid TOML ({error})") from None
    return parse_calling_hours(raw, str(path))


@cache
def shipped_calling_hours() -> CallingHours:
    """data/calling_hours.toml, read once; config's [calling_hours] is laid over it by the caller."""
    return read_calling_hours(calling_hours_path(data_root()))


# -- what people say before a card's security code ------------------------------------------------


def read_code_phrases(path: Path | None = None) -> CodePhrases:
    path = path or data_root() / "redaction.toml"
    try:
        raw = tomllib.loads(_read_text(path, CodePhrasesError))
    except tomllib.TOMLDecodeError as error:
        raise CodePhrasesError(f"{path}: not valid TOML ({error})") from None
    return parse_code_phrases(raw, str(path))


@cache
def install_code_phrases() -> CodePhrases:
    """data/redaction.toml, read once and installed in the masker before anything typed or
    imported can be stored (cli, and the tests' conftest). Raises CodePhrasesError."""
    phrases = read_code_phrases()
    use_code_phrases(phrases)
    return phrases
