"""ctrl_tcp's framing: whole frames out of any split of the bytes; anything else refused."""

from __future__ import annotations

import pytest

from tui.services.phone.netstring import NetstringDecoder, NetstringError, encode

FRAMES = [b'{"event":true,"type":"CALL_INCOMING"}', b"", b"x" * 300, "ü".encode()]


def test_encode():
    assert encode(b'{"a":1}') == b'7:{"a":1},'
    assert encode(b"") == b"0:,"


@pytest.mark.parametrize("step", [1, 2, 3, 7, 1000])
def test_frames_come_out_whole_however_the_bytes_are_split(step):
    stream = b"".join(encode(frame) for frame in FRAMES)
    decoder = NetstringDecoder()
    out = []
    for start in range(0, len(stream), step):
        out += decoder.feed(stream[start : start + step])
    assert out == FRAMES


@pytest.mark.parametrize(
    "garbage",
    [b"hello", b"12x:abc", b"3:abcd", b"-1:a,", b"03:abc,", b'{"json":"without framing"}', b"99999999999:", b"70000:"],
)
def test_malformed_input_is_refused_not_buffered(garbage):
    decoder = NetstringDecoder()
    with pytest.raises(NetstringError):
        decoder.feed(garbage + b"," * 5)
    assert decoder.feed(encode(b"ok")) == [b"ok"]  # a fresh start after the error


def test_a_length_still_arriving_waits():
    decoder = NetstringDecoder()
    assert decoder.feed(b"1") == []
    assert decoder.feed(b"0:0123456789") == []
    assert decoder.feed(b",") == [b"0123456789"]
