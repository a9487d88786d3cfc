"""One place where a failed store call becomes a sentence on the screen, never a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from store.errors import StoreError

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object


class ReportsStoreErrors(_Base):
    """Mixin for screens whose workers call the store.

    A worker that raises ends in the ERROR state; its error is shown in the screen's
    `#status` line (when it has one) and as a notification. Screens override
    `store_failed` to treat some errors specially and pass the rest on.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Report a worker that ended with an error, unless a newer call overtook it."""
        worker = event.worker
        if (
            event.state is WorkerState.ERROR
            and worker.error is not None
            and not worker.is_cancelled
        ):
            self.store_failed(worker.error)

    def store_failed(self, error: BaseException) -> None:
        """Say what went wrong, in the store's own words when it is a StoreError."""
        if isinstance(error, StoreError):
            self.say(str(error), error=True)
        else:
            self.say(f"Something went wrong ({error}); nothing more was done.", error=True)

    def say(self, sentence: str, error: bool = False) -> None:
        """Show an outcome in the status line and as a notification."""
        try:
            status = self.query_one("#status", Static)
        except NoMatches:
            pass
        else:
            status.update(f"Error: {sentence}" if error else sentence)
            status.set_class(error, "error")
        self.notify(sentence, severity="error" if error else "information", timeout=6)
