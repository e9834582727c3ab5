"""The program's version: one place, read by the About box and by packaging (pyproject.toml)."""

VERSION = "0.2.0"
