"""`python tui.py` opens the app exactly as `wellbeing` without a subcommand does."""

from __future__ import annotations

import getpass
import importlib.util
import os
import sys


def _open_without_cli() -> int:
    """Database from the settings, person from WELLBEING_USER or the OS account."""
    from pydantic import ValidationError

    from wellbeing.i18n import detect_language, set_language
    from wellbeing.settings import Settings
    from wellbeing.tui.app import run

    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "settings"
        print(f"wellbeing: {field}: {first['msg']}", file=sys.stderr)
        return 2
    set_language(detect_language(settings.lang))
    account = os.environ.get("WELLBEING_USER") or getpass.getuser()
    run(settings.database(), account)
    return 0


def main() -> int:
    if importlib.util.find_spec("wellbeing.cli") is not None:
        from wellbeing.cli import main as cli_main

        cli_main()  # exits with the command line's own code
        return 0
    return _open_without_cli()


if __name__ == "__main__":
    sys.exit(main())
