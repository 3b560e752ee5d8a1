"""A small offline gazetteer: place name -> coordinates and country.

Events carry their place as text ("Kyiv", "eastern Ukraine", "Berlin"). Two jobs need more:
the GeoJSON export needs coordinates, and fusion needs to know that "Kyiv" and "Kharkiv" are
two different places while "Kyiv" and "Ukraine" may be the same one. The data file
(``data/gazetteer.tsv``, written by hand, versioned) holds country centroids, capitals and major
cities; anything it does not know stays unplaced rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA_FILE = "gazetteer.tsv"


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # country | capital | city | region
    cc3: str
    lat: float
    lon: float


def norm_place(text: str) -> str:
    """Lower-case, accents folded, punctuation and a leading "the" dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s-]", " ", text.lower())
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    version: int
    places: tuple[Place, ...]
    index: dict[str, Place]

    def lookup(self, text: str | None) -> Place | None:
        """The place a location string names, or None.

        Tries the whole string, then drops direction words ("eastern Ukraine" -> Ukraine),
        then the part before a comma ("Kharkiv, Ukraine" -> Kharkiv), then the last part
        ("Stanytsia Luhanska, Ukraine" -> Ukraine, coarser but right).
        """
        if not text:
            return None
        key = norm_place(text)
        if key in self.index:
            return self.index[key]
        stripped = re.sub(
            r"^(north|south|east|west|northern|southern|eastern|western|central|"
            r"north-eastern|north-western|south-eastern|south-western|northeastern|"
            r"northwestern|southeastern|southwestern|near|outside|in)\s+", "", key)
        if stripped in self.index:
            return self.index[stripped]
        if "," in text:
            parts = [p for p in text.split(",") if p.strip()]
            for part in (parts[0], parts[-1]) if parts else ():
                found = self.lookup(part) if "," not in part else None
                if found is not None:
                    return found
        return None


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Load the gazetteer data file once per process."""
    raw = resources.files("wirewatch.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    version = 0
    places: list[Place] = []
    index: dict[str, Place] = {}
    header_seen = False
    for line in raw.splitlines():
        if line.startswith("#"):
            m = re.match(r"#\s*version:\s*(\d+)", line)
            if m:
                version = int(m.group(1))
            continue
        if not line.strip():
            continue
        cols = line.split("\t")
        if not header_seen and cols[0] == "name":
            header_seen = True
            continue
        name, kind, cc3, lat, lon = cols[:5]
        aliases = [a.strip() for a in (cols[5] if len(cols) > 5 else "").split(",") if a.strip()]
        place = Place(name=name, kind=kind, cc3=cc3, lat=float(lat), lon=float(lon))
        places.append(place)
        for key in [name, *aliases]:
            # the first entry wins, so a country keeps its name over a same-named city
            index.setdefault(norm_place(key), place)
    return Gazetteer(version=version, places=tuple(places), index=index)


def lookup(text: str | None) -> Place | None:
    return load().lookup(text)


def same_place_possible(a: str | None, b: str | None) -> bool:
    """False only when two location strings surely name different places.

    Unknown or missing places never block: the gazetteer is small and event locations are
    often vague. Different countries block; two different cities (not a city and the country
    it lies in) block.
    """
    if not a or not b:
        return True
    if norm_place(a) == norm_place(b):
        return True
    pa, pb = lookup(a), lookup(b)
    if pa is None or pb is None:
        return True
    if pa.cc3 != pb.cc3:
        return False
    if pa.kind in {"capital", "city"} and pb.kind in {"capital", "city"}:
        return pa.name == pb.name
    return True
