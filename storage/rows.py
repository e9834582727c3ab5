"""Row <-> dataclass mapping. Dates are ISO text, datetimes ISO text, booleans 0/1.

Each stored type has a ``Kind``: its table, its columns (``id`` first) and functions that turn an
object into a row tuple and back. Child rows (melder, saksinnhold, hyppighet, evalueringer) are
mapped by the ``*_children`` functions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from core.deadlines import Deadline
from core.model import (
    Akutt,
    Besok,
    CodedValue,
    Ettervern,
    Flytting,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.sorting import norwegian_key

Row = tuple[Any, ...]

#: Dates read back are shared: a register holds a few thousand distinct days but millions of
#: date fields (a report loads every deadline of the cases it counts).
_from_iso = functools.lru_cache(maxsize=65536)(date.fromisoformat)
_dt_from_iso = datetime.fromisoformat


def iso(day: date | datetime | None) -> str | None:
    return day.isoformat() if day is not None else None


def day(text: str | None) -> date | None:
    return _from_iso(text) if text else None


def moment(text: str | None) -> datetime | None:
    return _dt_from_iso(text) if text else None


# --- saker ----------------------------------------------------------------------------------------

SAK_COLS = ("id", "journalnummer", "navn", "fodselsnummer", "fodselsdato", "kjonn",
            "saksbehandler", "team", "startdato", "sluttdato", "duf_nummer")


#: Written, never read back: the name's Norwegian sort key (``core.sorting``), so lists sort
#: by an index (``ORDER BY navn_sortering, navn``) rather than through a Python collation.
SAK_WRITE_COLS = (*SAK_COLS, "navn_sortering")


def sak_row(s: Sak) -> Row:
    """The row written for a case (``SAK_WRITE_COLS``)."""
    return (s.id, s.journalnummer, s.navn, s.fodselsnummer.strip() or None, iso(s.fodselsdato),
            s.kjonn, s.saksbehandler, s.team, s.startdato.isoformat(), iso(s.sluttdato),
            (s.duf_nummer or "").strip() or None, norwegian_key(s.navn))


def sak_from(r: Row) -> Sak:
    return Sak(journalnummer=r[1], navn=r[2], fodselsnummer=r[3] or "", fodselsdato=day(r[4]),
               kjonn=r[5], saksbehandler=r[6], team=r[7], startdato=_from_iso(r[8]),
               sluttdato=day(r[9]), id=r[0], duf_nummer=r[10])


# --- meldinger ------------------------------------------------------------------------------------

MELDING_COLS = ("id", "sak_id", "mottatt", "konklusjon_kode", "konklusjon_dato",
                "tilbakemelding_dato", "tildelt_dato", "tilbakemelding_ukjent")
_M_TILDELT = MELDING_COLS.index("tildelt_dato")
_M_UKJENT = MELDING_COLS.index("tilbakemelding_ukjent")


def melding_row(m: Melding) -> Row:
    return (m.id, m.sak_id, m.mottatt.isoformat(), m.konklusjon_kode, iso(m.konklusjon_dato),
            iso(m.tilbakemelding_dato), iso(m.tildelt_dato), int(m.tilbakemelding_ukjent))


def melding_from(r: Row, melder: tuple[CodedValue, ...], saksinnhold: tuple[CodedValue, ...]
                 ) -> Melding:
    return Melding(sak_id=r[1], mottatt=_from_iso(r[2]), melder=melder, saksinnhold=saksinnhold,
                   konklusjon_kode=r[3], konklusjon_dato=day(r[4]),
                   tilbakemelding_dato=day(r[5]), id=r[0],
                   tildelt_dato=day(r[_M_TILDELT]), tilbakemelding_ukjent=bool(r[_M_UKJENT]))


def coded_rows(parent_id: int, values: tuple[CodedValue, ...]) -> list[Row]:
    return [(parent_id, v.kode, v.presisering) for v in values]


# --- undersøkelser --------------------------------------------------------------------------------

UNDERSOKELSE_COLS = ("id", "sak_id", "melding_id", "startdato", "utvidet_dato", "utvidet_grunn",
                     "konklusjon_kode", "konklusjon_dato", "forste_kontakt")
_U_KONTAKT = UNDERSOKELSE_COLS.index("forste_kontakt")


def undersokelse_row(u: Undersokelse) -> Row:
    return (u.id, u.sak_id, u.melding_id, u.startdato.isoformat(), iso(u.utvidet_dato),
            u.utvidet_grunn, u.konklusjon_kode, iso(u.konklusjon_dato), iso(u.forste_kontakt))


def undersokelse_from(r: Row, vedtaksgrunnlag: tuple[CodedValue, ...] = ()) -> Undersokelse:
    return Undersokelse(vedtaksgrunnlag=vedtaksgrunnlag, sak_id=r[1], melding_id=r[2],
                        startdato=_from_iso(r[3]),
                        utvidet_dato=day(r[4]), utvidet_grunn=r[5], konklusjon_kode=r[6],
                        konklusjon_dato=day(r[7]), id=r[0],
                        forste_kontakt=day(r[_U_KONTAKT]))


# --- vedtak ---------------------------------------------------------------------------------------

VEDTAK_COLS = ("id", "sak_id", "dato", "lov", "kapittel", "paragraf", "ledd", "status_kode",
               "akutt_type", "akutt_tidspunkt", "akutt_sendt_nemnd", "akutt_begjaering_sendt",
               "akutt_institusjon_atferd", "fosterhjem_behov_dato")


def vedtak_row(v: Vedtak) -> Row:
    h, a = v.lovhjemmel, v.akutt
    akutt: Row = ((a.type, a.tidspunkt.isoformat(), iso(a.sendt_nemnd), iso(a.begjaering_sendt),
                   int(a.institusjon_atferd)) if a else (None, None, None, None, 0))
    return (v.id, v.sak_id, v.dato.isoformat(), h.lov, h.kapittel, h.paragraf, h.ledd,
            v.status_kode, *akutt, iso(v.fosterhjem_behov_dato))


def vedtak_from(r: Row) -> Vedtak:
    akutt = None
    if r[9] is not None:
        akutt = Akutt(type=r[8] or "", tidspunkt=_dt_from_iso(r[9]), sendt_nemnd=moment(r[10]),
                      begjaering_sendt=day(r[11]), institusjon_atferd=bool(r[12]))
    return Vedtak(sak_id=r[1], dato=_from_iso(r[2]), lovhjemmel=Lovhjemmel(r[3], r[4], r[5], r[6]),
                  status_kode=r[7], akutt=akutt, id=r[0], fosterhjem_behov_dato=day(r[13]))


# --- flyttinger -----------------------------------------------------------------------------------

FLYTTING_COLS = ("id", "sak_id", "dato", "arsak_fra_kode", "arsak_fra_presisering",
                 "flytting_til_kode", "flytting_til_presisering")


def flytting_row(f: Flytting) -> Row:
    return (f.id, f.sak_id, f.dato.isoformat(), f.arsak_fra_kode, f.arsak_fra_presisering,
            f.flytting_til_kode, f.flytting_til_presisering)


def flytting_from(r: Row) -> Flytting:
    return Flytting(sak_id=r[1], dato=_from_iso(r[2]), arsak_fra_kode=r[3],
                    arsak_fra_presisering=r[4], flytting_til_kode=r[5],
                    flytting_til_presisering=r[6], id=r[0])


# --- tiltak ---------------------------------------------------------------------------------------

TILTAK_COLS = ("id", "sak_id", "vedtak_id", "kategori_kode", "presisering", "lov", "kapittel",
               "paragraf", "ledd", "startdato", "sluttdato", "opphevelse_kode",
               "opphevelse_presisering", "tilsyn_ansvarlig_kommune", "oppstartsmote")
_T_OPPSTART = TILTAK_COLS.index("oppstartsmote")


def tiltak_row(t: Tiltak) -> Row:
    h = t.lovhjemmel
    return (t.id, t.sak_id, t.vedtak_id, t.kategori_kode, t.presisering, h.lov, h.kapittel,
            h.paragraf, h.ledd, t.startdato.isoformat(), iso(t.sluttdato), t.opphevelse_kode,
            t.opphevelse_presisering, t.tilsyn_ansvarlig_kommune, iso(t.oppstartsmote))


def tiltak_from(r: Row, oppfolging: tuple[Frequency, ...], tilsyn: tuple[Frequency, ...]
                ) -> Tiltak:
    return Tiltak(sak_id=r[1], kategori_kode=r[3], startdato=_from_iso(r[9]),
                  lovhjemmel=Lovhjemmel(r[5], r[6], r[7], r[8]), presisering=r[4],
                  vedtak_id=r[2], sluttdato=day(r[10]), opphevelse_kode=r[11],
                  opphevelse_presisering=r[12], oppfolging_hyppighet=oppfolging,
                  tilsyn_hyppighet=tilsyn, tilsyn_ansvarlig_kommune=r[13], id=r[0],
                  oppstartsmote=day(r[_T_OPPSTART]))


def frequency_rows(t: Tiltak, tiltak_id: int) -> list[Row]:
    rows = [(tiltak_id, VisitKind.OPPFOLGING.value, f.startdato.isoformat(), f.per_aar)
            for f in t.oppfolging_hyppighet]
    rows += [(tiltak_id, VisitKind.TILSYN.value, f.startdato.isoformat(), f.per_aar)
             for f in t.tilsyn_hyppighet]
    return rows


# --- planer, besøk, ettervern ---------------------------------------------------------------------

PLAN_COLS = ("id", "sak_id", "plantype", "startdato", "sluttdato", "evalueringsintervall_mnd")


def plan_row(p: Plan) -> Row:
    return (p.id, p.sak_id, p.plantype, p.startdato.isoformat(), iso(p.sluttdato),
            p.evalueringsintervall_mnd)


def plan_from(r: Row, evalueringer: tuple[date, ...]) -> Plan:
    return Plan(sak_id=r[1], plantype=r[2], startdato=_from_iso(r[3]), sluttdato=day(r[4]),
                evalueringer=evalueringer, evalueringsintervall_mnd=r[5], id=r[0])


def evaluation_rows(p: Plan, plan_id: int) -> list[Row]:
    return [(plan_id, d.isoformat()) for d in p.evalueringer]


BESOK_COLS = ("id", "tiltak_id", "type", "dato")
_KINDS = {k.value: k for k in VisitKind}


def besok_row(b: Besok) -> Row:
    return (b.id, b.tiltak_id, VisitKind(b.kind).value, b.dato.isoformat())


def besok_from(r: Row) -> Besok:
    return Besok(tiltak_id=r[1], kind=_KINDS[r[2]], dato=_from_iso(r[3]), id=r[0])


ETTERVERN_COLS = ("id", "sak_id", "tilbud_sendt", "konklusjon_kode", "konklusjon_dato")


def ettervern_row(e: Ettervern) -> Row:
    return (e.id, e.sak_id, e.tilbud_sendt.isoformat(), e.konklusjon_kode, iso(e.konklusjon_dato))


def ettervern_from(r: Row) -> Ettervern:
    return Ettervern(sak_id=r[1], tilbud_sendt=_from_iso(r[2]), konklusjon_kode=r[3],
                     konklusjon_dato=day(r[4]), id=r[0])


# --- frister --------------------------------------------------------------------------------------

FRIST_COLS = ("rule_id", "sak_id", "gjelder", "gjelder_id", "seq", "frist", "varsel_fra",
              "oppfylt_dato", "ikke_oppfylt_dato", "forklaring", "lokal", "ukjent")


def deadline_row(d: Deadline) -> Row:
    return (d.rule_id, d.sak_id, d.gjelder, d.gjelder_id, d.seq, d.frist.isoformat(),
            d.varsel_fra.isoformat(), iso(d.oppfylt_dato), iso(d.ikke_oppfylt_dato), d.forklaring,
            int(d.lokal), int(d.ukjent))


# Deadline is frozen, so its generated __init__ sets every field through object.__setattr__:
# 2.5 µs a deadline, most of the overdue list's cost in Python. Reading rows, the fields are set
# through their slots instead (1.4 µs; the same object: equal, same hash, still frozen after).
_NEW = object.__new__
(_rule_id, _sak_id, _gjelder, _gjelder_id, _seq, _frist, _varsel_fra, _forklaring, _oppfylt,
 _ikke_oppfylt, _lokal, _ukjent) = (getattr(Deadline, f.name).__set__ for f in fields(Deadline))


def deadline_from(r: Row, *, with_ukjent: bool = True) -> Deadline:
    """A deadline from a row of ``FRIST_COLS`` (``with_ukjent=False``: a row of the open-deadline
    list, whose columns after ``lokal`` are the case's; an open deadline is never ``ukjent``)."""
    d = _NEW(Deadline)
    _rule_id(d, r[0])
    _sak_id(d, r[1])
    _gjelder(d, r[2])
    _gjelder_id(d, r[3])
    _seq(d, r[4])
    _frist(d, _from_iso(r[5]))
    _varsel_fra(d, _from_iso(r[6]))
    _forklaring(d, r[9])
    _oppfylt(d, _from_iso(r[7]) if r[7] else None)
    _ikke_oppfylt(d, _from_iso(r[8]) if r[8] else None)
    _lokal(d, r[10] == 1)
    _ukjent(d, with_ukjent and r[11] == 1)
    return d


# --- the stored kinds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How one domain type is stored: table, columns (``id`` first) and row function."""

    type: type
    table: str
    cols: tuple[str, ...]
    to_row: Callable[[Any], Row]
    label: str

    def insert_sql(self, with_id: bool) -> str:
        cols = self.cols if with_id else self.cols[1:]
        return (f"INSERT INTO {self.table} ({', '.join(cols)}) "
                f"VALUES ({', '.join('?' * len(cols))})")

    def update_sql(self) -> str:
        sets = ", ".join(f"{c} = ?" for c in self.cols[1:])
        return f"UPDATE {self.table} SET {sets} WHERE id = ?"


KINDS: dict[type, Kind] = {k.type: k for k in (
    Kind(Sak, "saker", SAK_WRITE_COLS, sak_row, "saken"),
    Kind(Melding, "meldinger", MELDING_COLS, melding_row, "meldingen"),
    Kind(Undersokelse, "undersokelser", UNDERSOKELSE_COLS, undersokelse_row, "undersøkelsen"),
    Kind(Vedtak, "vedtak", VEDTAK_COLS, vedtak_row, "vedtaket"),
    Kind(Tiltak, "tiltak", TILTAK_COLS, tiltak_row, "tiltaket"),
    Kind(Plan, "planer", PLAN_COLS, plan_row, "planen"),
    Kind(Besok, "besok", BESOK_COLS, besok_row, "besøket"),
    Kind(Ettervern, "ettervern", ETTERVERN_COLS, ettervern_row, "ettervernet"),
    Kind(Flytting, "flyttinger", FLYTTING_COLS, flytting_row, "flyttingen"),
)}


def child_rows(obj: object, obj_id: int) -> dict[str, list[Row]]:
    """Rows of the child tables that belong to ``obj`` (replaced wholesale on update)."""
    if isinstance(obj, Melding):
        return {"melding_melder": coded_rows(obj_id, obj.melder),
                "melding_saksinnhold": coded_rows(obj_id, obj.saksinnhold)}
    if isinstance(obj, Undersokelse):
        return {"undersokelse_vedtaksgrunnlag": coded_rows(obj_id, obj.vedtaksgrunnlag)}
    if isinstance(obj, Tiltak):
        return {"tiltak_hyppighet": frequency_rows(obj, obj_id)}
    if isinstance(obj, Plan):
        return {"plan_evalueringer": evaluation_rows(obj, obj_id)}
    return {}


CHILD_PARENT_COLUMN = {
    "melding_melder": "melding_id",
    "melding_saksinnhold": "melding_id",
    "undersokelse_vedtaksgrunnlag": "undersokelse_id",
    "tiltak_hyppighet": "tiltak_id",
    "plan_evalueringer": "plan_id",
}

CHILD_INSERT_SQL = {
    "melding_melder": "INSERT INTO melding_melder (melding_id, kode, presisering) VALUES (?, ?, ?)",
    "melding_saksinnhold":
        "INSERT INTO melding_saksinnhold (melding_id, kode, presisering) VALUES (?, ?, ?)",
    "undersokelse_vedtaksgrunnlag": "INSERT INTO undersokelse_vedtaksgrunnlag "
        "(undersokelse_id, kode, presisering) VALUES (?, ?, ?)",
    "tiltak_hyppighet":
        "INSERT INTO tiltak_hyppighet (tiltak_id, type, startdato, per_aar) VALUES (?, ?, ?, ?)",
    "plan_evalueringer": "INSERT INTO plan_evalueringer (plan_id, dato) VALUES (?, ?)",
}

FRIST_INSERT_SQL = (f"INSERT INTO frister ({', '.join(FRIST_COLS)}) "
                    f"VALUES ({', '.join('?' * len(FRIST_COLS))})")
