"""The baseline for scripts/bench: a bare Textual app (a Static and a Footer) in the same venv.

scripts/bench starts this in a pseudo-terminal and times the first paint that shows MARKER, to
compare with the first frame of `callcoach call`. Not part of the product.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

MARKER = "BENCH-BARE-READY"


class BareApp(App):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(f"{MARKER}: a bare Textual app, one Static and a Footer")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
