"""[phone] and [wrapup] in config.toml: defaults, values, and a refusal naming the key."""

from __future__ import annotations

import pytest

from tui.config.settings import ConfigError, load_config


def loaded(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_defaults(tmp_path):
    config = loaded(tmp_path, "")
    assert (config.phone_baresip, config.wrapup_target_seconds, config.wrapup_required) == (None, 60, False)


def test_values(tmp_path):
    config = loaded(tmp_path, '[phone]\nbaresip = "127.0.0.1:4444"\n[wrapup]\ntarget_seconds = 90\nrequired = true\n')
    assert (config.phone_baresip, config.wrapup_target_seconds, config.wrapup_required) == ("127.0.0.1:4444", 90, True)


@pytest.mark.parametrize(
    "text, key",
    [
        ('[phone]\nbaresip = "localhost"\n', "phone.baresip"),
        ('[phone]\nbaresip = "h:99999"\n', "phone.baresip"),
        ('[phone]\nsip = "x"\n', "phone.sip"),
        ("[wrapup]\ntarget_seconds = 0\n", "wrapup.target_seconds"),
        ("[wrapup]\ntarget_seconds = true\n", "wrapup.target_seconds"),
        ('[wrapup]\nrequired = "yes"\n', "wrapup.required"),
        ('phone = "127.0.0.1:4444"\n', "phone"),
    ],
)
def test_a_bad_value_names_its_key(tmp_path, text, key):
    with pytest.raises(ConfigError, match=f"key '{key}'"):
        loaded(tmp_path, text)
