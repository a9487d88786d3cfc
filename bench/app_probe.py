"""Started by the benchmark: says `ready` once the app's sign-in screen takes keys.

`python -m bench.app_probe DB` runs Patrons on DB (which has an administrator);
`python -m bench.app_probe --bare` runs a bare Textual app, the reference.
Both run headless at 80x24, as a test would; the parent times start to `ready`.
"""

from __future__ import annotations

import asyncio
import sys

from textual.app import App


def _app(target: str) -> tuple[App[None], type | None]:
    if target == "--bare":
        return App(), None
    from screens.sign_in import SignInScreen
    from store.startup import open_database
    from tui.app import PatronsApp

    return PatronsApp(open_database(target)), SignInScreen


async def _until_ready(target: str) -> None:
    app, screen_type = _app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        while screen_type is not None and not (
            isinstance(app.screen, screen_type) and app.focused is not None
        ):
            await pilot.pause()
        print("ready", flush=True)


if __name__ == "__main__":
    asyncio.run(_until_ready(sys.argv[1]))
