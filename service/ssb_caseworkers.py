"""Who a new child from an SSB file gets as caseworker (issue #10).

An explicit choice (``importer --saksbehandler``) is an existing caseworker and wins for every
new child. Without one, a new child of a KOSTRA 15F file gets the caseworker the file names for
it (``Individ/@Saksbehandler``): the register's caseworker of that name (case and spacing
aside), else a new caseworker record of that name, created in the import's transaction.
Barnevern v4 carries no caseworker, so its new children — and a 15F individ without one — get
«Ikke fordelt» (created when missing). A case already in the register keeps its caseworker:
this is only asked for new children.
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.records import Caseworker

#: The caseworker new children get when neither the person nor the file names one.
DEFAULT_CASEWORKER = "Ikke fordelt"


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class CaseworkerChoice:
    """The caseworker of each new child of one import, and those the import must create."""

    def __init__(self, existing: Iterable[Caseworker], chosen: str | None = None) -> None:
        """``existing``: the register's caseworkers; ``chosen``: the person's explicit choice
        (ValueError, in Norwegian, when the register has no caseworker of that name)."""
        self.exact: dict[str, Caseworker] = {}
        self.by_key: dict[str, Caseworker] = {}
        for cw in existing:
            self.exact[cw.navn] = cw
            self.by_key.setdefault(_key(cw.navn), cw)
        self.chosen: Caseworker | None = None
        if chosen:
            self.chosen = self.exact.get(chosen)
            if self.chosen is None:
                raise ValueError(f"Ukjent saksbehandler «{chosen}»")

    def for_new_child(self, named: str) -> Caseworker:
        """The caseworker of a new child whose file names ``named`` ("" when it names none)."""
        if self.chosen is not None:
            return self.chosen
        name = " ".join(named.split()) or DEFAULT_CASEWORKER
        found = self.exact.get(name) or self.by_key.get(_key(name))
        return found if found is not None else Caseworker(name, "", True, False)

    def missing(self, names: Iterable[str]) -> tuple[Caseworker, ...]:
        """The caseworkers among ``names`` (those of the new children) the register does not
        have: to be created, each once, in the order first met."""
        new: dict[str, Caseworker] = {}
        for name in names:
            if name not in self.exact and name not in new:
                new[name] = Caseworker(name, "", True, False)
        return tuple(new.values())
