"""Actor linking: who is named, described or referred to in a parsed article, as ``ActorRef``s.

WHY: events, quotes and claims all need the same answer to "who is this noun phrase?", dated to
the article (Boris Johnson is the British PM's GOV in 2021 and ELI after 2022; "the German
chancellor" is Merkel in 2019 and Scholz in 2022). Doing it once here keeps every stage consistent.

How it works (one pass per Doc, O(tokens); matchers are built once in ``get_linker()``):

1. *Units*: spans found by two PhraseMatchers over the KB (``kb.py``) - a case-sensitive one for
   proper names (countries, demonyms, capitals, seats of power, organisations, people and their
   surnames) and a lower-case one for titles and sector nouns - plus spaCy NER PERSON/ORG spans
   the KB does not know (unknown people keep their own name). KB matches win over NER (the small
   model tags "Kyiv" as PERSON).
2. *Phrases*: the dependency parse attaches each unit to the noun it modifies (compound, amod,
   poss, nmod, "of"-pobj). A head unit takes its country from its modifiers: "Russian troops" ->
   RUS MIL, "Russia's top diplomat" -> the RUS foreign minister on the article date,
   "Ukraine's National Guard" -> UKR MIL, "an EU official" -> EU GOV.
3. *Position*: a country, capital or seat of power in a locative ("in Kyiv", "a trip to Moscow")
   is a place (``LinkedDoc.places``), not an actor; elsewhere ("Moscow wants guarantees") a
   capital or seat of power is that country's GOV and a bare country name is the country-level
   actor (code, sector None - PLOVER's convention).
4. *Chains*, left to right: full name -> later surname; a title without a country ("the
   minister") -> the latest person holding such a title; "the official" -> the latest "official"
   descriptor; "the alliance"/"the bloc" -> the latest organisation with that anaphor; pronouns
   he/she -> the latest person (subjects first, same sentence first, up to 3 sentences back),
   it -> the latest country/organisation, they -> the latest group (or an unnamed source).

API: ``get_linker().link(doc, published) -> LinkedDoc`` with ``mentions`` (actors, text order),
``places`` (locatives), ``actor_for_span(start, end)``, ``actors_for_token(token)``,
``place_for_span(start, end)``; ``get_linker().resolve_name(text, on)`` for bare strings.

Mention kinds: ``name`` (a full or KB name, with any titles before it), ``surname`` (a later bare
surname), ``title`` (a title resolved to the person holding it on the date: "the German
chancellor"), ``role`` (a title with no known holder: "the mayor", "Ukraine's leaders"),
``pronoun``, ``demonym`` ("Russian" before a non-actor noun, "the Russians"), ``country``,
``capital``, ``metonym`` (seats of power), ``org`` (organisations, armed groups, agencies),
``sector`` (plural groups: "Russian troops"), ``descriptor`` (one unnamed person or body: "an EU
official", "the ministry").

Decisions (documented so downstream stages can rely on them):
- Country names as actors: ``ActorRef(name="Russia", code="RUS", sector=None)``.
- Capitals / seats of power as actors: ``code=<country>, sector="GOV"`` (the Pentagon: MIL),
  ``name`` is the text as written ("the Kremlin").
- "the West", "Western": pseudo-code ``WST`` (sector None, or the sector noun's: "Western
  officials" -> WST GOV).
- People in office on the article date: ``sector`` from the office (GOV), ``role`` the office
  ("foreign minister"); after leaving office: ``sector="ELI"``, ``role="former <role>"``; before
  any office: sector None. Undated articles are linked as of today.
- Allies: "the U.S. and its allies" -> [USA, ActorRef(name="allies of United States", code=None,
  sector=None)]; "its NATO allies" -> code NATO.
- Unknown named people: their name, with code/sector/role from titles, demonyms and appositives
  ("Dr. Jane Roe" -> CVL, "John Doe, a teacher" -> the noun's sector, CVL when the noun is not
  in the sector table); unnamed people and groups keep their words as ``name``
  ("a Ukrainian doctor" -> UKR CVL; "U.S. officials" -> USA GOV).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from wirewatch.kb import KB, Office, Person, load_kb, plural
from wirewatch.types import ActorRef

KINDS = (
    "name", "surname", "title", "role", "pronoun", "demonym", "country", "capital",
    "metonym", "org", "sector", "descriptor",
)

MOD_DEPS = {"compound", "amod", "poss", "nmod", "nn"}
LOC_PREPS = {
    "in", "at", "near", "inside", "outside", "around", "across", "throughout", "within",
    "into", "onto", "through", "via", "over", "along", "beyond", "off", "nearby", "past", "beneath", "under", "above", "behind", "amid",
}
DIRECTIONAL_PREPS = {"to", "from", "toward", "towards"}
#: heads of "to/from X" that make X a destination or origin, not a recipient or source
MOTION = {
    "trip", "visit", "travel", "fly", "go", "come", "return", "arrive", "head", "move", "continue",
    "journey", "flight", "drive", "sail", "march", "advance", "flee", "relocate", "cross", "enter",
    "leave", "depart", "withdraw", "retreat", "pull", "evacuate", "fled", "way", "road", "route",
    "tour", "trek", "walk", "visitor", "refugee", "escape", "expel", "deport",
    "dispatch", "land", "stop", "stay", "live", "be", "bear",
}
#: verbs that take someone somewhere ("taken to a hospital")
CARRY = {"take", "rush", "bring", "admit", "transfer", "airlift", "carry", "drive"}
PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
FEMALE_TITLES = {"mrs.", "mrs", "ms.", "ms", "miss", "madam", "madame", "queen", "lady", "dame", "princess", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "policewoman"}
MALE_TITLES = {"mr.", "mr", "sir", "king", "prince", "lord", "spokesman", "chairman", "congressman", "businessman", "policeman"}
IT_PRONOUNS = {"it", "its", "itself"}
THEY_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
SUBJ_DEPS = {"nsubj", "nsubjpass"}
SAY_VERBS = {"say", "tell", "add", "note", "state", "claim", "insist", "report", "explain", "write", "warn"}
COUNTRYLIKE = {"country", "demonym", "capital", "metonym", "org", "west", "capital_noun"}
#: unit kinds that are the head of an actor noun phrase (modifiers attach to them)
HEADLIKE = {"person", "surname", "uperson", "role", "sector", "uorg", "capital_noun", "ally"}
PRIORITY = {
    "person": 0, "org": 1, "metonym": 2, "capital": 4, "country": 5, "west": 5.5, "demonym": 6,
    "surname": 7, "anaphor": 8, "role": 9, "ally": 10, "capital_noun": 10, "sector": 11,
}
#: surnames that are also common words or places; bare, they need a proper-noun tag
AMBIGUOUS_SURNAMES = {
    "May", "Rice", "Bush", "Gates", "Moon", "Park", "Lee", "Long", "Brown", "Young", "Hunt", "Fox",
    "Miller", "Carter", "Austin", "Reid", "Kerry", "Blair", "Hague", "Major", "Cook", "Straw", "Wong",
    "Cooper", "Abbott", "Martin", "Paul", "Johnson", "Jung", "King", "Castro", "Kan", "Noda", "Marles",
    "Chase", "Sharif", "Khan", "Singh", "Ortega", "Salam", "Paz", "Dan", "Pavel", "Morales", "Duque",
}
#: sectors whose members are usually nationals of the country they are in ("police in Guinea");
#: not troops, diplomats or refugees, who are often foreign
LOCAL_SECTORS = {"COP", "REB", "OPP", "CVL", "LEG", "JUD", "EDU", "LAB", "AGR", "UAF", "CRM", "REL", "PTY", "BUS", "MED", "SPY"}
MIL_TITLES = {
    "Gen.", "Gen", "General", "Lt.", "Lt", "Col.", "Col", "Colonel", "Maj.", "Maj", "Major", "Brig.",
    "Adm.", "Admiral", "Capt.", "Sgt.", "Sergeant", "Cmdr.", "Marshal", "Field", "Lieutenant",
}
TITLES_CVL = {"dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "prof.", "prof", "doctor"}
FORMER = {"former", "ex", "ex-", "then", "ousted", "deposed", "late", "erstwhile", "onetime"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
PLACE_NOUNS = {
    "village", "town", "city", "region", "district", "province", "area", "island", "county", "state",
    "neighborhood", "neighbourhood", "suburb", "settlement", "camp", "port", "capital", "river", "oblast",
}
ORG_WORDS = {
    "ministry", "group", "company", "corp", "corp.", "inc", "inc.", "council", "party", "agency", "bank",
    "press", "service", "services", "forces", "army", "navy", "union", "committee", "association",
    "organization", "organisation", "institute", "university", "court", "front", "movement", "brigade",
    "battalion", "unit", "guard", "news", "times", "post", "network", "fund", "foundation", "commission",
    "office", "department", "authority", "league", "club", "airlines", "airways", "holdings", "media",
    "tv", "radio", "center", "centre", "school", "college", "hospital", "church", "government", "police",
    "reuters", "ap", "afp", "international", "watch", "project", "initiative", "systems", "energy",
}
#: name words that give an unknown organisation its sector
ORG_SECTOR_WORDS = {
    "post": "MED", "times": "MED", "journal": "MED", "herald": "MED", "gazette": "MED", "tribune": "MED",
    "independent": "MED", "news": "MED", "tv": "MED", "television": "MED", "radio": "MED", "press": "MED",
    "university": "EDU", "college": "EDU", "institute": "EDU", "academy": "EDU", "school": "EDU",
    "bank": "BUS", "airlines": "BUS", "airways": "BUS", "company": "BUS", "corporation": "BUS",
    "group": None, "church": "REL", "party": "PTY", "front": None, "army": "MIL", "brigade": "MIL",
    "battalion": "MIL", "regiment": "MIL", "police": "COP", "court": "JUD", "ministry": "GOV",
}
#: words that make an NER PERSON/ORG span a place or a thing, not an actor
PLACE_WORDS = {
    "square", "street", "palace", "avenue", "road", "bridge", "station", "airport", "hospital",
    "church", "cathedral", "monument", "park", "hotel", "museum", "stadium", "region", "oblast",
    "province", "river", "sea", "mountains", "island", "islands", "district", "peninsula", "lake",
    "valley", "plaza", "tower", "hall", "gate", "port", "harbour", "harbor", "base", "camp",
    "password", "login", "log", "newsletter", "photo", "images", "file",
}


@dataclass(slots=True)
class Mention:
    """One linked mention. ``start``/``end`` are char offsets into ``doc.text``."""

    start: int
    end: int
    text: str
    actor: ActorRef
    kind: str
    tok_start: int = 0
    tok_end: int = 0
    head: int = 0  # token index of the phrase head
    plural: bool = False
    person: bool = False  # refers to one human being (for he/she chains)
    #: coordinated modifiers ("U.S. and Russian negotiators"): (tok_start, tok_end, actor) per
    #: modifier, so a span naming only "Russian negotiators" gets the Russian actor
    alts: list[tuple[int, int, ActorRef]] = field(default_factory=list)


@dataclass(slots=True)
class _Unit:
    s: int  # token start
    e: int  # token end (exclusive)
    kind: str
    payload: Any
    root: int = -1
    mods: list[int] = field(default_factory=list)  # indices of modifier units
    consumed: bool = False


class LinkedDoc:
    """The actors of one Doc: ``mentions`` (actors, in text order) and ``places`` (locatives)."""

    def __init__(self, doc: Doc, mentions: list[Mention], places: list[Mention], conj_extra: dict[int, list[ActorRef]]):
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.places = sorted(places, key=lambda m: m.start)
        self._by_tok: list[int] = [-1] * len(doc)
        for i, m in enumerate(self.mentions):
            for t in range(m.tok_start, m.tok_end):
                self._by_tok[t] = i
        self._extra = conj_extra  # mention head token -> extra actors ("the leaders of X and Y")

    def mention_at(self, token_index: int) -> Mention | None:
        i = self._by_tok[token_index] if 0 <= token_index < len(self._by_tok) else -1
        return self.mentions[i] if i >= 0 else None

    def actor_for_span(self, start_char: int, end_char: int) -> ActorRef | None:
        """Best actor for a char span: the mention covering the span's syntactic root, else the
        mention nearest the root in the span's subtree (breadth first), else None."""
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        root = span.root
        queue = [root]
        seen = set()
        while queue:
            tok = queue.pop(0)
            if tok.i in seen:
                continue
            seen.add(tok.i)
            m = self.mention_at(tok.i)
            if m is not None:
                if m.alts:
                    inside = [a for s, e, a in m.alts if span.start <= s and e <= span.end]
                    if len(inside) == 1:
                        return inside[0]
                return m.actor
            queue.extend(c for c in tok.children if span.start <= c.i < span.end)
        for t in span:  # tokens outside the root's subtree (broken parses)
            m = self.mention_at(t.i)
            if m is not None:
                return m.actor
        return None

    def place_for_span(self, start_char: int, end_char: int) -> ActorRef | None:
        """The country of a place in a locative inside the span ("in Kyiv" -> UKR), or None.
        Places are kept apart from actors; this is for callers that want an event's location."""
        for p in self.places:
            if p.start < end_char and start_char < p.end:
                return p.actor
        return None

    def actors_for_token(self, token: Token) -> list[ActorRef]:
        """Actors of the phrase headed by ``token``, with its coordinated conjuncts
        ("the U.S. and its allies" -> [USA, allies of United States])."""
        out: list[ActorRef] = []
        for tok in (token, *token.conjuncts):
            m = self.mention_at(tok.i)
            if m is None:
                # the head noun itself is not an actor: look at its nearest actor child
                for c in tok.children:
                    if c.dep_ in ("compound", "amod", "nmod", "poss", "appos"):
                        m = self.mention_at(c.i)
                        if m is not None:
                            break
            if m is not None and m.actor not in out:
                out.append(m.actor)
                for _, _, alt in m.alts:
                    if alt not in out:
                        out.append(alt)
                for extra in self._extra.get(m.head, ()):
                    if extra not in out:
                        out.append(extra)
        return out

    def actors(self) -> list[ActorRef]:
        """Distinct actors in text order (handy for debugging and summaries)."""
        out: list[ActorRef] = []
        for m in self.mentions:
            if m.actor not in out:
                out.append(m.actor)
        return out


