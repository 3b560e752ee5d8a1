"""The actor knowledge base: countries, organisations, sector nouns, people and their offices.

WHY a separate module: ``actors.py`` links mentions in parsed text; this module only loads and
indexes the data files under ``data/actors/`` (plain TSV, written by us, versioned) so the
lexicons can be tested, grown and reviewed without touching the linking logic. Everything is
loaded once (``load_kb()`` is cached) and indexed into dicts, so lookups at link time are O(1)
and no per-document scans of the KB ever happen.

Files (each starts with ``# version: N`` and a header row; multi-values are ``|``-separated):

- ``countries.tsv``  code, name, aliases, demonyms, capitals, leader (HOS|HOG: which office
  "the <country> leader" means). pycountry's names are added as aliases at load time.
- ``igos.tsv``       code, name, aliases, anaphors ("alliance", "bloc"), sector.
- ``metonyms.tsv``   alias, code, sector: seats of power ("the Kremlin", "Downing Street").
- ``sectors.tsv``    phrase, sector, source: nouns and titles naming a sector ("troops" -> MIL).
- ``roles.tsv``      phrase, office, roles, label, sector: titles ("chancellor", "top diplomat").
- ``people.tsv``     name, aliases, country, office, role, sector, start, end: one row per office.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data" / "actors"

#: Pseudo-codes that are not ISO 3166 alpha-3 but are deliberate (documented in actors.py).
PSEUDO_CODES = {"WST": "the West", "XKX": "Kosovo"}

OFFICES = ("HOS", "HOG", "FM", "DM", "OTHER")
REGNAL = {"King", "Queen", "Pope", "Emperor", "Sheikh", "Emir", "Prince", "Crown", "Sultan"}
PARTICLES = {"bin", "ibn", "bint", "al", "bin-"}
SURNAME_STOP = {"Thani", "Khan", "Ahmed", "Mohammed", "Muhammad", "Ali", "Hassan", "Hussein"}


class KBError(ValueError):
    """A data file is malformed (bad version header, bad code, bad date)."""


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    leader: str  # HOS or HOG
    listed: bool = True  # False: a territory known only from pycountry (name only)


@dataclass(frozen=True, slots=True)
class Igo:
    """An organisation: intergovernmental (NATO, EU), armed group (Hamas) or news agency.

    ``code`` is the actor code (NATO, EU, or the home country for national groups, may be
    empty); ``gov_from`` is the date from which a group is the government (the Taliban)."""

    id: str
    code: str | None
    name: str
    aliases: tuple[str, ...]
    anaphors: tuple[str, ...]
    sector: str
    gov_from: dt.date | None = None

    def sector_on(self, on: dt.date) -> str:
        return "GOV" if self.gov_from is not None and on >= self.gov_from else self.sector


@dataclass(frozen=True, slots=True)
class Metonym:
    alias: str
    code: str
    sector: str | None


@dataclass(frozen=True, slots=True)
class Role:
    """A title. ``office`` is HOS/HOG/FM/DM/LEADER (look the holder up by office) or empty;
    ``roles`` are role texts of people rows that the title names ("prime minister|premier")."""

    phrase: str
    office: str | None
    roles: tuple[str, ...]
    label: str
    sector: str


@dataclass(frozen=True, slots=True)
class Office:
    person: str
    country: str
    office: str
    role: str
    sector: str
    start: dt.date
    end: dt.date | None  # None: still in office

    def holds(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str
    offices: list[Office] = field(default_factory=list)

    @property
    def surnames(self) -> set[str]:
        """Bare names that may stand for the person after (or without) the full name.

        The last word of each multi-word name ("Blinken"), except after Arabic patronymic
        particles ("Mohammed bin Salman" -> none) or for regnal names ("Pope Francis",
        "Elizabeth II"); plus every one-word alias, which is how family-name-first names
        get theirs ("Xi Jinping" with alias "Xi")."""
        out = set()
        for a in (self.name, *self.aliases):
            words = a.split()
            if len(words) == 1:
                if a != self.name:
                    out.add(a)
                continue
            if words[0] in REGNAL or any(w.lower() in PARTICLES for w in words[:-1]):
                continue
            last = words[-1]
            if len(last) >= 3 and last not in SURNAME_STOP and not re.fullmatch(r"[IVX]+|Jr\.?|Sr\.?", last):
                out.add(last)
        return out


@dataclass(slots=True)
class KB:
    countries: dict[str, Country]
    igos: dict[str, Igo]
    metonyms: list[Metonym]
    sectors: dict[str, str]  # lower-case phrase -> sector
    roles: dict[str, Role]  # lower-case phrase -> role
    people: dict[str, Person]  # canonical name -> person
    by_office: dict[tuple[str, str], list[Office]]  # (country, office) -> offices
    by_role: dict[tuple[str, str], list[Office]]  # (country, role text) -> offices

    def offices(self, country: str, office: str) -> list[Office]:
        """Every term of ``office`` of ``country`` (LEADER means the country's leader office)."""
        if office == "LEADER":
            c = self.countries.get(country)
            office = c.leader if c else "HOS"
        return self.by_office.get((country, office), [])

    def holder(self, country: str, office: str, on: dt.date) -> Office | None:
        """Who held ``office`` of ``country`` on a date (LEADER means the country's leader office)."""
        for o in self.offices(country, office):
            if o.holds(on):
                return o
        return None

    def holder_by_role(self, country: str, roles: tuple[str, ...], on: dt.date) -> Office | None:
        for r in roles:
            for o in self.by_role.get((country, r), ()):
                if o.holds(on):
                    return o
        return None


def _read_tsv(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as fh:
        first = fh.readline()
        if not re.match(r"#\s*version:\s*\d+", first):
            raise KBError(f"{name}: first line must be '# version: N', got {first!r}")
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    return rows


def file_version(name: str) -> int:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        m = re.match(r"#\s*version:\s*(\d+)", fh.readline())
    if not m:
        raise KBError(f"{name}: no version header")
    return int(m.group(1))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def parse_date(value: str, *, name: str = "") -> dt.date | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``, taken as the first day); empty -> None."""
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 1, 1)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise KBError(f"{name}: bad date {value!r}") from exc


def _pycountry_names(code: str) -> list[str]:
    """Extra names for a code from pycountry (skipping the inverted "Iran, Islamic Republic of")."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a declared dependency
        return []
    rec = pycountry.countries.get(alpha_3=code)
    if rec is None:
        return []
    out = []
    for attr in ("name", "official_name", "common_name"):
        v = getattr(rec, attr, None)
        if v and "," not in v and "(" not in v:
            out.append(v)
    return out


#: pycountry names that are mostly something else in English news ("New Jersey")
TERRITORY_SKIP = {"Jersey"}


def _add_pycountry_territories(countries: dict[str, Country], claimed: set[str]) -> None:
    """Every other ISO 3166 entry (territories: Greenland, Puerto Rico, Cayman Islands) by its
    pycountry name only, so the linker knows every code even where we wrote no demonyms."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return
    for rec in pycountry.countries:
        code = rec.alpha_3
        if code in countries:
            continue
        names = [n for n in (getattr(rec, "common_name", None), rec.name) if n]
        names = [n for n in names if "," not in n and "(" not in n and n not in claimed and n not in TERRITORY_SKIP]
        if not names:
            continue
        countries[code] = Country(code=code, name=names[0], aliases=tuple(dict.fromkeys(names[1:])), demonyms=(),
                                  capitals=(), leader="HOS", listed=False)


def plural(word: str) -> str:
    """Regular English plural of a noun phrase's last word (PLOVER lists singulars only)."""
    head, _, last = word.rpartition(" ")
    low = last.lower()
    irregular = {"man": "men", "woman": "women", "person": "people", "chief": "chiefs",
                 "staff": "staff", "police": "police", "personnel": "personnel", "military": "military",
                 "militia": "militias", "army": "armies", "child": "children"}
    if low in irregular:
        p = irregular[low]
    elif low.endswith("man") and len(low) > 4:
        p = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", low):
        p = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", low):
        p = last + "es"
    else:
        p = last + "s"
    return f"{head} {p}" if head else p


@lru_cache(maxsize=1)
def load_kb() -> KB:
    """Load and index every data file once per process."""
    countries: dict[str, Country] = {}
    crows = _read_tsv("countries.tsv")
    # names we wrote win over pycountry's ("Congo" is DR Congo in the news; pycountry's COG)
    claimed = {n for row in crows for n in (row["name"], *_split(row.get("aliases", "")), *_split(row.get("capitals", "")))}
    for row in crows:
        code = row["code"]
        aliases = list(_split(row.get("aliases", "")))
        for extra in _pycountry_names(code):
            if extra not in aliases and extra != row["name"] and extra not in claimed:
                aliases.append(extra)
        countries[code] = Country(
            code=code,
            name=row["name"],
            aliases=tuple(aliases),
            demonyms=_split(row.get("demonyms", "")),
            capitals=_split(row.get("capitals", "")),
            leader=row.get("leader") or "HOS",
        )
    _add_pycountry_territories(countries, claimed)
    igos = {
        row["id"]: Igo(
            id=row["id"],
            code=row.get("code") or None,
            name=row["name"],
            aliases=_split(row.get("aliases", "")),
            anaphors=_split(row.get("anaphors", "")),
            sector=row.get("sector") or "IGO",
            gov_from=parse_date(row.get("gov_from", ""), name=row["id"]),
        )
        for row in _read_tsv("igos.tsv")
    }
    metonyms = [
        Metonym(alias=row["alias"], code=row["code"], sector=row.get("sector") or None)
        for row in _read_tsv("metonyms.tsv")
    ]
    sectors: dict[str, str] = {}
    # hand-written rows override PLOVER-derived rows, whatever their order in the file
    rows = _read_tsv("sectors.tsv")
    for row in sorted(rows, key=lambda r: r.get("source") != "plover"):
        sectors[row["phrase"].lower()] = row["sector"]
    roles = {}
    for row in _read_tsv("roles.tsv"):
        phrase = row["phrase"].lower()
        roles[phrase] = Role(
            phrase=phrase,
            office=row.get("office") or None,
            roles=tuple(r.lower() for r in _split(row.get("roles", ""))),
            label=row.get("label") or phrase,
            sector=row.get("sector") or "GOV",
        )
    people: dict[str, Person] = {}
    by_office: dict[tuple[str, str], list[Office]] = {}
    by_role: dict[tuple[str, str], list[Office]] = {}
    for row in _read_tsv("people.tsv"):
        name = row["name"]
        start = parse_date(row["start"], name=name)
        if start is None:
            raise KBError(f"people.tsv: {name} has no start date")
        office = Office(
            person=name,
            country=row["country"],
            office=row.get("office") or "OTHER",
            role=row["role"].lower(),
            sector=row.get("sector") or "GOV",
            start=start,
            end=parse_date(row.get("end", ""), name=name),
        )
        person = people.get(name)
        if person is None:
            person = people[name] = Person(name=name, aliases=_split(row.get("aliases", "")), country=row["country"])
        else:
            new_aliases = tuple(a for a in _split(row.get("aliases", "")) if a not in person.aliases)
            person.aliases = person.aliases + new_aliases
        person.offices.append(office)
        by_office.setdefault((office.country, office.office), []).append(office)
        by_role.setdefault((office.country, office.role), []).append(office)
    for lst in (*by_office.values(), *by_role.values()):
        lst.sort(key=lambda o: o.start)
    for p in people.values():
        p.offices.sort(key=lambda o: o.start)
    return KB(countries, igos, metonyms, sectors, roles, people, by_office, by_role)
