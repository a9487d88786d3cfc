"""The home screen's banner: shown while sending is disabled or addresses are blacklisted."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widgets import Static

from store.email_health import email_alert


class BlacklistBanner(Static):
    """Reads the email alert in a worker; hidden while all is well."""

    DEFAULT_CSS = """
    BlacklistBanner { display: none; background: $error; color: $text; padding: 0 1; }
    BlacklistBanner.-shown { display: block; }
    """

    @dataclass
    class Checked(Message):
        """The alert was read: None when every address in use may receive mail."""

        alert: str | None

    def __init__(self, key: str, id: str | None = "blacklist-banner") -> None:
        super().__init__("", id=id)
        self.key_name = key

    def on_mount(self) -> None:
        """Look straight away."""
        self.check()

    @work(thread=True, exclusive=True, exit_on_error=False, group="email-alert")
    def check(self) -> None:
        """Read the alert again (after anything that may have changed an address)."""
        self.post_message(self.Checked(email_alert()))

    def on_blacklist_banner_checked(self, message: Checked) -> None:
        """Show the alert with the key that opens the blacklist, or hide."""
        if message.alert:
            self.update(f"{message.alert} Press {self.key_name} to see the blacklist.")
        self.set_class(message.alert is not None, "-shown")