def _parsed_date(published: str | None) -> dt.date | None:
    if published:
        try:
            return dt.date.fromisoformat(str(published)[:10])
        except ValueError:
            pass
    return None


def _date(published: str | None) -> dt.date:
    return _parsed_date(published) or dt.date.today()


class ActorLinker:
    """Links actors in parsed Docs against the KB. Build once (``get_linker()``), reuse."""

    def __init__(self, nlp: Language, kb: KB | None = None):
        self.nlp = nlp
        self.kb = kb or load_kb()
        vocab = nlp.vocab
        self._orth = PhraseMatcher(vocab, attr="ORTH")
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._payload: dict[int, tuple[str, Any]] = {}
        self._surnames: dict[str, list[Person]] = {}
        self._exact: dict[str, tuple[str, Any]] = {}  # for resolve_name
        orth: dict[tuple[str, Any], set[str]] = {}
        lower: dict[tuple[str, Any], set[str]] = {}

        def add(table: dict[tuple[str, Any], set[str]], kind: str, payload: Any, texts: Iterable[str]) -> None:
            for t in texts:
                t = t.strip()
                if t:
                    table.setdefault((kind, payload), set()).add(t)

        kb = self.kb
        for c in kb.countries.values():
            names = [c.name, *c.aliases]
            add(orth, "country", c.code, names)
            add(orth, "country", c.code, [n[4:] for n in names if n.lower().startswith("the ")])
            add(orth, "demonym", c.code, c.demonyms)
            add(orth, "capital", c.code, c.capitals)
            for n in names:
                self._exact.setdefault(n.lower(), ("country", c.code))
            for n in c.capitals:
                self._exact.setdefault(n.lower(), ("capital", c.code))
            for n in c.demonyms:
                self._exact.setdefault(n.lower(), ("demonym", c.code))
        for m in kb.metonyms:
            add(orth, "metonym", (m.code, m.sector), [m.alias])
            self._exact[m.alias.lower()] = ("metonym", (m.code, m.sector))
        self._igo_by_name = {g.name: g for g in kb.igos.values()}
        for key, igo in kb.igos.items():
            add(orth, "org", key, [igo.name, *igo.aliases])
            for n in (igo.name, *igo.aliases):
                self._exact[n.lower()] = ("org", key)
            for a in igo.anaphors:
                add(lower, "anaphor", a.lower(), [a])
        add(orth, "west", "WST", ["the West", "The West", "the west"])
        add(orth, "demonym", "WST", ["Western", "Westerners", "Westerner"])
        self._exact["the west"] = ("west", "WST")
        self._exact["west"] = ("west", "WST")
        for p in kb.people.values():
            add(orth, "person", p.name, [p.name, *p.aliases])
            for n in (p.name, *p.aliases):
                self._exact[n.lower()] = ("person", p.name)
            for s in p.surnames:
                self._surnames.setdefault(s, []).append(p)
        for s in self._surnames:
            add(orth, "surname", s, [s, s.upper()])
            self._exact.setdefault(s.lower(), ("surname", s))
        self._title_words = {w.capitalize() for phrase in kb.roles for w in phrase.split()} | {"Dr.", "Mr.", "Mrs.", "Ms.", "Gen.", "Sen.", "Rep.", "Prof."}
        for phrase in kb.roles:
            add(lower, "role", phrase, [phrase, plural(phrase)])
        for phrase, sector in kb.sectors.items():
            kind = {"ALLY": "ally", "CAPITAL": "capital_noun"}.get(sector, "sector")
            if phrase in kb.roles or sector == "NONE":
                continue
            add(lower, kind, phrase, [phrase, plural(phrase)])
        for table, matcher in ((orth, self._orth), (lower, self._lower)):
            for (kind, payload), texts in table.items():
                key = f"{kind}\t{payload!r}"
                match_id = vocab.strings.add(key)
                self._payload[match_id] = (kind, payload)
                matcher.add(key, list(nlp.tokenizer.pipe(sorted(texts))))  # type: ignore[union-attr]

    # ------------------------------------------------------------------ people and offices
    def person_actor(self, person: Person, on: dt.date) -> ActorRef:
        """The person as of a date: GOV (or the office's sector) in office, ELI after."""
        current = [o for o in person.offices if o.holds(on)]
        if current:
            rank = {"HOS": 0, "HOG": 1, "FM": 2, "DM": 3}
            o = min(current, key=lambda o: rank.get(o.office, 9))
            return ActorRef(name=person.name, code=o.country, sector=o.sector, role=o.role)
        past = [o for o in person.offices if o.end is not None and o.end < on]
        if past:
            last = max(past, key=lambda o: o.end or o.start)
            # former officials are elites (ELI); a former rebel or opposition leader stays REB/OPP
            sector = "ELI" if last.sector in ("GOV", "MIL", "LEG", "JUD", "IGO", "SPY") else last.sector
            return ActorRef(name=person.name, code=last.country, sector=sector, role=f"former {last.role}")
        return ActorRef(name=person.name, code=person.country, sector=None, role=None)

    def office_actor(self, office: Office, on: dt.date) -> ActorRef:
        return self.person_actor(self.kb.people[office.person], on)

    def _pick_surname(self, surname: str, on: dt.date, present: set[str]) -> Person | None:
        cands = self._surnames.get(surname, [])
        if not cands:
            return None
        for p in cands:
            if p.name in present:
                return p
        in_office = [p for p in cands if any(o.holds(on) for o in p.offices)]
        if in_office:
            return in_office[0]
        if len(cands) == 1:
            return cands[0]
        # the one whose offices are closest to the date
        def distance(p: Person) -> int:
            return min(min(abs((o.start - on).days), abs(((o.end or on) - on).days)) for o in p.offices)

        return min(cands, key=distance)

    # ------------------------------------------------------------------ public API
    def resolve_name(self, text: str, on: str | None) -> ActorRef | None:
        """Actor for a bare string ("Blinken", "the Kremlin", "the German chancellor")."""
        date = _date(on)
        key = text.strip().lower()
        key = re.sub(r"^the\s+", "", key) if key not in self._exact else key
        hit = self._exact.get(key) or self._exact.get(text.strip().lower())
        if hit is not None:
            kind, payload = hit
            if kind == "person":
                return self.person_actor(self.kb.people[payload], date)
            if kind == "surname":
                p = self._pick_surname(payload if payload in self._surnames else text.strip(), date, set())
                if p is not None:
                    return self.person_actor(p, date)
            else:
                return self._simple_actor(kind, payload, text.strip(), date)
        if not text.strip():
            return None
        doc = self.nlp(text.strip())
        return self.link(doc, on).actor_for_span(0, len(doc.text))

    def _simple_actor(self, kind: str, payload: Any, text: str, on: dt.date | None = None) -> ActorRef | None:
        kb = self.kb
        if kind == "country":
            return ActorRef(name=kb.countries[payload].name, code=payload)
        if kind == "demonym":
            if payload == "WST":
                return ActorRef(name="the West", code="WST")
            return ActorRef(name=kb.countries[payload].name, code=payload)
        if kind == "capital":
            return ActorRef(name=text, code=payload, sector="GOV")
        if kind == "metonym":
            code, sector = payload
            return ActorRef(name=text, code=code, sector=sector)
        if kind == "org":
            igo = kb.igos[payload]
            return ActorRef(name=igo.name, code=igo.code, sector=igo.sector_on(on or dt.date.today()))
        if kind == "west":
            return ActorRef(name="the West", code="WST")
        return None

    def link(self, doc: Doc, published: str | None) -> LinkedDoc:
        on = _parsed_date(published)
        linking = _Linking(self, doc, on or dt.date.today())
        linking.dated = on is not None
        return linking.run()


