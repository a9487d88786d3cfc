"""A footer that dims and undims its keys in place.

Textual's Footer rebuilds every key whenever any binding's state changes. On the home
screen Open, Delete and History are dimmed while no patron is listed, so a keystroke that
empties the list (or fills it again) would rebuild the footer: a screen layout, about 12
KB to the terminal and tens of milliseconds. When only some keys' states changed, this
footer sets their dimmed look on the keys it already shows; otherwise it rebuilds.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class QuietFooter(Footer):
    """Footer (textual 8.2.8) that redraws only the keys whose state changed."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Dim in place when the same keys are shown in the same order; else rebuild."""
        if not (self.is_attached and screen is self.screen is self.app.screen):
            super().bindings_changed(screen)  # not in front: rebuilt later, as Footer does
            return
        shown = list(self.query(FooterKey))
        planned = self._planned(screen)
        if shown and [(key.action, key.key) for key in shown] == [p[:2] for p in planned]:
            for key, (_action, _key, enabled) in zip(shown, planned, strict=True):
                if key._disabled == enabled:
                    key._disabled = not enabled
                    key.set_class(not enabled, "-disabled")
            return
        super().bindings_changed(screen)

    def _planned(self, screen: Screen[object]) -> list[tuple[str, str, bool]]:
        """(action, key, enabled) of each key Footer.compose would show, in its order."""
        first: dict[str, tuple[str, bool]] = {}
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.show:
                first.setdefault(binding.action, (binding.key, enabled))
        planned = [(action, key, enabled) for action, (key, enabled) in first.items()]
        palette = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            planned.append((palette.binding.action, palette.binding.key, palette.enabled))
        return planned
