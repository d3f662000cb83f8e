"""Netstrings (`LEN:BYTES,`), the framing of baresip's ctrl_tcp module in both directions.

The decoder is fed whatever the socket gave and returns every whole frame; anything that is not a
netstring raises NetstringError, after which the stream cannot be trusted again (the caller drops
the connection). A length over `limit` is refused before any of it is buffered.
"""

from __future__ import annotations

LIMIT = 64 * 1024  # a ctrl_tcp event is a few hundred bytes; the help text about 2 KB
_MAX_DIGITS = len(str(LIMIT))


class NetstringError(ValueError):
    """The bytes are not a netstring; str() says how, without quoting them."""


def encode(payload: bytes) -> bytes:
    return str(len(payload)).encode("ascii") + b":" + payload + b","


class NetstringDecoder:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        """Every frame completed by `data`, in order. Raises NetstringError on malformed input."""
        self._buffer += data
        frames: list[bytes] = []
        while self._buffer:
            colon = self._buffer.find(b":", 0, _MAX_DIGITS + 1)
            if colon < 0:
                if len(self._buffer) > _MAX_DIGITS or not self._buffer.isdigit():
                    self._fail("a netstring must begin with its length in digits and a colon")
                break  # the length is still arriving
            digits = bytes(self._buffer[:colon])
            if not digits.isdigit() or (len(digits) > 1 and digits.startswith(b"0")):
                self._fail("a netstring length must be plain decimal digits")
            length = int(digits)
            if length > self.limit:
                self._fail(f"a netstring of {length} bytes is over the {self.limit}-byte limit")
            end = colon + 1 + length
            if len(self._buffer) <= end:
                break  # the body or its closing comma is still arriving
            if self._buffer[end] != ord(","):
                self._fail("a netstring must end with a comma")
            frames.append(bytes(self._buffer[colon + 1 : end]))
            del self._buffer[: end + 1]
        return frames

    def _fail(self, reason: str) -> None:
        self._buffer.clear()
        raise NetstringError(reason)