class _Linking:
    """State of linking one Doc (kept apart from the shared, immutable ActorLinker)."""

    def __init__(self, linker: ActorLinker, doc: Doc, on: dt.date):
        self.L = linker
        self.kb = linker.kb
        self.doc = doc
        self.on = on
        self.units: list[_Unit] = []
        self.tok_unit: list[int] = [-1] * len(doc)
        self.mentions: list[Mention] = []
        self.places: list[Mention] = []
        self.place_toks: set[int] = set()
        self.extra: dict[int, list[ActorRef]] = {}
        self.unknown_surnames: dict[str, ActorRef] = {}
        self.unknown_names: dict[str, ActorRef] = {}
        self._info_memo: dict[int, dict[str, Any]] = {}
        self.gender: dict[str, str] = {}  # actor name -> "f" / "m", from pronouns and titles
        self._visiting: set[int] = set()
        self.present: set[str] = set()
        self.sent_of: list[int] = []
        self.dated = True  # False: no publication date, ``on`` is only today's date

    # ------------------------------------------------------------------ step 1: units
    def _collect_units(self) -> None:
        doc = self.doc
        cands: list[tuple[int, int, str, Any]] = []
        for matcher in (self.L._orth, self.L._lower):
            for match_id, s, e in matcher(doc):
                kind, payload = self.L._payload[match_id]
                cands.append((s, e, kind, payload))
        cands.sort(key=lambda c: (-(c[1] - c[0]), PRIORITY.get(c[2], 20), c[0]))
        taken = [False] * len(doc)
        owner: list[tuple[int, int, str, Any] | None] = [None] * len(doc)  # token -> chosen unit
        chosen: list[tuple[int, int, str, Any]] = []
        for s, e, kind, payload in cands:
            if any(taken[s:e]):
                continue
            if not self._accept(s, e, kind, payload):
                continue
            c = (s, e, kind, payload)
            for i in range(s, e):
                taken[i] = True
                owner[i] = c
            chosen.append(c)
        # a title word inside somebody's name is a surname ("Stephen King", "Martin Luther King")
        for c in list(chosen):
            s, e, kind, _ = c
            if kind in ("role", "sector") and doc[s].ent_type_ == "PERSON" and doc[s].ent_iob_ == "I" and (
                doc[s - 1].ent_type_ == "PERSON" and doc[s - 1].text not in self.L._title_words
            ):
                chosen.remove(c)
                for i in range(s, e):
                    taken[i] = False
                    owner[i] = None
        self.present = {p for s, e, k, p in chosen if k == "person"}
        # NER: unknown people and organisations; first the last words of full names, so a later
        # bare "Salazar" joins "Ken Salazar" instead of becoming a person of its own
        ents = self._merged_ents()
        full_surnames = {
            ent[-1].text for ent in ents
            if ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].is_alpha and ent[-1].text[:1].isupper()
        }
        removed: set[tuple[int, int, str, Any]] = set()
        for ent in ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            label = "PERSON" if ent.label_ == "ORG" and self._org_looks_like_person(ent) else ent.label_
            toks = [t.i for t in ent if not taken[t.i] and not (t.is_punct or t.lower_ in DETERMINERS)]
            if not toks:
                continue
            if any(t.lower_ in PLACE_WORDS for t in ent):
                continue
            t = ent.root
            while t.dep_ == "conj" and t.head.i != t.i:
                t = t.head
            if t.dep_ in ("appos", "compound", "pobj") and (
                t.head.lemma_.lower() in PLACE_NOUNS
                or t.head.dep_ == "prep" and t.head.head.lemma_.lower() in PLACE_NOUNS
            ):
                continue  # "the villages Kavouhi and Zinabieh", "the town of Irpin"
            overlapping = [o for o in dict.fromkeys(owner[i] for i in range(ent.start, ent.end)) if o is not None]
            if label == "PERSON":
                # keep the contiguous untaken run ending at the entity's last free token
                run_end = toks[-1] + 1
                run_start = run_end - 1
                while run_start - 1 >= ent.start and not taken[run_start - 1]:
                    run_start -= 1
                while run_start < run_end and doc[run_start].lower_ in DETERMINERS:
                    run_start += 1
                if run_start >= run_end or not any(doc[i].is_alpha and doc[i].text[:1].isupper() for i in range(run_start, run_end)):
                    continue
                text = doc[run_start:run_end].text
                if run_end - run_start == 1 and (text in self.L._surnames or text in full_surnames):
                    continue
                c = (run_start, run_end, "uperson", text)
                for i in range(run_start, run_end):
                    taken[i] = True
                    owner[i] = c
                chosen.append(c)
            else:
                code = None
                placey = [c for c in overlapping if c[2] in ("country", "capital", "demonym")]
                if any(c[2] not in ("sector", "role") for c in overlapping):
                    # "Washington Post", "Moscow State University": a name that contains a place
                    # plus words of its own is an organisation of that country, not the place
                    extra = [t for t in ent if not any(c[0] <= t.i < c[1] for c in overlapping) and t.lower_ not in DETERMINERS]
                    first = next((t.i for t in ent if t.lower_ not in DETERMINERS), ent.start)
                    if not (
                        ent.label_ == "ORG" and len(placey) == len(overlapping) - sum(c[2] == "sector" for c in overlapping)
                        and len(placey) == 1 and extra and all(t.is_alpha and t.text[:1].isupper() for t in extra)
                        and placey[0][0] == first
                    ):
                        continue
                    code = self._payload_code(placey[0][2], placey[0][3])
                s = min([ent.start] + [c[0] for c in overlapping])
                e = max([ent.end] + [c[1] for c in overlapping])
                while s < e and doc[s].lower_ in DETERMINERS:
                    s += 1
                if s >= e:
                    continue
                if e - s == 1 and not (doc[s].text.isupper() and len(doc[s].text) > 1):
                    continue  # single capitalised words tagged ORG are too often people or places
                sector = next((c[3] for c in overlapping if c[2] == "sector"), None)
                sector = self.kb.sectors.get(sector, None) if sector else None
                if sector is None:
                    sector = next((ORG_SECTOR_WORDS[t.lower_] for t in ent if t.lower_ in ORG_SECTOR_WORDS), None)
                removed.update(overlapping)
                c = (s, e, "uorg", (doc[s:e].text, sector, code))
                for i in range(s, e):
                    taken[i] = True
                    owner[i] = c
                chosen.append(c)
        if removed:
            chosen = [c for c in chosen if c not in removed]
        # surnames of unknown people named in full, anywhere in the text
        for s, e, kind, _payload in chosen:
            if kind == "uperson" and e - s >= 2:
                self.unknown_surnames.setdefault(doc[e - 1].text, None)  # type: ignore[arg-type]
        if self.unknown_surnames:
            for t in doc:
                if not taken[t.i] and t.text in self.unknown_surnames:
                    taken[t.i] = True
                    chosen.append((t.i, t.i + 1, "usurname", t.text))
        chosen.sort()
        for s, e, kind, payload in chosen:
            if kind in ("country", "demonym", "capital", "metonym", "org", "west") and self._attitude(s, e):
                continue  # "pro-Russian rebels", "Kremlin-backed militias": a stance, not an actor
            u = _Unit(s, e, kind, payload)
            u.root = self._root(s, e)
            idx = len(self.units)
            self.units.append(u)
            for i in range(s, e):
                self.tok_unit[i] = idx

    def _attitude(self, s: int, e: int) -> bool:
        """A name inside a stance word: "pro-Russian", "anti-American", "Kremlin-backed"."""
        doc = self.doc
        if s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in ("pro", "anti", "non"):
            return True
        if s >= 1 and doc[s - 1].lower_ in ("pro-", "anti-"):
            return True
        if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ in ("backed", "friendly", "leaning", "allied", "aligned", "supported", "sponsored", "controlled", "installed", "appointed"):
            return True
        return False

    def _merged_ents(self) -> list[Span]:
        """doc.ents with adjacent PERSON entities joined: the small model splits long names
        ("Danilo Medina" + "Cornejo")."""
        out: list[Span] = []
        for ent in self.doc.ents:
            if out and ent.label_ == "PERSON" and out[-1].label_ == "PERSON" and out[-1].end == ent.start:
                out[-1] = Span(self.doc, out[-1].start, ent.end, label="PERSON")
            else:
                out.append(ent)
        return out

    def _org_looks_like_person(self, ent: Span) -> bool:
        """The small model often tags people as ORG ("Helena Varga said"): two or three
        capitalised words with no organisation word, after a title or before "said"."""
        words = [t for t in ent if not t.is_punct]
        if not 2 <= len(words) <= 3 or any(not (t.is_alpha and t.text[:1].isupper() and not t.is_upper) for t in words):
            return False
        if any(t.lower_ in ORG_WORDS for t in words):
            return False
        prev = self.doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and (prev.lower_ in TITLES_CVL or prev.text in self.L._title_words):
            return True
        root = ent.root
        if root.dep_ in SUBJ_DEPS and root.head.lemma_ in SAY_VERBS:
            return True
        return any(c.dep_ == "appos" for c in root.children)

    def _payload_code(self, kind: str, payload: Any) -> str | None:
        if kind in ("country", "capital", "demonym", "west"):
            return payload
        if kind == "metonym":
            return payload[0]
        return None

    def _accept(self, s: int, e: int, kind: str, payload: Any) -> bool:
        doc = self.doc
        if kind == "surname":
            tok = doc[s]
            if tok.ent_type_ in ("DATE", "TIME", "MONEY", "CARDINAL", "PERCENT", "QUANTITY", "ORDINAL"):
                return False
            if not tok.text[:1].isupper():
                return False
            if tok.text in AMBIGUOUS_SURNAMES and (tok.pos_ != "PROPN" or tok.ent_type_ in ("GPE", "LOC", "FAC", "NORP")):
                return False  # "May", "Rice", "Bush", "Austin": words or places unless clearly a name
            # part of somebody else's name ("Theresa May" is a name; "Gates" in "Bill Gates" is not Robert Gates)
            if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "I" and s > 0 and doc[s - 1].ent_type_ == "PERSON" and not any(
                doc[s - 1].lower_ == r for r in ("president", "minister", "chancellor", "secretary", "premier")
            ) and doc[s - 1].pos_ == "PROPN" and doc[s - 1].text not in self.L._title_words:
                return False
            return True
        if kind in ("capital", "country") and doc[s].ent_type_ == "PERSON" and e < len(doc) and doc[e].lower_ not in self.L._exact:
            # "Victoria Nuland", "Jordan Peterson", "Sofia Coppola": a first name, not a place
            ent_end = e
            while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I" and doc[ent_end].ent_type_ == "PERSON":
                ent_end += 1
            if ent_end > e:
                return False
        if kind == "anaphor":
            return s > 0 and doc[s - 1].lower_ in ("the", "this")
        if kind in ("sector", "role", "ally", "capital_noun"):
            # sector nouns must be nouns (or a title before a name), not verbs ("police the city")
            last = doc[e - 1]
            return last.pos_ in ("NOUN", "PROPN", "ADJ") or last.tag_ in ("NN", "NNS", "NNP", "NNPS")
        return True

    def _root(self, s: int, e: int) -> int:
        for i in range(e - 1, s - 1, -1):
            h = self.doc[i].head.i
            if h < s or h >= e or h == i:
                return i
        return e - 1

    # ------------------------------------------------------------------ step 2: attachment
    def _attach(self) -> None:
        doc = self.doc
        for idx, u in enumerate(self.units):
            r = doc[u.root]
            target: Token | None = None
            if r.dep_ in MOD_DEPS and r.head.i != r.i:
                target = r.head
            elif (
                r.dep_ == "pobj"
                and r.head.dep_ == "prep"
                and r.head.lower_ in ("of", "from", "for")
                and r.head.head.pos_ in ("NOUN", "PROPN")
                and u.kind in COUNTRYLIKE | {"person", "capital_noun"}
            ):
                target = r.head.head
            if target is None:
                continue
            t_idx = self.tok_unit[target.i]
            if t_idx < 0 or t_idx == idx:
                continue
            tu = self.units[t_idx]
            if tu.kind == "demonym" and u.kind == "demonym" and target.tag_ in ("NNS", "NNPS"):
                # "Bosnian Serbs", "Iraqi Kurds": the nationality qualifies the people
                u.consumed = True
                tu.mods.append(idx)
                continue
            if tu.kind not in HEADLIKE:
                continue
            if tu.kind in ("sector", "role", "ally", "capital_noun") and u.kind in ("sector", "role", "ally") and u.s > tu.s:
                continue
            u.consumed = True
            tu.mods.append(idx)
        # "U.S. and Russian negotiators": a conjunct of a consumed modifier is consumed too
        for u in self.units:
            r = doc[u.root]
            if not u.consumed and r.dep_ == "conj" and u.kind in COUNTRYLIKE:
                h = self.tok_unit[r.head.i]
                if h >= 0 and self.units[h].consumed and self.units[h].kind in COUNTRYLIKE:
                    u.consumed = True

    # ------------------------------------------------------------------ step 3: resolution
    def run(self) -> LinkedDoc:
        doc = self.doc
        if len(doc) == 0:
            return LinkedDoc(doc, [], [], {})
        sent_ids = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            sent_ids[sent.start:sent.end] = [n] * (sent.end - sent.start)
        self.sent_of = sent_ids
        self._collect_units()
        self._attach()
        consumed_pron: set[int] = set()
        for u in self.units:
            for c in self._children_of_unit(u):
                if c.dep_ == "poss" and c.pos_ == "PRON" and not u.consumed:
                    consumed_pron.add(c.i)
        events: list[tuple[int, int, str]] = []  # (token, order, type)
        for idx, u in enumerate(self.units):
            if not u.consumed:
                events.append((self._span_start(u), 0, f"u{idx}"))
        quoted = self._quoted_tokens()
        for t in doc:
            low = t.lower_
            if t.i in quoted:
                continue  # inside a direct quote "it"/"they" are the speaker's, often not actors
            if t.pos_ == "PRON" and self.tok_unit[t.i] < 0 and t.i not in consumed_pron and (
                low in PERSON_PRONOUNS or low in IT_PRONOUNS or low in THEY_PRONOUNS
            ):
                events.append((t.i, 1, f"p{t.i}"))
        events.sort()
        for _, _, ev in events:
            if ev[0] == "u":
                self._emit_unit(self.units[int(ev[1:])])
            else:
                self._emit_pronoun(doc[int(ev[1:])])
        return LinkedDoc(doc, self.mentions, self.places, self.extra)

    def _quoted_tokens(self) -> set[int]:
        """Token indices inside double quotation marks (curly pairs, or straight quotes
        toggling), stopping at paragraph breaks so one stray mark cannot swallow the text."""
        out: set[int] = set()
        if not any(q in self.doc.text for q in ('"', "“", "”", "``", "''")):
            return out
        inside = False
        for t in self.doc:
            txt = t.text
            if "\n\n" in t.whitespace_ or txt.startswith("\n\n"):
                inside = False
            if txt in ("“", "”", '"', "``", "''"):
                if txt == "“" or txt == "``":
                    inside = True
                elif txt == "”" or txt == "''":
                    inside = False
                else:
                    inside = not inside
                continue
            if inside:
                out.add(t.i)
            if t.text.count("\n") >= 2:
                inside = False
        return out

    def _children_of_unit(self, u: _Unit) -> list[Token]:
        out = []
        for i in range(u.s, u.e):
            for c in self.doc[i].children:
                if not (u.s <= c.i < u.e):
                    out.append(c)
        return out

    def _span_start(self, u: _Unit) -> int:
        """First token of the phrase: its modifier units and the adjacent determiners,
        possessive pronouns, adjectives and numbers before it ("the", "its", "top", "350")."""
        s = u.s
        for m in u.mods:
            s = min(s, self._span_start(self.units[m]))
        inside = set(range(s, u.e))
        while s > 0:
            t = self.doc[s - 1]
            if t.dep_ == "case" and t.head.dep_ == "poss" and t.head.head.i in inside and self.tok_unit[t.head.i] < 0 and (
                t.head.lower_ in ("country", "nation")
            ):
                s -= 1  # the "’s" of "the country’s president"
                inside.add(s)
                continue
            if self.tok_unit[t.i] >= 0 or t.head.i not in inside:
                break
            if t.dep_ == "det" and t.lower_ in DETERMINERS or t.dep_ == "poss" and (t.pos_ == "PRON" or t.lower_ in ("country", "nation")) or (
                t.dep_ in ("amod", "nummod", "quantmod", "advmod") and t.pos_ in ("ADJ", "NUM", "ADV", "DET")
            ) or t.dep_ == "case" and t.head.i in inside and t.text in ("’s", "'s"):
                s -= 1
                inside.add(s)
                continue
            break
        return s

    def _span_end(self, u: _Unit) -> int:
        e = u.e
        for m in u.mods:
            e = max(e, self._span_end(self.units[m]))
        return e

    def _mod_info(self, u: _Unit) -> dict[str, Any]:
        """Country code, sector, role and flags that the unit's modifiers contribute
        (memoised; a unit met again while being resolved - a cycle in odd parses - adds nothing)."""
        key = id(u)
        hit = self._info_memo.get(key)
        if hit is not None:
            return hit
        if key in self._visiting:
            return {"code": None, "code_kind": None, "sector": None, "role": None, "former": False,
                    "owner": None, "titles": [], "place": None, "alts": []}
        self._visiting.add(key)
        try:
            info = self._mod_info_uncached(u)
        finally:
            self._visiting.discard(key)
        self._info_memo[key] = info
        return info

    def _mod_info_uncached(self, u: _Unit) -> dict[str, Any]:
        info: dict[str, Any] = {"code": None, "code_kind": None, "sector": None, "role": None,
                                "former": False, "owner": None, "titles": [], "place": None}
        # possessives first, then adjectives/compounds nearest the head
        mods = sorted(u.mods, key=lambda m: (self.doc[self.units[m].root].dep_ != "poss", -self.units[m].s))
        for m in mods:
            mu = self.units[m]
            code = self._unit_code(mu)
            if code and info["code"] is None:
                info["code"] = code
                info["code_kind"] = mu.kind
                if mu.kind == "capital":
                    info["place"] = self.doc[mu.s:mu.e].text
                if mu.kind == "org":
                    info["owner"] = self.kb.igos[mu.payload].name
                    if self.kb.igos[mu.payload].sector != "IGO":
                        info["code_kind"] = "group"
                        info["group_sector"] = self.kb.igos[mu.payload].sector_on(self.on)
                elif mu.kind == "country":
                    info["owner"] = self.kb.countries[mu.payload].name
            if mu.kind == "sector" and info["sector"] is None:
                info["sector"] = self.kb.sectors[mu.payload]
            if mu.kind == "role":
                info["titles"].append(mu)
                if info["role"] is None:
                    info["role"] = self.kb.roles[mu.payload]
        # "U.S. and Russian negotiators": the other coordinated modifiers' codes
        info["alts"] = []
        if info["code"] is not None:
            for m in mods:
                mu = self.units[m]
                for c in self.doc[mu.root].conjuncts:
                    ci = self.tok_unit[c.i]
                    if ci >= 0 and ci != m:
                        code = self._unit_code(self.units[ci])
                        if code and code != info["code"]:
                            cu = self.units[ci]
                            info["alts"].append((cu.s, cu.e, code, mu.s, mu.e))
                if info["alts"]:
                    break
        for c in self._children_of_unit(u):
            low = c.lower_
            if c.dep_ in ("amod", "advmod", "compound") and low.rstrip("-") in FORMER:
                info["former"] = True
            if c.text in MIL_TITLES and c.i < u.s and self.tok_unit[c.i] < 0 and not (c.i > 0 and self.doc[c.i - 1].text == "-"):
                info["sector"] = info["sector"] or "MIL"
            if (
                info["code"] is None
                and c.dep_ == "prep"
                and c.lower_ in ("in", "inside", "throughout", "across", "within")
                and u.kind == "sector"
                and self.kb.sectors.get(u.payload) in LOCAL_SECTORS
            ):
                # "security forces in Guinea", "rebels in Darfur": a group takes the country it is in
                for g in c.children:
                    gi = self.tok_unit[g.i] if g.dep_ == "pobj" else -1
                    if gi >= 0 and self.units[gi].kind in ("country", "capital", "demonym"):
                        info["code"] = self._unit_code(self.units[gi])
                        info["code_kind"] = "place"
            if c.dep_ in ("poss", "compound") and c.lower_ in ("country", "nation", "kingdom", "republic") and info["code"] is None and self.tok_unit[c.i] < 0:
                # "the country's president": the latest country named in the last three sentences
                sent = self.sent_of[c.i]
                seen = sorted(self.mentions[-60:] + self.places[-20:], key=lambda m: m.tok_start)
                for prev in reversed(seen):
                    if prev.tok_start < c.i and prev.kind in ("country", "capital", "metonym", "demonym") and prev.actor.code and sent - 3 <= self.sent_of[prev.head] <= sent:
                        info["code"] = prev.actor.code
                        info["code_kind"] = "country"
                        break
            if c.dep_ == "poss" and c.pos_ == "PRON" and info["code"] is None:
                ante = self._antecedent(c)
                if ante is not None:
                    info["code"] = ante.actor.code
                    info["owner"] = ante.actor.name
                    info["code_kind"] = "pronoun"
            if c.lower_ in TITLES_CVL and self.tok_unit[c.i] < 0 and c.i < u.s:
                info["sector"] = info["sector"] or "CVL"
        # "Dr." often is not a separate child but the previous token
        if u.s > 0 and self.doc[u.s - 1].lower_ in TITLES_CVL and info["sector"] is None and self.doc[u.s - 1].lower_.startswith(("dr", "doctor", "prof")):
            info["sector"] = "CVL"
        return info

    def _unit_code(self, u: _Unit) -> str | None:
        k = u.kind
        if k in ("country", "demonym", "capital", "west"):
            return u.payload
        if k == "metonym":
            return u.payload[0]
        if k == "org":
            return self.kb.igos[u.payload].code
        if k == "person":
            return self.L.person_actor(self.kb.people[u.payload], self.on).code
        if k == "surname":
            p = self.L._pick_surname(u.payload, self.on, self.present)
            return p.country if p is not None else None
        if k == "usurname":
            a = self.unknown_surnames.get(u.payload)
            return a.code if a is not None else None
        if k in HEADLIKE:
            # a modifier phrase with its own country ("the Ukrainian capital", "Kyiv's mayor")
            info = self._mod_info(u)
            return info["code"]
        return None

    def _add(self, u: _Unit, actor: ActorRef | None, kind: str, *, plural: bool = False, person: bool = False, place: bool = False, alts: list[Any] | None = None) -> Mention | None:
        if actor is None:
            return None
        s_tok = self._span_start(u)
        e_tok = self._span_end(u)
        span = self.doc[s_tok:e_tok]
        m = Mention(
            start=span.start_char, end=span.end_char, text=span.text, actor=actor, kind=kind,
            tok_start=s_tok, tok_end=e_tok, head=u.root, plural=plural, person=person,
        )
        if person:
            for t in self.doc[max(0, s_tok - 2):e_tok]:
                if t.lower_ in FEMALE_TITLES:
                    self.gender.setdefault(actor.name, "f")
                elif t.lower_ in MALE_TITLES:
                    self.gender.setdefault(actor.name, "m")
        if any(c.dep_ == "conj" for c in self.doc[u.root].children):
            m.plural = True
        for s_alt, e_alt, code, s_main, e_main in alts or ():
            m.alts.append((s_main, e_main, actor))
            m.alts.append((s_alt, e_alt, ActorRef(name=actor.name, code=code, sector=actor.sector, role=actor.role)))
            m.plural = True
        if u.kind in ("role", "sector") and (actor.role is None or m.plural or self._is_plural(u)):
            # "the leaders of Germany and France": one more actor per coordinated country
            for mi in u.mods:
                mu = self.units[mi]
                for c in self.doc[mu.root].conjuncts:
                    ci = self.tok_unit[c.i]
                    if ci >= 0 and ci != mi:
                        code = self._unit_code(self.units[ci])
                        if code and code != actor.code:
                            self.extra.setdefault(u.root, []).append(
                                ActorRef(name=actor.name, code=code, sector=actor.sector, role=actor.role))
        if place:
            self.places.append(m)
            self.place_toks.update(range(s_tok, e_tok))
        else:
            self.mentions.append(m)
        return m

    def _is_plural(self, u: _Unit) -> bool:
        t = self.doc[u.root]
        return t.tag_ in ("NNS", "NNPS") or t.lower_ in ("police", "military", "personnel")

    def _is_locative(self, tok: Token) -> bool:
        t = tok
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ == "pobj":
            prep = t.head.lower_
            if prep in LOC_PREPS:
                return True
            if prep in DIRECTIONAL_PREPS and t.head.head.lemma_.lower() in MOTION:
                return True
        if t.dep_ in ("appos", "npadvmod", "conj") and t.head.i in self.place_toks:
            return True
        return False

    def _text(self, u: _Unit) -> str:
        return self.doc[self._span_start(u):self._span_end(u)].text

    def _emit_unit(self, u: _Unit) -> None:
        kb = self.kb
        k = u.kind
        doc = self.doc
        root = doc[u.root]
        if k in ("country", "capital", "metonym", "org", "west", "demonym"):
            text = doc[u.s:u.e].text
            if k == "demonym":
                is_noun = root.pos_ in ("NOUN", "PROPN") and root.dep_ not in ("amod", "compound")
                actor = self.L._simple_actor(k, u.payload, text, self.on)
                if u.mods:  # "Bosnian Serbs" -> BIH
                    code = self._unit_code(self.units[u.mods[0]])
                    if code:
                        actor = ActorRef(name=self._text(u), code=code, sector=None)
                if actor is not None and is_noun and root.tag_ in ("NNS", "NNPS"):
                    actor = ActorRef(name=actor.name, code=actor.code, sector=None)
                place = False
            else:
                actor = self.L._simple_actor(k, u.payload, text, self.on)
                place = self._is_locative(root) and k != "org"
            self._add(u, actor, {"west": "country"}.get(k, k), plural=(k == "org"), place=place)
            return
        if k == "anaphor":
            for m in reversed(self.mentions[-100:]):
                if m.kind == "org":
                    igo = self.L._igo_by_name.get(m.actor.name)
                    if igo is not None and u.payload in [a.lower() for a in igo.anaphors]:
                        self._add(u, m.actor, "org", plural=True)
                        return
            return
        if k in ("person", "surname"):
            picked = (kb.people[u.payload] if k == "person"
                      else self.L._pick_surname(u.payload, self.on, self.present))
            if picked is None:
                return
            p = picked
            actor = self.L.person_actor(p, self.on)
            if actor.sector != "GOV" and u.mods:
                actor = self._titled_person(p, actor, self._mod_info(u))
            self._add(u, actor, "name" if k == "person" else "surname", person=True)
            return
        if k in ("uperson", "usurname"):
            self._emit_unknown_person(u)
            return
        if k == "uorg":
            name, sector, code = u.payload
            info = self._mod_info(u)
            self._add(u, ActorRef(name=name, code=code or info["code"], sector=sector or info["sector"]), "org", plural=True)
            return
        if root.dep_ in ("compound", "amod", "nmod") and k in ("sector", "role", "ally") and self.tok_unit[root.head.i] < 0:
            return  # adjectival use: "military drills", "refugee arrivals"
        if k == "sector" and root.dep_ == "pobj" and not self._is_plural(u) and (
            root.head.lower_ in LOC_PREPS
            or root.head.lower_ in DIRECTIONAL_PREPS and root.head.head.lemma_.lower() in MOTION | CARRY
        ):
            return  # an institution as a place: "in hospital", "taken to a hospital", "in the army"
        info = self._mod_info(u)
        text = self._text(u)
        plural_ = self._is_plural(u)
        if k == "capital_noun":
            if info["code"] is None:
                return
            place = self._is_locative(root)
            self._add(u, ActorRef(name=text, code=info["code"], sector="GOV"), "capital", place=place)
            return
        if k == "ally":
            code = info["code"] if info["code_kind"] == "org" else None
            noun = plural(root.lemma_.lower())  # allies, partners
            if code is not None:
                name = f"{info['owner']} {noun}"  # "its NATO allies" -> "NATO allies"
            else:
                name = f"{noun} of {info['owner']}" if info["owner"] else text
            self._add(u, ActorRef(name=name, code=code, sector=None), "sector", plural=True)
            return
        if k == "role":
            self._emit_role(u, kb.roles[u.payload], info, text, plural_)
            return
        if k == "sector":
            sector = kb.sectors[u.payload]
            code = info["code"]
            if code is None and not plural_ and self._definite(u):
                ante = self._descriptor_antecedent(u)
                if ante is not None:
                    self._add(u, ante.actor, "descriptor", person=ante.person)
                    return
            if info["code_kind"] == "group" and sector in ("UAF", "REB", "MIL", "GOV", "OPP", "CRM"):
                sector = info["group_sector"]  # "Hamas fighters" -> REB, "Taliban officials" -> GOV
            if info["former"] and sector == "GOV":
                sector = "ELI"
            actor = ActorRef(name=text, code=code, sector=sector)
            self._add(u, actor, "sector" if plural_ else "descriptor", plural=plural_, person=not plural_ and self._personal(u), alts=info["alts"])
            return

    def _titled_person(self, p: Person, actor: ActorRef, info: dict[str, Any]) -> ActorRef:
        """A known person out of office on the article date but titled in the text
        ("President Bush said in 2003 ..."; an article dated wrongly): the text's title wins,
        unless it says "former". The office the title names, if the KB has it, gives the role."""
        if info["former"]:
            return actor
        role = info["role"]
        if role is not None:
            for o in p.offices:
                if (role.office and o.office == role.office) or o.role in role.roles or o.role == role.label:
                    return ActorRef(name=p.name, code=o.country, sector=o.sector, role=o.role)
            return ActorRef(name=p.name, code=info["code"] or actor.code, sector=role.sector, role=role.label)
        if info["sector"] == "MIL":  # "Gen. Michel Aoun"
            return ActorRef(name=p.name, code=actor.code, sector="MIL", role=None)
        return actor

    def _definite(self, u: _Unit) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in self.doc[u.root].children)

    def _personal(self, u: _Unit) -> bool:
        """A singular sector noun naming one human ("official", "doctor"), not a body ("ministry")."""
        w = self.doc[u.root].lower_
        return bool(re.search(r"(man|woman|person|er|or|ist|ian|ant|ent|ee|ial|ive|at|ic|ef|tor|arch|ess|ier|ary|ate)$", w)) and w not in (
            "government", "parliament", "military", "department", "ministry", "center", "centre",
            "headquarter", "council", "monitor", "chamber", "cabinet", "order", "senate",
        )

    def _descriptor_antecedent(self, u: _Unit) -> Mention | None:
        """"the official" -> the latest "an EU official"; failing that, the latest official
        person (a named or titled GOV person) in the last three sentences."""
        lemma = self.doc[u.root].lemma_.lower()
        for m in reversed(self.mentions[-60:]):
            if m.kind in ("descriptor", "sector") and self.doc[m.head].lemma_.lower() == lemma and m.actor.code:
                return m
        if lemma in ("official", "source", "spokesman", "spokeswoman", "spokesperson"):
            sent = self.sent_of[u.root]
            for m in reversed(self.mentions[-60:]):
                if sent - 3 <= self.sent_of[m.head] <= sent and m.person and m.kind != "pronoun" and m.actor.sector == "GOV":
                    return m
        return None

    def _emit_role(self, u: _Unit, role: Any, info: dict[str, Any], text: str, plural_: bool) -> None:
        code = info["code"]
        label = role.label
        # appositive name: "the secretary of state, Antony Blinken"
        if plural_:
            self._add(u, ActorRef(name=text, code=code, sector=role.sector, role=label), "role", plural=True, alts=info["alts"])
            return
        if info["former"]:
            self._add(u, ActorRef(name=text, code=code, sector="ELI", role=f"former {label}"), "role", person=True)
            return
        if code is not None:
            office: Office | None = None
            if not self.dated:
                office = self._named_term(code, role)
            if office is not None:
                pass
            elif role.office:
                office = self.kb.holder(code, role.office, self.on)
            elif role.roles:
                office = self.kb.holder_by_role(code, role.roles, self.on)
            if office is None and info["place"]:
                # "Kyiv's mayor" -> the row whose role is "mayor of kyiv"
                office = self.kb.holder_by_role(code, (f"{label} of {info['place'].lower()}",), self.on)
            if office is not None:
                self._add(u, self.L.office_actor(office, self.on), "title", person=True)
                return
            # an unknown holder, or an organisation's official ("the NATO spokesman")
            self._add(u, ActorRef(name=text, code=code, sector=role.sector, role=label), "role", person=True)
            return
        # no country: the latest person holding such a title in this text
        words = set(label.split()) | set(role.roles)
        for m in reversed(self.mentions[-80:]):
            if not m.person or m.actor.role is None:
                continue
            r = m.actor.role
            if r in role.roles or r == label or (label.split()[-1] in r.split() and not r.startswith("former")):
                self._add(u, m.actor, "title", person=True)
                return
        del words
        self._add(u, ActorRef(name=text, code=None, sector=role.sector, role=label), "role", person=True)

    def _named_term(self, code: str, role: Any) -> Office | None:
        """In a text with no date, the holder of a title is the one the text names.

        Without a date, "the German chancellor" would resolve to whoever holds the office today,
        which is wrong for any archived or undated article. A holder of that office (any term)
        whose surname appears in the text is the best evidence of the text's time; when several
        are named, the latest term wins. None when the text names none of them.
        """
        terms: list[Office] = []
        if role.office:
            terms = self.kb.offices(code, role.office)
        else:
            for r in role.roles:
                terms += self.kb.by_role.get((code, r), [])
        text = self.doc.text
        named = [o for o in terms
                 if re.search(rf"\b{re.escape(o.person.split()[-1])}\b", text)]
        return max(named, key=lambda o: o.start) if named else None

    def _emit_unknown_person(self, u: _Unit) -> None:
        doc = self.doc
        if u.kind == "usurname":
            actor = self.unknown_surnames.get(u.payload)
            if actor is not None:
                self._add(u, actor, "surname", person=True)
            return
        name = u.payload
        info = self._mod_info(u)
        code = info["code"]
        sector = info["sector"]
        role = info["role"].label if info["role"] is not None else None
        if info["role"] is not None and sector is None:
            sector = info["role"].sector
        # appositive descriptor: "Jane Roe, a Ukrainian doctor" / "John Doe, a model"
        for c in doc[u.root].children:
            if c.dep_ != "appos":
                continue
            ai = self.tok_unit[c.i]
            if ai >= 0 and self.units[ai].kind in ("sector", "role"):
                au = self.units[ai]
                au.consumed = True
                a_info = self._mod_info(au)
                code = code or a_info["code"]
                if au.kind == "sector":
                    sector = sector or self.kb.sectors[au.payload]
                else:
                    r = self.kb.roles[au.payload]
                    sector = sector or r.sector
                    role = role or r.label
            elif c.pos_ == "NOUN":
                sector = sector or "CVL"
                for cc in c.children:
                    ci = self.tok_unit[cc.i]
                    if ci >= 0 and code is None:
                        code = self._unit_code(self.units[ci])
        actor = ActorRef(name=name, code=code, sector=sector, role=role)
        earlier = self.unknown_names.get(name)
        if earlier is not None and code is None and sector is None and role is None:
            actor = earlier  # a second full mention that adds nothing: the same person
        self.unknown_names.setdefault(name, actor)
        if u.e - u.s >= 2:
            self.unknown_surnames[doc[u.e - 1].text] = actor
        self._add(u, actor, "name", person=True)

    # ------------------------------------------------------------------ pronouns
    def _emit_pronoun(self, tok: Token) -> None:
        ante = self._antecedent(tok)
        if ante is None:
            return
        m = Mention(
            start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, actor=ante.actor, kind="pronoun",
            tok_start=tok.i, tok_end=tok.i + 1, head=tok.i, plural=ante.plural, person=ante.person,
        )
        self.mentions.append(m)
        if tok.lower_ in PERSON_PRONOUNS:
            self.gender.setdefault(ante.actor.name, "f" if tok.lower_ in FEMALE_PRONOUNS else "m")
        if tok.lower_ in THEY_PRONOUNS:
            for c in self.doc[ante.head].conjuncts:
                other = next((x for x in reversed(self.mentions[-100:]) if x.tok_start <= c.i < x.tok_end), None)
                if other is not None and other.actor != ante.actor:
                    self.extra.setdefault(tok.i, []).append(other.actor)

    def _antecedent(self, tok: Token) -> Mention | None:
        low = tok.lower_
        # "the U.S. and its allies": the possessor is the first conjunct
        owner = tok.head
        if tok.dep_ == "poss" and owner.dep_ == "conj" and low in IT_PRONOUNS | THEY_PRONOUNS:
            first = owner.head
            for m in reversed(self.mentions[-100:]):
                if m.tok_start <= first.i < m.tok_end:
                    return m
        if low in PERSON_PRONOUNS:
            want = "f" if low in FEMALE_PRONOUNS else "m"

            def ok(m: Mention) -> bool:
                # gender learnt earlier in the text ("she" -> X, "Mrs. X") rules X out for "he"
                return m.person and not m.plural and self.gender.get(m.actor.name, want) == want
        elif low in IT_PRONOUNS:
            def ok(m: Mention) -> bool:
                return not m.person and m.kind in ("country", "capital", "metonym", "org", "sector", "descriptor", "demonym") and (not m.plural or m.kind == "org")
        elif low in THEY_PRONOUNS:
            def ok(m: Mention) -> bool:
                return m.plural and m.kind != "pronoun" or m.kind == "pronoun" and m.plural
        else:
            return None
        if low in ("it",) and self._expletive(tok):
            return None
        sent = self.sent_of[tok.i]
        window = [m for m in self.mentions[-80:] if m.tok_end <= tok.i and sent - 3 <= self.sent_of[m.head] <= sent]
        before = [m for m in window if ok(m)]
        if tok.dep_ in ("dobj", "dative", "pobj") and not low.endswith(("self", "selves")):
            # "Xi praised him": an object pronoun is not its own clause's subject
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            before = [m for m in before if not (self.doc[m.head].dep_ in SUBJ_DEPS and self.doc[m.head].head.i == verb.i)]
        if low in THEY_PRONOUNS and tok.dep_ in SUBJ_DEPS and tok.head.lemma_ in SAY_VERBS:
            # "..., they said": an anonymous source's singular they
            sources = [m for m in window if m.kind == "descriptor" and m.person]
            if sources:
                return sources[-1]
        if not before and low in THEY_PRONOUNS:
            # singular "they" of an unnamed source, or a country/government as a body
            before = [m for m in window if (m.kind == "descriptor" and m.person) or m.kind in ("country", "capital", "metonym")]
        if not before:
            return None
        same = [m for m in before if self.sent_of[m.head] == sent]
        found = before[-1]
        for pool in (same, before):
            subj = [m for m in pool if self.doc[m.head].dep_ in SUBJ_DEPS or self._conj_of_subject(m)]
            if subj:
                found = subj[-1]
                break
            if pool is same and same:
                found = same[-1]
                break
        if low in THEY_PRONOUNS:
            found = self._coordination_head(found)
        return found

    def _conj_of_subject(self, m: Mention) -> bool:
        t = self.doc[m.head]
        return t.dep_ == "conj" and t.head.dep_ in SUBJ_DEPS

    def _coordination_head(self, m: Mention) -> Mention:
        """For "they": the first conjunct of "the U.S. and its allies" stands for the group."""
        t = self.doc[m.head]
        if t.dep_ == "conj":
            while t.dep_ == "conj" and t.head.i != t.i:
                t = t.head
            for other in reversed(self.mentions[-100:]):
                if other.tok_start <= t.i < other.tok_end:
                    return other
        return m

    def _expletive(self, tok: Token) -> bool:
        """Non-referring "it": "it made sense to", "it is likely that", "it seems"."""
        if tok.dep_ == "expl":
            return True
        h = tok.head
        if tok.dep_ in SUBJ_DEPS and h.lemma_ in ("seem", "appear", "make", "take", "rain", "matter", "remain", "turn"):
            return True
        if tok.dep_ in SUBJ_DEPS and h.lemma_ == "be":
            deps = {c.dep_ for c in h.children}
            if deps & {"acomp", "attr"} and deps & {"ccomp", "xcomp"}:
                return True
        return False


@lru_cache(maxsize=1)
def get_linker() -> ActorLinker:
    """The process-wide linker (KB loaded and matchers built once)."""
    from wirewatch.nlp import load_nlp

    return ActorLinker(load_nlp())


def link_texts(texts: Iterable[str], published: str | None = None) -> list[LinkedDoc]:
    """Convenience for scripts and tests: parse and link several texts."""
    linker = get_linker()
    return [linker.link(d, published) for d in linker.nlp.pipe(texts)]


__all__ = ["ActorLinker", "LinkedDoc", "Mention", "get_linker", "link_texts", "KINDS", "Span"]
