"""The `patrons` command: global options, subcommand dispatch and error reporting.

Each subcommand lives in its own module under tui/commands/ and is found at start-up, so
adding a command touches no other file. Textual is imported only when the app is opened.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType

from store.errors import StoreError
from store.startup import close_database, open_database
from tui import commands
from tui.output import fail


def _command_modules() -> list[ModuleType]:
    modules = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.NAME))


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one clear line instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"patrons: {message} (see '{self.prog} --help')\n")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The argument parser with every subcommand, and the modules by command name."""
    parser = _Parser(
        prog="patrons",
        description="Manage a school library's patrons. With no command, opens the app.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file or URL (sqlite:///PATH, postgresql://...); default: PATRONS_DB "
        "or patrons.db in your data directory",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = {}
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command)
        modules[module.NAME] = module
    return parser, modules


def _open_app(db_target: str | None) -> int:
    shown = open_database(db_target, create=True)
    from tui.app import PatronsApp  # Textual loads only for the full-screen app.

    PatronsApp(database_label=shown).run()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _open_app(args.db)
        module = modules[args.command]
        if getattr(module, "OPENS_DATABASE", True):
            open_database(args.db, create=getattr(module, "CREATES_DATABASE", False))
        return int(module.run(args))
    except StoreError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("Interrupted; nothing more was done.", status=130)
    finally:
        close_database()


if __name__ == "__main__":
    sys.exit(main())
