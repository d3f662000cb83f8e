"""The fault matrix of issue 7: each test runs the real program in a pseudo-terminal (tests/e2e)."""

from tests.e2e.pty_desk import terminal  # noqa: F401  (the fixture every row uses)
