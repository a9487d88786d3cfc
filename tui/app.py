"""The full-screen app shell: first run or sign-in, then the home (search) screen.

Screens own their behaviour; the shell only decides which comes first and offers every
key of the current screen in the command palette.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from screens.first_run import FirstRunScreen
from screens.search import SearchScreen
from screens.sign_in import SignInScreen
from store.accounts import Operator, has_administrator


class PatronsApp(App[None]):
    """Patrons: the keyboard-only patron manager."""

    TITLE = "Patrons"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit"),
        Binding("f1", "toggle_keys", "Keys", id="keys"),
    ]

    def __init__(self, database_label: str) -> None:
        super().__init__()
        self.database_label = database_label
        self.sub_title = database_label
        self.operator: Operator | None = None

    def on_mount(self) -> None:
        """Open on first-run setup when there is no administrator yet, else on sign-in."""
        # Everything loaded so far (modules, classes, the app) lives until the app ends;
        # leave it out of the collector's full passes, which otherwise walk ~80,000
        # objects and stall a keystroke's redraw by 25-75 ms now and then.
        gc.freeze()
        if has_administrator():
            self._ask_sign_in()
        else:
            self.push_screen(FirstRunScreen(), self._administrator_created)

    def _administrator_created(self, username: str | None) -> None:
        self.notify(f"Created System Administrator {username}. Sign in with its password.")
        self._ask_sign_in(username or "")

    def _ask_sign_in(self, username: str = "") -> None:
        self.push_screen(SignInScreen(self.database_label, username), self._signed_in)

    def _signed_in(self, operator: Operator | None) -> None:
        if operator is None:
            return
        self.operator = operator
        role = "System Administrator" if operator.is_admin else "Librarian (view only)"
        self.sub_title = f"{operator.username} · {role} · {self.database_label}"
        self.push_screen(SearchScreen(operator))

    def action_toggle_keys(self) -> None:
        """Show or hide the panel that explains every key of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The built-in commands, then every action of the current screen and its widgets.

        Editing keys of Textual's own widgets (move cursor left, ...) and the app-wide keys
        (already among the built-in commands) are left out.
        """
        yield from super().get_system_commands(screen)
        seen = set()
        # The whole binding chain, not screen.active_bindings: a key the focused widget
        # shadows (enter, ctrl+d in the search box) still names an action worth offering.
        for node, bindings in screen._modal_binding_chain:
            built_in_widget = type(node).__module__.startswith("textual.")
            for _key, binding in bindings:
                action = binding.action
                if built_in_widget or node is self or action.startswith("app."):
                    continue
                if not binding.description or action in seen:
                    continue
                if not self._check_action_state(action, node):
                    continue
                seen.add(action)
                yield SystemCommand(
                    binding.description,
                    f"{binding.tooltip or binding.description} (key: {binding.key})",
                    lambda node=node, action=action: self.run_action(action, node),
                )
