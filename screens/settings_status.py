"""Outcomes in the status line only, for screens whose lists fill an 80x24 terminal."""

from __future__ import annotations

from textual.widgets import Static

from screens.store_errors import ReportsStoreErrors


class SaysInStatusLine(ReportsStoreErrors):
    """ReportsStoreErrors without notifications: a toast would cover the lists at 80x24."""

    def say(self, sentence: str, error: bool = False) -> None:
        """Show an outcome (or an error, marked so) in the screen's #status line."""
        status = self.query_one("#status", Static)
        status.update(f"Error: {sentence}" if error else sentence)
        status.set_class(error, "error")
