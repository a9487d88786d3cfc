"""Warn before an edit stores a blacklisted address: the operator saves anyway or goes back.

The look-up is one indexed read, well under a frame, so it runs at the key press and the
save keeps its single worker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.widget import Widget

from screens.confirm import ConfirmScreen
from store.email_health import blacklist_warning


def confirm_if_blacklisted(
    widget: Widget,
    values: Mapping[str, object],
    save: Callable[[], object],
    before: Mapping[str, object] | None = None,
) -> None:
    """Run `save` at once, or after the operator agrees when an address in `values` is
    blacklisted. Keys as blacklist_warning reads them ("email", "contact_email"); an
    address unchanged from `before` is not warned about again."""
    changed = {k: v for k, v in values.items() if not before or before.get(k) != v}
    warning = blacklist_warning(changed)
    if warning is None:
        save()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            save()

    question = f"{warning}\n\nSave it anyway?"
    widget.app.push_screen(ConfirmScreen(question, yes="Save anyway", no="Go back"), answered)
