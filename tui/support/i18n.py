"""UI strings through gettext: catalogs in tui/locale/<lang>/LC_MESSAGES/callcoach.mo.

`_` looks the string up in the language chosen at start (config `language` or `--lang`); English
is the source language, so a missing catalog or message falls back to the English text.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "callcoach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Use `language`'s catalog for every later `_()` call (en, zh-Hans, zh-Hant, ko)."""
    global _translation, _language
    _language = language
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language.replace("-", "_")], fallback=True)


def language() -> str:
    return _language


def _(message: str) -> str:
    # gettext("") is the catalog's header: an empty label (a call filed with no category) stays empty.
    return _translation.gettext(message) if message else message


KEY_LABEL = "key"  # msgctxt of the short key labels: "Back" in the footer is a step, in a key bar a screen


def P_(context: str, message: str) -> str:
    """A message in a context (msgctxt), for a short word that means different things in places."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for the catalogs where it is defined; `_` translates it where it is shown."""
    return message
