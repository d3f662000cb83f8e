LANGUAGES = ("en", "zh-Hans", "zh-Hant", "ko")
"""The languages of the playbooks, the phrase rules and the desk (here, not in `phrases`: the
config checks a language before the desk's first frame, which does not need the rules' module)."""
