"""config.toml: `language` and the [authority] policy, validated strictly."""

from __future__ import annotations

import pytest

from tui.config.settings import ConfigError, load_config
from tui.domain.coaching.authority import AuthorityPolicy


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_language_and_authority_are_read(tmp_path):
    config = load_config(
        write(tmp_path, 'language = "ko"\n[authority]\ncurrency = "GBP"\nrefund_percent_of_spend = 20\ncredit_up_to = 50\nrepair = false\n')
    )
    assert config.language == "ko"
    assert config.authority == AuthorityPolicy(currency="GBP", refund_percent_of_spend=20.0, credit_up_to=50.0, repair=False)


def test_defaults_need_no_config(tmp_path):
    config = load_config(tmp_path / "missing.toml")
    assert config.language == "en" and config.authority == AuthorityPolicy()


@pytest.mark.parametrize(
    "text, key",
    [
        ('language = "fr"', "language"),
        ('[authority]\ncredit_up_to = "fifty"', "authority.credit_up_to"),
        ('[authority]\ncurrency = "pounds"', "authority.currency"),
        ("[authority]\nrefund_percent_of_spend = 120", "authority.refund_percent_of_spend"),
        ("[authority]\nbest_judgment = true", "authority.best_judgment"),
        ('[authority]\nrepair = "yes"', "authority.repair"),
        ("authority = 5", "authority"),
        ("[authority]\ncredit_up_to = inf", "authority.credit_up_to"),  # TOML has inf and nan
        ("[authority]\nrefund_up_to = nan", "authority.refund_up_to"),
        ("[authority]\ndiscount_up_to = 1e12", "authority.discount_up_to"),
    ],
)
def test_bad_coaching_settings_are_refused_naming_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError, match=f"key '{key}'"):
        load_config(write(tmp_path, text))
