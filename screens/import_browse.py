"""A keyboard file browser: arrows move, enter opens a folder or picks a file, escape leaves."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static


class VisibleFilesTree(DirectoryTree):
    """The folder's files and sub-folders, without hidden ones."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        """Leave out names starting with a dot."""
        return [path for path in paths if not path.name.startswith(".")]


class FileBrowseScreen(ModalScreen[Path | None]):
    """Pick a file by keys; dismissed with its path, or None."""

    DEFAULT_CSS = """
    FileBrowseScreen { align: center middle; }
    FileBrowseScreen > Vertical {
        width: 76; max-width: 100%; height: 20; max-height: 100%;
        border: round $primary; background: $surface;
    }
    FileBrowseScreen DirectoryTree { height: 1fr; }
    """
    AUTO_FOCUS = "DirectoryTree"
    BINDINGS = [
        Binding("backspace", "up_folder", "Up a folder", id="up-folder"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"{self.start}\narrows move · enter opens or picks · backspace: up a folder",
                id="browse-hint",
            )
            yield VisibleFilesTree(self.start)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        """Enter on a file picks it."""
        self.dismiss(event.path)

    def action_up_folder(self) -> None:
        """Show the folder above this one."""
        tree = self.query_one(DirectoryTree)
        tree.path = Path(tree.path).resolve().parent
        self.query_one("#browse-hint", Static).update(
            f"{tree.path}\narrows move · enter opens or picks · backspace: up a folder"
        )

    def action_cancel(self) -> None:
        """Leave without a file."""
        self.dismiss(None)
