"""Fristvakt: start the desktop app, or run a headless command (see ``python main.py --help``).

The desktop app (``ui/``) and the command line (``cli/``) are two front-ends on the application
layer (``service/``); only this file knows both.
"""

from __future__ import annotations

import sys

from cli.commands import build_parser, given_register
from core.codes import CodeListError, load_code_lists


def main(argv: list[str] | None = None) -> int:
    """Check the shipped code lists, parse the command line, then start the GUI or a command."""
    args = build_parser().parse_args(argv)
    try:
        load_code_lists()
    except CodeListError as error:
        print(f"Feil: kodelistene i installasjonen er ødelagt: {error}", file=sys.stderr)
        return 1
    if args.run is None:
        from ui.app import run_app  # Qt is loaded only for the GUI

        return run_app(given_register(args))  # --db, else FRISTVAKT_DB
    return int(args.run(args))


def run() -> None:
    """The ``fristvakt`` command (installed by ``pip install .``)."""
    sys.exit(main())


if __name__ == "__main__":
    run()
