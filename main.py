"""Fristvakt: start the desktop app, or run a headless command (see ``python main.py --help``)."""

from __future__ import annotations

import sys

from cli.commands import build_parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, then start the GUI or run the chosen command."""
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
