"""Event coder: who did what to whom, as PLOVER events, from one parsed text.

Why rules over a written lexicon: the coder must say WHY it coded an event (a trigger word and a
pattern anyone can read in ``data/verbs.tsv``), must not invent events where nothing fits (no
fallback code: no event is the right answer), and must run at parser speed on two CPU cores.

How: each verb is matched against lexicon rows by lemma plus the particle / preposition /
object it governs ("mass troops", "call for talks", "impose sanctions"); the most specific row
wins. Nouns that name events ("talks", "invasion") count only when a light verb carries them
("held talks", "launched an attack"), when a temporal preposition places them ("since the
invasion"), or when they are the subject of a clause ("the attack killed ..."), never when the
sentence merely mentions them ("amid warnings of an invasion"). Actors come from the subject
(through xcomp / conj / control chains, flipped for the passive), recipients from the object or
the governed preposition, both resolved to ActorRefs by the linker (actors.py). Status comes
from status.py, dates from dates.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

from spacy.tokens import Doc, Span, Token

from wirewatch import dates as dates_mod
from wirewatch.nlp import governing_verb
from wirewatch.status import RANK, clause_status, ruled_out
from wirewatch.types import ActorRef, Article, EventMention, Support

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


class LinkedDocLike(Protocol):
    """What the coder needs from actors.LinkedDoc (see the analysis contract)."""

    def actor_for_span(self, start_char: int, end_char: int) -> ActorRef | None: ...

    def actors_for_token(self, token: Token) -> list[ActorRef]: ...


# ---------------------------------------------------------------------------------- data files


@dataclass(frozen=True, slots=True)
class Pattern:
    """One lexicon row."""

    lemma: str
    prep: str | None
    obj: frozenset[str] | None
    event: str | None  # None = explicit non-event
    mode: str | None
    cameo: str | None
    flags: frozenset[str]
    line: int

    @property
    def specificity(self) -> int:
        return (2 if self.obj else 0) + (1 if self.prep else 0)


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: int
    verbs: dict[str, tuple[Pattern, ...]]
    nouns: dict[str, tuple[Pattern, ...]]
    classes: dict[str, frozenset[str]]
    light: frozenset[str]


LEXICON_FLAGS = frozenset({
    "noun", "ccomp", "xcomp", "recip", "dobj", "flip", "joint", "modal", "speech",
    "crowd", "weapon", "victim", "forces",
})  # see the header of verbs.tsv; a typo in a flag would silently disable its check


def _data_text(name: str) -> str:
    return resources.files("wirewatch").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_plover() -> dict[str, Any]:
    """plover.json: the 16 types, modes, CAMEO roots, quad and our intensity table."""
    data = json.loads(_data_text("plover.json"))
    missing = set(PLOVER_TYPES) - set(data["events"])
    if missing or len(data["events"]) != 16:
        raise ValueError(f"plover.json must define the 16 PLOVER types; missing {sorted(missing)}")
    return data


def parse_lexicon(text: str) -> Lexicon:
    """Parse verbs.tsv text (see its header for the format)."""
    version = 0
    classes: dict[str, frozenset[str]] = {}
    rows: list[tuple[int, list[str]]] = []
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if line.startswith("# version:"):
            version = int(line.split(":", 1)[1])
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0].startswith("@"):
            classes[cols[0]] = frozenset(w.strip().lower() for w in cols[1].split("|") if w.strip())
            continue
        cols += [""] * (7 - len(cols))
        rows.append((no, cols))
    plover = load_plover()["events"]
    verbs: dict[str, list[Pattern]] = {}
    nouns: dict[str, list[Pattern]] = {}
    for no, cols in rows:
        lemma, prep, obj, event, mode, cameo, flags = (c.strip() for c in cols[:7])
        objs: set[str] = set()
        if obj and obj != "-":
            for part in obj.split("|"):
                if part.startswith("@"):
                    if part not in classes:
                        raise ValueError(f"verbs.tsv line {no}: unknown class {part}")
                    objs |= classes[part]
                else:
                    objs.add(part.lower())
        ev = None if event in {"", "-"} else event
        if ev is not None and ev not in plover:
            raise ValueError(f"verbs.tsv line {no}: unknown PLOVER type {event}")
        if ev is not None and (not cameo or cameo == "-" or len(cameo) != 2):
            raise ValueError(f"verbs.tsv line {no}: a two-digit CAMEO root is required")
        fl = frozenset(f.strip() for f in flags.split(",") if f.strip())
        if fl - LEXICON_FLAGS:
            raise ValueError(f"verbs.tsv line {no}: unknown flag(s) {sorted(fl - LEXICON_FLAGS)}")
        pat = Pattern(
            lemma=lemma.lower(),
            prep=None if prep in {"", "-"} else prep.lower(),
            obj=frozenset(objs) or None,
            event=ev,
            mode=None if mode in {"", "-"} else mode,
            cameo=None if cameo in {"", "-"} else cameo,
            flags=fl,
            line=no,
        )
        (nouns if "noun" in fl else verbs).setdefault(pat.lemma, []).append(pat)
    if version < 1:
        raise ValueError("verbs.tsv needs a '# version: N' header")
    order = lambda ps: tuple(sorted(ps, key=lambda p: (-p.specificity, p.line)))  # noqa: E731
    return Lexicon(
        version=version,
        verbs={k: order(v) for k, v in verbs.items()},
        nouns={k: order(v) for k, v in nouns.items()},
        classes=classes,
        light=classes.get("@LIGHT", frozenset()),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """verbs.tsv, parsed once per process."""
    return parse_lexicon(_data_text("verbs.tsv"))


def quad_for(event: str, cameo: str | None) -> int:
    """CAMEO pentacode quad of the root when known (so an appeal is verbal cooperation and a
    demand verbal conflict), else PLOVER's own quad for the type."""
    data = load_plover()
    if cameo and cameo in data["cameo_roots"]:
        quad = int(data["cameo_roots"][cameo]["quad"])
        if quad:
            return quad
    return int(data["events"][event]["quad"])


def pentacode_for(cameo: str | None) -> int | None:
    """The CAMEO pentacode of a root (0 neutral statements/appeals .. 4 material conflict), as
    event-data pipelines count it; None for an unknown root."""
    root = load_plover()["cameo_roots"].get(cameo or "")
    return None if root is None else int(root["pentacode"])


def intensity_for(event: str, mode: str | None, cameo: str | None) -> float:
    """Our intensity table (plover.json): mode value, else root override, else the type's."""
    spec = load_plover()["events"][event]
    if mode and mode in spec.get("modes", {}):
        return float(spec["modes"][mode])
    by_root = spec.get("intensity_by_root", {})
    if cameo and cameo in by_root:
        return float(by_root[cameo])
    return float(spec["intensity"])


# ------------------------------------------------------------------------------- parse helpers

CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "csubj",
               "parataxis", "dep", "csubjpass", "advmod", "appos"}
OBJECT_CONTROL = {"advise", "urge", "ask", "tell", "order", "persuade", "allow", "force", "call",
                  "encourage", "invite", "instruct", "permit", "press", "pressure", "push",
                  "help", "enable", "compel", "oblige", "require", "warn", "want", "expect",
                  "authorize", "authorise", "direct", "command", "get", "lead", "cause"}
RECIPIENT_PREPS = ("with", "to", "against", "on", "at", "into", "toward", "towards", "upon",
                   "from", "over", "for", "of", "in")
NOUN_RECIPIENT_PREPS = ("of", "on", "against", "with", "to", "into", "from", "for")
TEMPORAL_PREPS = {"after", "since", "following", "during", "until", "till"}
LOCATION_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "into",
                  "along", "off"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
DOCUMENT_NOUNS = {"statement", "declaration", "letter", "report", "resolution", "communique",
                  "note", "motion", "appeal", "message", "petition", "decree", "bill", "order",
                  "ultimatum", "memo", "proposal", "plan", "editorial", "post", "tweet"}
CARRIER_NOUNS = {"effort", "bid", "campaign", "mission", "operation", "process", "program",
                 "programme", "initiative", "drive", "plan", "round", "session", "action"}
SPEECH_VERBS = {"say", "announce", "conclude", "insist", "state", "declare", "tell", "add",
                "stress", "reiterate", "argue", "write", "demand", "note", "maintain", "urge"}
GOVERNMENT_NOUNS = {"government", "people", "authority", "president", "army", "military",
                    "ministry", "parliament", "leader", "embassy", "citizen", "national",
                    "resident", "official", "force", "police", "court", "regime", "navy"}
TARGET_PREPS = {"at", "on", "against", "into", "to", "toward", "towards", "upon"}
PARTICLES = {"in", "down", "up", "off", "out", "back", "aside", "over", "away"}
PERSON_PATIENTS = {"diplomat", "ambassador", "envoy", "journalist", "correspondent", "reporter",
                   "prisoner", "hostage", "detainee", "captive", "activist", "dissident",
                   "official", "inspector", "observer", "monitor", "worker", "missionary",
                   "national", "citizen", "leader", "member", "soldier", "civilian", "refugee",
                   "student", "priest", "opponent", "supporter", "suspect", "migrant"}
RESULT_ADJECTIVES = {"free", "loose"}  # "set free / loose": parsed as a modifier of the object
ADJACENT_PARTICLES = {"down", "up", "off", "out", "back", "away"}
PARTAKE = {"participate", "engage", "join", "take", "go", "embark", "stage", "continue", "put",
           "place"}
OBLIGATION = {"must", "should", "ought"}
ACCESS_PATTERN = Pattern(
    lemma="allow", prep=None, obj=None, event="RETREAT", mode="access", cameo="08",
    flags=frozenset(), line=0,
)
LETTING = {"allow", "permit", "let"}
REJECTION_PATTERN = Pattern(
    lemma="say", prep=None, obj=None, event="REJECT", mode=None, cameo="12",
    flags=frozenset({"ruled-out"}), line=0,
)
WANTING = {"want", "need", "wish"}  # "want / need X to do": a demand on X
OBLIGATION_PATTERN = Pattern(
    lemma="say", prep=None, obj=None, event="REQUEST", mode=None, cameo="10",
    flags=frozenset({"obligation", "recip"}), line=0,
)
WH_PRONOUNS = {"who", "which", "that", "whom", "whose"}
JOINT = {"joint", "combined", "bilateral", "multilateral", "trilateral", "common", "allied"}
FUTURE_RECODE_COOP = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
COMMITTED_FRAMES = {"speech", "modal", "intent"}
FUTURE_RECODE_CONFLICT = {"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"}
THREAT_MODE = {"SANCTION": "relations", "ASSAULT": "violence", "MOBILIZE": "violence",
               "PROTEST": "restrict"}
COERCE_THREAT_MODES = {"arrest", "ban", "restrict"}
THEME_EVENTS = {"MOBILIZE", "RETREAT"}  # their direct object is what moves, never the recipient
PURPOSE_MOTION = {"be", "stay", "remain", "arrive", "return", "travel", "fly", "come", "go", "head", "gather", "assemble",
                  "convene", "meet", "leave", "depart", "sit", "reconvene", "land"}
CLAIMED = {"responsibility", "credit"}
CLAIMING = {"claim", "accept", "take", "admit", "acknowledge"}
COOPERATIVE_OFFERS = {"offer", "agree", "pledge", "promise", "volunteer", "undertake", "consent"}
IRREGULAR_PAST = {"overran": "overrun", "overrun": "overrun", "withdrew": "withdraw",
                  "withdrawn": "withdraw", "foreswore": "forswear", "forbade": "forbid",
                  "overthrew": "overthrow", "overthrown": "overthrow", "undertook": "undertake",
                  "outlawed": "outlaw", "shot": "shoot", "slew": "slay", "slain": "slay"}
SUFFERING = {"die", "perish", "drown", "suffer"}  # "died in clashes": the clashes happened
PLANNING = {"plan", "intend", "schedule", "due", "set", "aim", "mean", "expect", "prepare",
            "decide", "resolve"}  # a stated plan, not a wish ("want", "hope")
READYING = {"prepare", "poise", "gear", "brace", "ready"}  # "prepared to resume shelling": not yet force
MODAL_WORDS = {"will", "would", "could", "might", "may", "shall", "wo", "'ll", "should", "must"}


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _with_conj(tok: Token) -> list[Token]:
    out = [tok]
    out.extend(c for c in tok.conjuncts if c.i > tok.i)
    return out


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The logical subject of a verb and whether the verb is passive.

    Follows conj (shared subject), control (xcomp / to-infinitive advcl: the object of "advise /
    urge" verbs, else the governor's subject), gerund complements of prepositions ("responded by
    annexing") and reduced relatives ("the demands rejected by the West": passive, patient =
    head noun). A relative pronoun subject stands for the noun the clause modifies.
    """
    if depth > 8:
        return None, False
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    kids = list(verb.children)
    for aux in kids:
        if aux.dep_ in {"aux", "auxpass"}:
            kids.extend(aux.children)  # the parser sometimes hangs the subject on "have"
    for c in kids:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            tok = c
            if c.lower_ in WH_PRONOUNS and verb.dep_ == "relcl":
                tok = verb.head
            return tok, c.dep_ == "nsubjpass" or passive
    dep, head = verb.dep_, verb.head
    if head is verb:
        return None, passive
    if dep == "conj":
        subj, head_passive = _subject(head, depth + 1)
        return subj, passive or (head_passive and verb.tag_ == "VBN" and not _children(verb, "aux"))
    if dep == "relcl":
        # object gap with no subject of its own is rare; the noun is the subject ("troops moving")
        return head, passive
    if dep == "acl" and head.pos_ in {"NOUN", "PROPN", "PRON"}:
        if verb.tag_ == "VBN":
            return head, True
        if verb.tag_ == "VBG":
            if head.lemma_.lower() in DOCUMENT_NOUNS and head.head.pos_ in {"VERB", "AUX"}:
                # "issued a statement demanding that ...": the issuer demands
                return _subject(head.head, depth + 1)
            return head, False
        # "plans to invade": the planner
        poss = _children(head, "poss")
        if poss:
            return poss[0], False
        if head.head is not head and head.head.pos_ in {"VERB", "AUX"}:
            return _subject(head.head, depth + 1)
        return None, False
    if dep == "pcomp" and head.dep_ in {"prep", "agent"}:
        gov = head.head
        if gov.pos_ in {"VERB", "AUX"}:
            return _subject(gov, depth + 1)
        if gov.pos_ == "ADJ" and gov.dep_ == "acomp" and gov.head.pos_ in {"VERB", "AUX"}:
            return _subject(gov.head, depth + 1)  # "the army was guilty of violating the truce"
        if gov.pos_ == "NOUN" and gov.dep_ == "dobj" and gov.head.lemma_.lower() == "have":
            # "they had no intention of laying down their arms": the haver
            return _subject(gov.head, depth + 1)
        return None, passive
    if dep in {"acomp", "attr", "oprd"} and head.pos_ in {"VERB", "AUX"}:
        return _subject(head, depth + 1)  # "is willing to withdraw": the subject of "is"
    if dep in {"xcomp", "advcl", "ccomp"} and head.pos_ in {"VERB", "AUX", "ADJ"}:
        if dep == "ccomp" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return None, passive
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = _children(head, "dobj", "dative")
            if obj:
                return obj[0], passive
        subj, _ = _subject(head, depth + 1)
        return subj, passive
    return None, passive


class _Resolver:
    """Actor lookups with a per-text cache (several events share a subject)."""

    def __init__(self, linked: LinkedDocLike) -> None:
        self.linked = linked
        self.cache: dict[int, list[ActorRef]] = {}
        self.used: list[Token] = []  # tokens that yielded actors since the last take()

    def place_actor(self, tok: Token) -> list[ActorRef]:
        """The country a place mention stands for, when a place is the target ("fired at
        Russia", "flew to Kyiv"); the linker keeps such mentions apart as places."""
        refs = self._place(tok)
        if refs:
            self.used.append(tok)
        return refs

    def _place(self, tok: Token) -> list[ActorRef]:
        for m in getattr(self.linked, "places", None) or []:
            if m.start <= tok.idx < m.end and getattr(m, "actor", None) is not None:
                return [m.actor]
        return []

    def take(self) -> list[Token]:
        used, self.used = self.used, []
        return used

    def actors(self, tok: Token | None) -> list[ActorRef]:
        refs = self._actors(tok)
        if refs and tok is not None:
            self.used.append(tok)
        return refs

    def _actors(self, tok: Token | None) -> list[ActorRef]:
        if tok is None:
            return []
        hit = self.cache.get(tok.i)
        if hit is not None:
            return hit
        refs: list[ActorRef] = []
        try:
            refs = list(self.linked.actors_for_token(tok) or [])
        except Exception:  # a linker bug must not lose the whole article's events
            refs = []
        if not refs:
            ref = self.linked.actor_for_span(tok.idx, tok.idx + len(tok.text))
            if ref is not None:
                refs = [ref]
        if not refs and tok.pos_ in {"NOUN", "NUM", "PRON", "PROPN"}:
            # "thousands of Iraqi Kurds", "a group of Moroccan diplomats", "the government of X"
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            refs = list(self.linked.actors_for_token(g) or [])
                            if not refs:
                                ref = self.linked.actor_for_span(g.idx, g.idx + len(g.text))
                                refs = [ref] if ref is not None else []
                            if not refs and c.lower_ == "of" and tok.lemma_.lower() in GOVERNMENT_NOUNS:
                                refs = self._place(g)  # "the government of Brazil"
        self.cache[tok.i] = refs
        return refs


def _dedupe(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[tuple[str | None, str]] = set()
    out = []
    for r in refs:
        key = (r.code, r.name)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _objects(verb: Token, passive: bool, subj: Token | None) -> list[Token]:
    """Tokens that fill the verb's object slot (direct object, passive subject, relative gap)."""
    objs = _children(verb, "dobj", "attr", "oprd", "acomp")
    # "found Britta Nielsen guilty": the parser makes the predicate adjective a clause
    objs += [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ == "ADJ"]
    if passive and subj is not None:
        objs.append(subj)
    if not objs and verb.dep_ == "relcl" and not passive:
        has_subj = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in WH_PRONOUNS for c in verb.children)
        if has_subj:
            objs.append(verb.head)
    out: list[Token] = []
    for o in objs:
        out.extend(_with_conj(o))
    return out


def _preps(tok: Token) -> dict[str, list[Token]]:
    """prep word -> its objects, for prepositions and particles the token governs.

    A preposition whose only object is a date ("called ... on Tuesday") is not a governed
    preposition ("call on X")."""
    out: dict[str, list[Token]] = {}
    for c in tok.children:
        if c.dep_ in {"prep", "agent", "dative"} and c.pos_ == "ADP" or c.dep_ == "prep":
            objs = [g for g in c.children if g.dep_ in {"pobj", "pcomp"}]
            if objs and all(o.ent_type_ in {"DATE", "TIME"} for o in objs):
                continue
            if c.i > tok.i:
                # a governed preposition follows its verb; "With the deal signed, X agreed"
                # is a fronted adjunct, not "agree with"
                out.setdefault("right:" + c.lower_, [])
            flat: list[Token] = []
            for o in objs:
                flat.extend(_with_conj(o))
            out.setdefault(c.lower_, []).extend(flat)
            if c.lower_ in PARTICLES and not objs:
                # "pulled out of the talks": the parser hangs "of" on the particle
                for g in c.children:
                    if g.dep_ == "prep":
                        out.setdefault("right:" + g.lower_, [])
                        for o in g.children:
                            if o.dep_ in {"pobj", "pcomp"}:
                                out.setdefault(g.lower_, []).extend(_with_conj(o))
            if (c.lower_ in ADJACENT_PARTICLES and c.i == tok.i + 1 and tok.pos_ == "VERB"
                    and not _children(tok, "dobj")):
                # "cordoned off the university", "shut down the paper": the parser read the
                # particle as a preposition; right after the verb it still makes the phrasal verb
                out.setdefault("prt:" + c.lower_, [])
        elif c.dep_ == "prt" or (
            # "pulled back from", "pull out": the parser sometimes files the particle as advmod
            c.dep_ == "advmod" and c.lower_ in {"back", "out", "off", "down", "away"} and c.i == tok.i + 1
        ):
            out.setdefault(c.lower_, [])
            out.setdefault("prt:" + c.lower_, [])
            out.setdefault("right:" + c.lower_, [])
    return out


def _match(patterns: tuple[Pattern, ...], preps: dict[str, list[Token]], objs: list[Token],
           verb: Token) -> Pattern | None:
    obj_lemmas = {o.lemma_.lower() for o in objs} | {o.lower_ for o in objs}
    modifiers: set[str] = set()  # "aircraft" of "aircraft carrier": a weaker clue than the head
    for o in objs:
        for c in o.children:
            if c.dep_ in {"compound", "nmod", "amod"} and c.i < o.i:
                # "cease-fire", "war game", "mediation efforts": the parser splits them
                low = c.lemma_.lower()
                obj_lemmas |= {f"{low}-{o.lemma_.lower()}", f"{low}{o.lemma_.lower()}"}
                if c.dep_ == "compound" or c.dep_ == "amod" and low in RESULT_ADJECTIVES:
                    modifiers.add(low)  # "set free 20 passengers": the parser's amod is the result
            elif c.dep_ == "prep" and c.lower_ == "of":
                # "part of a military aid program", "a state of emergency"
                obj_lemmas |= {g.lemma_.lower() for g in c.children if g.dep_ == "pobj"}
    xcomp_lemmas = {c.lemma_.lower() for c in verb.children if c.dep_ in {"xcomp", "ccomp"}}
    # a row matched only through a modifier ("aircraft" of "aircraft carrier", "free" of "set
    # free 20 passengers") is used when no row matches the head noun or the bare verb
    fallback: Pattern | None = None
    for pat in patterns:  # sorted most specific first
        if fallback is not None and not pat.obj and "recip" in pat.flags:
            return fallback  # "freed blogger Razan X": the modifier names the captive
        if pat.prep and "right:" + pat.prep not in preps:
            continue
        if pat.prep in PARTICLES and "prt:" + pat.prep not in preps and preps.get(pat.prep):
            continue  # "give in" is a particle; "give agencies in one country" is not
        if pat.obj:
            cand = set(obj_lemmas)
            if "xcomp" in pat.flags:
                cand |= xcomp_lemmas  # "declined to comment"
            if pat.prep:
                cand |= {o.lemma_.lower() for o in preps.get(pat.prep, [])}
            elif not cand & pat.obj:
                # "provided the army with weapons": the goods come with "with"
                cand |= {o.lemma_.lower() for o in preps.get("with", [])}
            if not cand & pat.obj:
                if fallback is None and modifiers & pat.obj and _flags_ok(pat, verb):
                    fallback = pat
                continue
        if not _flags_ok(pat, verb):
            continue
        return pat
    return fallback


def _suffered(prep: Token) -> bool:
    """The phrase hangs on a verb of dying or suffering ("died in clashes", "died as a result
    of torture")."""
    verb = governing_verb(prep.head, 3)
    return verb is not None and verb.lemma_.lower() in SUFFERING


def _stray_object(verb: Token, wanted: set[str], window: int = 8) -> Token | None:
    """The first noun after a verb, within its clause (no verb, clause punctuation or
    conjunction in between), that a row of this verb names, when the parser attached it
    elsewhere."""
    doc = verb.doc
    for t in doc[verb.i + 1 : min(len(doc), verb.i + 1 + window)]:
        if t.pos_ in {"VERB", "AUX"} or t.text in {",", ";", ":", ".", "--"} or t.dep_ in {"cc", "mark"}:
            return None
        if t.pos_ == "NOUN" and t.lemma_.lower() in wanted:
            return t
    return None


def _flags_ok(pat: Pattern, verb: Token) -> bool:
    """The row's syntactic requirements (dobj / xcomp / ccomp / modal flags) hold for the verb."""
    if "dobj" in pat.flags and not _children(verb, "dobj"):
        return False
    if "xcomp" in pat.flags and not any(
        c.dep_ in {"xcomp", "ccomp"} and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
        or c.dep_ == "xcomp" for c in verb.children
    ):
        return False
    if "ccomp" in pat.flags:
        comps = _children(verb, "ccomp", "xcomp")
        if not comps:
            return False
        if "modal" in pat.flags and not any(
            a.lower_ in MODAL_WORDS or a.lemma_.lower() in MODAL_WORDS
            for comp in comps for a in comp.children if a.dep_ in {"aux", "auxpass"}
        ):
            return False
    return True


def _location(tokens: Iterable[Token], depth: int = 4) -> str | None:
    """The first place named by an in/at/near phrase under the trigger (breadth first, not
    crossing into reported clauses or the subject)."""
    frontier = list(tokens)
    seen: set[int] = set()
    for _ in range(depth):
        nxt: list[Token] = []
        for tok in frontier:
            if tok.i in seen:
                continue
            seen.add(tok.i)
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in LOCATION_PREPS:
                    for o in c.children:
                        if o.dep_ == "pobj" and o.ent_type_ in PLACE_LABELS:
                            return _entity(o)
                if c.dep_ not in {"ccomp", "relcl", "parataxis", "nsubj", "nsubjpass", "conj", "punct"}:
                    nxt.append(c)
        frontier = nxt
    return None


def _entity(tok: Token) -> str:
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            text = ent.text
            return text[4:] if text.lower().startswith("the ") else text
    return tok.text


# --------------------------------------------------------------------------------------- dates


def _date_near(trigger: Token, reference: str | None) -> tuple[str, str] | None:
    """A date expression attached on the path from the trigger to the root, nearest first."""
    node = trigger
    prev: Token | None = None
    for step in range(12):
        kids = list(node.children)
        if step == 0:
            # "announced a ceasefire on Friday": the date can hang on the object
            kids += [g for c in kids if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep"]
        for c in kids:
            if c is prev:
                continue
            cand: list[Token] = []
            if c.ent_type_ == "DATE" and c.dep_ in {"npadvmod", "tmod", "obl", "nmod", "advmod", "dobj", "appos", "compound"}:
                cand.append(c)
            elif c.dep_ == "prep" and c.lower_ in {"on", "in", "since", "at", "during", "by", "from", "until", "last", "before", "after", "of"}:
                cand.extend(o for o in c.children if o.dep_ == "pobj" and o.ent_type_ == "DATE")
            for tok in cand:
                got = dates_mod.resolve(_date_text(tok), reference)
                if got:
                    return got
        if node.head is node:
            break
        prev, node = node, node.head
    return None


def _date_text(tok: Token) -> str:
    """The DATE entity around a token, read from the token's own IOB tags (``Doc.ents`` builds
    every entity of the document on each access)."""
    if tok.ent_type_ != "DATE":
        return tok.text
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = ent_end = next((k for k in range(tok.i + 1, len(doc)) if doc[k].ent_iob_ != "I"), len(doc))
    # "Monday, Feb. 14, 2022" is sometimes split; take the whole run of DATE tokens
    while end < len(doc) and (doc[end].ent_type_ == "DATE" or doc[end].text == ",") and end - ent_end < 6:
        end += 1
    return doc[start:end].text


def _sentence_date(
    sent: Span, reference: str | None, date_ents: list[Span]
) -> tuple[str, str] | None:
    """The first of the doc's DATE entities inside the sentence that resolves. ``date_ents``
    are found once per document: ``Span.ents`` walks all of the doc's entities on every call."""
    for ent in date_ents:
        if sent.start <= ent.start and ent.end <= sent.end:
            got = dates_mod.resolve(ent.text, reference)
            if got:
                return got
    return None


# ------------------------------------------------------------------------------------- coding


@dataclass(slots=True)
class _Hit:
    trigger: Token
    anchor: Token  # the clause verb whose status/date/subject apply (light verb for nominals)
    pattern: Pattern
    actors: list[ActorRef]
    recipients: list[ActorRef]
    location: str | None
    label: str
    actor_toks: list[Token]
    recipient_toks: list[Token]


@dataclass(slots=True)
class CodedEvent:
    """An EventMention with what the parse knows about it: whether it is the sentence's own
    news (main clause) or background (relative clause, "following his arrest"), and the token
    spans (char offsets) its actors and recipients were read from. Benchmarks use these."""

    mention: EventMention
    main: bool
    actor_spans: list[tuple[int, int]]
    recipient_spans: list[tuple[int, int]]


BACKGROUND_DEPS = {"relcl", "acl"}


def _is_main(hit: _Hit) -> bool:
    tok = hit.trigger if hit.anchor is hit.trigger else hit.anchor
    if tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS:
        return False
    node = tok
    for _ in range(12):
        if node.dep_ in BACKGROUND_DEPS and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children
        ):
            return False
        if node.head is node:
            break
        node = node.head
    return True


def _np_text(tok: Token) -> str:
    start, end = _np_span(tok)
    text = tok.doc.text[start:end]
    return text[4:] if text.lower().startswith("the ") else text


def _np_span(tok: Token) -> tuple[int, int]:
    """Char span of the noun phrase a token heads, without clauses hanging off it."""
    left = tok.left_edge
    right = tok
    for c in tok.rights:
        if c.dep_ in {"compound", "flat", "appos"} and c.i == right.i + 1:
            right = c
    return left.idx, right.idx + len(right.text)


def _is_past(tok: Token) -> bool:
    return tok.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ in {"aux", "auxpass"} for c in tok.children)


class _Coder:
    def __init__(self, doc: Doc, linked: LinkedDocLike) -> None:
        self.doc = doc
        self.lex = load_lexicon()
        self.res = _Resolver(linked)
        self.consumed: set[int] = set()

    # -- verbs
    def verb_hit(self, tok: Token) -> _Hit | None:
        pats = self.lex.verbs.get(tok.lemma_.lower()) or self._guess(tok)
        if not pats:
            return None
        if tok.pos_ not in {"VERB", "AUX"} and not (
            tok.pos_ == "NOUN"
            and (
                tok.tag_.startswith("VB")
                # a verb the tagger took for a noun: "EU and UN hand over supplies"
                or tok.dep_ == "ROOT"
                and any(c.dep_ in {"nsubj", "prt"} for c in tok.children)
                and any(c.dep_ in {"dobj", "prt"} for c in tok.children)
            )
        ):
            return None
        if tok.dep_ not in CLAUSE_DEPS and not (tok.dep_ == "acomp" and tok.tag_ == "VBN"):
            # ("said it was committed to the process": a participle the parser filed as acomp)
            return None
        subj, passive = _subject(tok)
        preps = _preps(tok)
        objs = _objects(tok, passive, subj)
        pat = _match(pats, preps, objs, tok)
        if (pat is None or not pat.obj) and not objs and not passive:
            # a parse that lost the object ("shortened by one hour the nightly curfew"): the
            # next noun of the same clause that a row of this verb names is taken as the object
            stray = _stray_object(tok, {w for p in pats if p.obj and not p.prep for w in p.obj})
            if stray is not None:
                got = _match(pats, preps, [stray], tok)
                if got is not None and got.obj and got.event is not None:
                    pat, objs = got, [stray]
        if pat is None or pat.event is None:
            return None
        if pat.event == "CONCEDE" and tok.lemma_.lower() in LETTING and self._lets_outsiders_in(tok, objs):
            # "allowed the Red Cross to visit", "let UN inspectors in": international
            # involvement let in is a material give-way (PLOVER RETREAT access, CAMEO 086)
            pat = ACCESS_PATTERN
        # actor / recipient slots
        if passive:
            agent = [o for c in tok.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            actor_tok = agent[0] if agent else None
            if actor_tok is None:
                # "were killed in an air strike by government forces": the strike's author
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in {"in", "during"}:
                        for g in c.children:
                            if g.dep_ == "pobj" and g.lemma_.lower() in self.lex.nouns:
                                for p in g.children:
                                    if p.dep_ == "prep" and p.lower_ == "by":
                                        actor_tok = next((x for x in p.children if x.dep_ == "pobj"), None)
            recips = [subj] if subj is not None else []
        else:
            actor_tok = subj
            recips = []
        self.res.take()
        noun_pats = self.lex.nouns.get(actor_tok.lemma_.lower()) if actor_tok is not None else None
        if actor_tok is not None and noun_pats and noun_pats[0].event == pat.event and pat.event != "PROTEST":
            # (a rally, a march, a picket is the crowd itself: "the rally marched on parliament")
            # "the fighting has killed 14,000", "Israeli shelling wounded two": the event noun
            # is the cause of the same act; its author, when named, is the actor. A noun of another
            # act ("the rally demanded ...") is a collective actor and stays one (below)
            actors = [
                r for c in actor_tok.children
                if c.dep_ in {"poss", "amod", "compound", "nmod"}
                for r in self.res.actors(c)
            ] or [
                # "the shelling by government forces killed ...": the noun's own agent
                r for c in actor_tok.children if c.dep_ == "prep" and c.lower_ == "by"
                for g in c.children if g.dep_ == "pobj"
                for r in (self.res.actors(g) or [self._uncoded(g)] if g.pos_ in {"NOUN", "PROPN"} else [])
            ]
            actor_used = self.res.take()
            actor_tok = None
        else:
            actors = self.res.actors(actor_tok)
            actor_used = self.res.take()
        if not actors and actor_tok is not None and actor_tok.pos_ in {"NOUN", "PROPN"}:
            # an actor the knowledge base cannot code is still the actor: keep its words
            actors = [self._uncoded(actor_tok)]
            actor_used = [actor_tok]
        if not actors and passive and pat.event == "MOBILIZE" and subj is not None and subj.pos_ in {"NOUN", "PROPN"}:
            # "police were placed on alert", "troops were rushed to the border": with no agent
            # named, the forces that move are the mobilising side
            actors = self.res.actors(subj) or [self._uncoded(subj)]
            actor_used = self.res.take() or [subj]
            recips = []
        recipients: list[ActorRef] = []
        if pat.prep and preps.get(pat.prep):
            for o in preps[pat.prep]:
                recipients += self.res.actors(o) or (
                    self.res.place_actor(o) if pat.prep in TARGET_PREPS else []
                )
        if not recipients and "speech" in pat.flags:
            dobj = _children(tok, "dobj")
            for o in dobj:
                recipients += self.res.actors(o)
            if not recipients:
                for comp in _children(tok, "ccomp"):
                    s, _ = _subject(comp)
                    recipients += self.res.actors(s)
        if not recipients:
            recipients = self._recipients(tok, recips if passive else objs, preps, pat)
        recip_used = self.res.take()
        if not recipients and passive and subj is not None and subj.pos_ in {"NOUN", "PROPN"}:
            if pat.event not in THEME_EVENTS and (not pat.obj or pat.prep):
                # "was put under investigation": with the noun in the preposition, the passive
                # subject is still the patient
                # "a missionary was arrested": the patient, uncoded, is still the recipient
                recipients = [ActorRef(name=_np_text(subj))]
                recip_used = [subj]
            elif pat.event not in THEME_EVENTS and subj.lemma_.lower() in PERSON_PATIENTS:
                # "two Iranian diplomats were expelled": people named by the object row are
                # patients too ("sanctions were imposed" keeps its theme out)
                recipients = self.res.actors(subj) or [ActorRef(name=_np_text(subj))]
                recip_used = self.res.take() or [subj]
        if "weapon" in pat.flags:
            # "mortar shells landed near the palace", "a car bomb tore through a police station":
            # the weapon is the subject; whoever fired or planted it is unnamed
            if actor_tok is None or actor_tok.lemma_.lower() not in WEAPON_SUBJECTS:
                return None
            actors, actor_used = [], []
        if "victim" in pat.flags:
            # "their jeep hit a landmine", "the village came under fire": the subject suffers it
            recipients, recip_used = actors, actor_used
            actors, actor_used = [], []
        if "flip" in pat.flags and recipients:
            # "hosted the Thai minister": the guest is the actor; "will host talks" keeps its host
            actors, recipients = recipients, actors
            actor_used, recip_used = recip_used, actor_used
        if pat.obj and (actors or recipients):
            # "held talks": the noun is part of this pattern. With nobody found ("talks between
            # the two sides were held") the noun may still name its parties itself
            for o in objs:
                self.consumed.add(o.i)
        loc = _location([tok, *objs])
        if pat.mode == "visit" and loc is None:
            for o in objs:
                if o.ent_type_ in PLACE_LABELS:
                    loc = _entity(o)
                    break
        label = " ".join([tok.text] + ([pat.prep] if pat.prep else []) + ([objs[0].text] if pat.obj and objs else []))
        return _Hit(tok, tok, pat, actors, recipients, loc, label, actor_used, recip_used)

    def _recipients(self, verb: Token, objs: list[Token], preps: dict[str, list[Token]], pat: Pattern) -> list[ActorRef]:
        out: list[ActorRef] = []
        theme = bool(pat.obj) or pat.event in THEME_EVENTS
        for o in objs:
            if theme:
                # the object is the thing moved or given (troops, sanctions, talks): look at
                # what it is aimed at ("sanctions on Russia", "a meeting of the OSCE")
                for p in NOUN_RECIPIENT_PREPS:
                    if p in {"by", "in"} or p == "of" and not (pat.obj and o.lemma_.lower() in pat.obj):
                        continue  # "a meeting of the OSCE", but not "the first of 350 troops"
                    for g in (g for c in o.children if c.dep_ == "prep" and c.lower_ == p for g in c.children if g.dep_ == "pobj"):
                        out += self.res.actors(g)
                    if out:
                        return out
                continue
            got = self.res.actors(o)
            if not got:
                for poss in _children(o, "poss"):
                    got += self.res.actors(poss)
                if not got:
                    for c in o.children:
                        if c.dep_ == "prep" and c.lower_ in {"of", "from", "on", "with", "by", "to", "against"}:
                            for g in c.children:
                                if g.dep_ == "pobj":
                                    got += self.res.actors(g)
                        if got:
                            break
            out += got
        if out:
            return out
        for c in _children(verb, "dative"):
            out += self.res.actors(c)
        if out:
            return out
        for p in RECIPIENT_PREPS:
            if p == "in" and pat.event not in {"AID", "COOPERATE"}:
                continue
            for o in preps.get(p, []):
                if o.ent_type_ == "DATE":
                    continue
                out += self.res.actors(o) or (self.res.place_actor(o) if p in TARGET_PREPS else [])
            if out:
                return out
        return out

    def _speaker_actors(self, tok: Token) -> tuple[list[ActorRef], list[Token]]:
        """Actors of the verb's subject (and the tokens they used); an uncoded noun subject is
        kept as written, so "the ministry said ..." still has a source."""
        subj, _ = _subject(tok)
        self.res.take()
        actors = self.res.actors(subj)
        actor_used = self.res.take()
        if not actors and subj is not None and subj.pos_ in {"NOUN", "PROPN"}:
            actors, actor_used = [self._uncoded(subj)], [subj]
        return actors, actor_used

    def _uncoded(self, tok: Token) -> ActorRef:
        """An actor the linker could not code: its own words, and the country of a place it is
        said to be in or from ("opposition groups in Zimbabwe")."""
        code = None
        used = list(self.res.used)  # lookups here are not recipient evidence
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"in", "from", "of"}:
                for g in c.children:
                    if g.dep_ == "pobj" and g.ent_type_ in {"GPE", "NORP"}:
                        refs = self.res._actors(g) or self.res.place_actor(g)
                        code = next((r.code for r in refs if r.code), None)
            if code:
                break
        self.res.used = used
        return ActorRef(name=_np_text(tok), code=code)

    def _lets_outsiders_in(self, verb: Token, objs: list[Token]) -> bool:
        """The one let in (object, or subject of the complement) is an international body."""
        cands = list(objs) + [s for c in _children(verb, "ccomp", "xcomp") for s in _children(c, "nsubj")]
        for t in cands:
            if any(r.sector in {"IGO", "NGO"} for r in self.res._actors(t)):
                return True
        return False

    def _lemma(self, tok: Token) -> str:
        """The verb's lemma, repaired when the lemmatizer got an inflection wrong and the
        repaired form is one we know ("staged" -> "stag" -> "stage")."""
        lemma = tok.lemma_.lower()
        if lemma in self.lex.verbs or lemma in self.lex.light or not tok.tag_.startswith("VB"):
            return lemma
        low = tok.lower_
        for cand in (low[:-1], low[:-2]) if low.endswith("ed") else ():
            if cand in self.lex.light:
                return cand
        return lemma

    def _guess(self, tok: Token) -> tuple[Pattern, ...] | None:
        """Lexicon rows for an inflected verb the lemmatizer got wrong ("staged" -> "stag")."""
        if not tok.tag_.startswith("VB"):
            return None
        low = tok.lower_
        cands: list[str] = []
        lemma = tok.lemma_.lower()
        if low in IRREGULAR_PAST and IRREGULAR_PAST[low] in self.lex.verbs:
            return self.lex.verbs[IRREGULAR_PAST[low]]
        if "is" in lemma or "ys" in lemma:
            # British spellings: "legalised", "demobilise", "paralyse" -> the -ize / -yze rows
            cands += [lemma.replace("ise", "ize"), lemma.replace("yse", "yze")]
        if low.endswith("ied"):
            cands.append(low[:-3] + "y")
        if low.endswith("ed"):
            cands += [low[:-1], low[:-2], low[:-3]]
        if low.endswith("ing"):
            cands += [low[:-3], low[:-3] + "e", low[:-4]]
        if low.endswith("s"):
            cands += [low[:-1], low[:-2]]
        for cand in cands:
            if len(cand) > 2 and cand in self.lex.verbs:
                return self.lex.verbs[cand]
        return None

    # -- "X said Y must ...": a demand (PLOVER REQUEST) by the speaker on Y
    def obligation_hit(self, tok: Token) -> _Hit | None:
        wish = tok.lemma_.lower() in WANTING and tok.pos_ == "VERB"
        if tok.lemma_.lower() not in SPEECH_VERBS and not wish or tok.pos_ != "VERB":
            return None
        for comp in _children(tok, "ccomp"):
            if wish:
                # "want the junta to free him": a demand on the subject of the to-clause
                modal = [a for a in comp.children if a.dep_ == "aux" and a.lower_ == "to"]
                if not modal or not _children(comp, "nsubj") or _children(tok, "neg"):
                    continue
            else:
                modal = [a for a in comp.children if a.dep_ in {"aux", "auxpass"} and a.lower_ in OBLIGATION]
            if not modal or any(c.dep_ == "neg" for c in comp.children):
                continue
            target, _ = _subject(comp)
            if target is None or target.i > modal[0].i:
                continue  # "should Russia invade": a condition, not an obligation
            if target.lower_ in {"i", "we", "you", "one"} or comp.lemma_.lower() in SPEECH_VERBS:
                continue  # "I must say", "you should always be ready"
            actors, actor_used = self._speaker_actors(tok)
            recipients = self.res.actors(target)
            recip_used = self.res.take()
            if not recipients and target.pos_ in {"NOUN", "PROPN"}:
                recipients, recip_used = [ActorRef(name=_np_text(target))], [target]
            return _Hit(tok, tok, OBLIGATION_PATTERN, actors, recipients, None,
                        f"{tok.text} ... {modal[0].text}",
                        actor_used, recip_used)
        return None

    # -- "X said the demand was unacceptable / removing sanctions is out of the question"
    def rejection_hit(self, tok: Token) -> _Hit | None:
        if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ != "VERB":
            return None
        for comp in _children(tok, "ccomp"):
            if not ruled_out(comp) or _children(comp, "neg"):
                continue
            actors, actor_used = self._speaker_actors(tok)
            recipients: list[ActorRef] = []
            for thing in _children(comp, "nsubj", "csubj"):
                # "Israel's demand", "the demand by the rebels", "removing sanctions on Burma"
                for c in thing.subtree:
                    if c is not thing and (
                        c.dep_ in {"poss", "pobj"}
                        or c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE", "ORG"}
                    ):
                        recipients += self.res.actors(c)
            recip_used = self.res.take()
            return _Hit(tok, tok, REJECTION_PATTERN, actors, recipients, None,
                        f"{tok.text} ... {comp.text}", actor_used, recip_used)
        return None

    # -- nominals
    def noun_hit(self, tok: Token) -> _Hit | None:
        if tok.i in self.consumed or tok.pos_ not in {"NOUN", "PROPN"}:
            return None
        lemma = tok.lemma_.lower()
        pats = None
        for c in tok.children:
            if c.dep_ in {"compound", "amod"} and c.i == tok.i - 1:
                # "hunger strike", "military operation" before "strike", "operation"
                pats = self.lex.nouns.get(f"{c.lower_} {lemma}")
                if pats is None and lemma in CARRIER_NOUNS:
                    pats = self.lex.nouns.get(c.lemma_.lower())  # "a mediation effort"
        if pats is None and tok.dep_ == "pobj" and tok.head.lower_ == "on":
            pats = self.lex.nouns.get(f"on {lemma}")  # "went on strike": a labour strike
        pats = pats or self.lex.nouns.get(lemma)
        if not pats:
            return None
        pat = pats[0]
        head = tok.head
        anchor: Token | None = None
        actor_toks: list[Token] = []
        sufferer: Token | None = None
        if tok.dep_ in {"dobj", "nsubjpass"} and any(c.dep_ in {"oprd", "xcomp"} for c in head.children) and head.lemma_.lower() in {"call", "describe", "brand", "label", "term", "consider", "deem"}:
            return None  # "called the raid a violation": the raid is named, not launched
        first = tok
        while first.dep_ == "conj" and first.head is not first and first.head.pos_ in {"NOUN", "PROPN"}:
            first = first.head  # "launched air and artillery strikes": the light verb's object list
        if first is not tok and first.dep_ in {"dobj", "nsubjpass"}:
            head = first.head
        if first.dep_ in {"dobj", "nsubjpass"} and self._lemma(head) in self.lex.light and head.pos_ in {"VERB", "AUX"}:
            anchor = head
            subj, passive = _subject(head)
            if passive:
                agent = [o for c in head.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
                actor_toks = agent
            elif subj is not None:
                actor_toks = [subj]
        elif tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in TEMPORAL_PREPS:
            anchor = tok
        elif (
            tok.dep_ == "pobj"
            and head.lower_ in {"in", "on", "under"}
            and (
                head.head.lemma_.lower() in PARTAKE
                # "is on a visit to Tehran", "were in talks with": the subject is taking part
                or head.head.lemma_.lower() == "be" and head.lower_ in {"in", "on"}
            )
            and head.head.pos_ in {"VERB", "AUX"}
        ):
            anchor = head.head  # "took part in a hunger strike", "went on strike"
            subj, passive = _subject(anchor)
            if subj is not None and not passive:
                actor_toks = [subj]
        elif tok.dep_ == "pobj" and head.lower_ == "for" and (
            head.head.lemma_.lower() in PURPOSE_MOTION and head.head.pos_ in {"VERB", "AUX"}
            or head.head.lemma_.lower() in CLAIMED
            and head.head.head.lemma_.lower() in CLAIMING
            and head.head.head.pos_ in {"VERB", "AUX"}
        ):
            # "negotiators return to Geneva for talks", "gathered for a rally"; "the group claimed
            # responsibility for the bombing": the claimant owns the act
            anchor = head.head if head.head.pos_ in {"VERB", "AUX"} else head.head.head
            subj, passive = _subject(anchor)
            if subj is not None and not passive:
                actor_toks = [subj]
        elif tok.dep_ in {"nsubj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
            verb = self.verb_hit(head) if head.lemma_.lower() in self.lex.verbs else None
            if verb is not None and verb.pattern.event == pat.event:
                return None  # "Israeli shelling wounded two": the verb's event already says it
            # "Iraq's surrender ended the war": two different acts, both coded
            anchor = tok
        elif tok.dep_ == "ROOT":
            anchor = tok  # headline / caption fragment: "Russian attack on Kyiv"
        elif (
            lemma == "protest" and tok.dep_ == "pobj" and head.lower_ == "in"
            and not _children(tok, "det") and governing_verb(head.head, 3) is not None
        ):
            # "farmers dumped produce on the highway in protest": whatever they did, they protested
            anchor = governing_verb(head.head, 3)
            assert anchor is not None
            subj, passive = _subject(anchor)
            if subj is not None and not passive:
                actor_toks = [subj]
        elif (
            tok.dep_ == "pobj" and head.lower_ in {"in", "during", "from", "of", "to", "after"}
            and _suffered(head)
        ):
            # "three people died in clashes between Hindus and Muslims", "died as a result of
            # torture", "died due to torture": the act happened, and the dead suffered it
            anchor = tok
            dying = governing_verb(head.head, 3)
            sufferer = _subject(dying)[0] if dying is not None else None
        if anchor is None:
            return None
        own: list[Token] = []
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ in {"amod", "compound", "nmod"} and (c.ent_type_ in {"NORP", "GPE", "ORG"} or c.pos_ == "PROPN")):
                own.append(c)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                own.extend(g for g in c.children if g.dep_ == "pobj")
        if tok.dep_ == "pobj" and head.lower_ == "during" and head.head.pos_ in {"VERB", "AUX"}:
            subj, passive = _subject(head.head)
            if subj is not None and not passive:
                actor_toks = [subj]  # "tanks roll during drills": the drills are theirs
        self.res.take()
        actors: list[ActorRef] = []
        # a light verb's subject performs the act ("Blinken held Ukrainian talks"); the noun's own
        # modifiers ("a Russian attack", "Russia's invasion") speak when there is no such subject
        for t in actor_toks:
            actors += self.res.actors(t)
        if not actors:
            for t in own:
                actors += self.res.actors(t)
        if not actors:
            # "talks between Israel and Syria", "clashes between police and students": both sides
            # ("fighting broke out between X and Y": the parties hang on the clause verb)
            sides = [tok, head] if tok.dep_ == "nsubj" and head.pos_ in {"VERB", "AUX"} else [tok]
            for c in (c for t in sides for c in t.children):
                if c.dep_ == "prep" and c.lower_ == "between":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            for part in _with_conj(g):
                                actors += self.res.actors(part) or (
                                    # "talks between the two sides": uncoded, still parties
                                    [self._uncoded(part)] if part.pos_ in {"NOUN", "PROPN"} else []
                                )
        by_agent = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
                    for g in c.children if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"}]
        if not actors and not actor_toks and by_agent:
            actor_toks = by_agent[:1]  # "the arrest of X by Kenyan police": the agent, uncoded
        if not actors and actor_toks and actor_toks[0].pos_ in {"NOUN", "PROPN"}:
            actors = [self._uncoded(actor_toks[0])]  # uncoded, still the actor
            self.res.used.append(actor_toks[0])
        actor_used = self.res.take()
        recipients: list[ActorRef] = []
        for p in NOUN_RECIPIENT_PREPS:
            if p in {"by"}:
                continue
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == p:
                    for g in c.children:
                        if g.dep_ == "pobj" and g.ent_type_ != "DATE":
                            recipients += self.res.actors(g)
            if recipients:
                break
        if not recipients and anchor is not tok:
            recipients = self._recipients(anchor, [], _preps(anchor), pat)
        if not recipients and sufferer is not None and sufferer.pos_ in {"NOUN", "PROPN"}:
            recipients = self.res.actors(sufferer) or [ActorRef(name=_np_text(sufferer))]
            if recipients:
                self.res.used.append(sufferer)
        recip_used = self.res.take()
        loc = _location([tok] + ([anchor] if anchor is not tok else []))
        label = tok.text if anchor is tok else f"{anchor.text} {tok.text}"
        return _Hit(tok, anchor, pat, actors, recipients, loc, label, actor_used, recip_used)


NON_AGENTS = {"earthquake", "quake", "flood", "storm", "fire", "hurricane", "cyclone", "typhoon",
              "disaster", "blast", "explosion", "accident", "crash", "virus", "disease",
              "pandemic", "epidemic", "drought", "landslide", "avalanche", "tsunami", "heatwave",
              "wildfire", "blaze", "lightning", "outbreak", "collapse", "tornado", "eruption"}


CROWDS = {"protester", "protestor", "demonstrator", "rioter", "mob", "crowd", "marcher",
          "student", "striker", "picketer", "youth"}
RIOT_MODES = {None, "destroy", "primitive", "beat"}


def _crowd(hit: _Hit) -> bool:
    """The actor is an uncoded crowd of protesters (no state, armed group or office)."""
    if any(a.code for a in hit.actors) or not hit.actor_toks:
        return False
    return all(t.lemma_.lower() in CROWDS for t in hit.actor_toks)


CROWD_SUBJECTS = CROWDS | {"thousand", "hundred", "dozen", "people", "resident", "villager",
                           "supporter", "worker", "farmer", "citizen", "woman", "mourner",
                           "teacher", "miner", "trader", "shopkeeper", "activist", "fan",
                           "pensioner", "opponent", "follower", "worshipper", "peasant"}
FORCE_SUBJECTS = {"troop", "soldier", "force", "army", "unit", "contingent", "battalion", "brigade",
                  "division", "peacekeeper", "marine", "paratrooper", "militia", "fighter",
                  "rebel", "guerrilla", "insurgent", "militant", "tank", "convoy", "navy", "fleet"}
CROWD_VERBS = {"mass", "gather", "assemble", "converge"}


def _crowd_like(hit: _Hit) -> bool:
    """The actor is a crowd ("thousands of Kurds", "protesters", "angry villagers")."""
    return bool(hit.actor_toks) and all(t.lemma_.lower() in CROWD_SUBJECTS for t in hit.actor_toks)


def _has_pronoun_subject(hit: _Hit) -> bool:
    """The clause has a personal-pronoun subject the linker could not resolve ("they will
    boycott"): the event is real, its actor unknown."""
    subj, passive = _subject(hit.anchor)
    return subj is not None and not passive and subj.lower_ in {"he", "she", "they", "we", "it"}


WEAPON_WORDS = {"bomb", "mine", "minefield", "landmine", "grenade", "rocket", "mortar", "shell",
                "missile", "suicide", "roadside", "car", "truck", "explosive", "ied", "booby", "parcel",
                "letter", "nail", "artillery"}


WEAPON_SUBJECTS = WEAPON_WORDS | {"shell", "bomb", "rocket", "missile", "grenade", "mortar", "mine",
                                  "landmine", "device", "explosive", "bullet", "round", "projectile",
                                  "shrapnel", "barrel", "ied", "bomber"}


def _natural_agent(hit: _Hit) -> bool:
    """An uncoded actor that is a natural or accidental cause, not a political actor."""
    if any(a.code for a in hit.actors) or not hit.actor_toks:
        return False
    return all(
        t.lemma_.lower() in NON_AGENTS
        # "a minefield explosion", "a car bomb blast": a weapon went off; someone laid it
        and not any(c.lemma_.lower() in WEAPON_WORDS for c in t.children if c.dep_ in {"compound", "amod", "nmod"})
        for t in hit.actor_toks
    )


def _governor(tok: Token) -> str | None:
    """Lemma of the verb a to-infinitive clause hangs on ("offered to send": "offer")."""
    if tok.dep_ in {"xcomp", "advcl", "ccomp"} and tok.head is not tok:
        return tok.head.lemma_.lower()
    return None


def _planner(tok: Token) -> str | None:
    """The verb or adjective of planning a to-infinitive hangs on, through "is due / set to"."""
    node = tok
    for _ in range(3):
        if node.dep_ not in {"xcomp", "advcl", "acomp"} or node.head is node:
            return None
        node = node.head
        if node.lemma_.lower() in PLANNING:
            return node.lemma_.lower()
    return None


def _readying(tok: Token) -> bool:
    """The clause is the complement of a verb of getting ready ("the army prepared to resume
    shelling", "troops are gearing up to attack"): the act is preparation, not yet force."""
    node = tok
    for _ in range(3):
        if node.dep_ not in {"xcomp", "advcl"} or node.head is node:
            return False
        node = node.head
        if node.lemma_.lower() in READYING and node.pos_ == "VERB":
            return True
    return False


def _stated_conditional(tok: Token) -> bool:
    """A would / could / might clause that a speech verb reports ("said it could strike")."""
    if not any(c.dep_ == "aux" and c.lower_ in {"would", "could", "might", "may", "'d"} for c in tok.children):
        return False
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH_VERBS | {"warn", "threaten"}


def _would_not(tok: Token) -> bool:
    """"would not allow", "wouldn't accept": a refusal, told or reported."""
    kids = {c.lower_ for c in tok.children if c.dep_ in {"aux", "neg"}}
    return bool(kids & {"would", "'d"}) and bool(kids & {"not", "n't", "never"})


def _condition(tok: Token) -> str | None:
    """The if / unless of a condition clause hanging off the trigger's clause."""
    for c in tok.children:
        if c.dep_ == "advcl":
            for m in c.children:
                if m.dep_ == "mark" and m.lower_ in {"if", "unless"}:
                    return m.lower_
    return None


def _joint(hit: _Hit) -> bool:
    if len(hit.actors) > 1:
        return True  # exercises several parties hold together are joint
    tok = hit.trigger
    targets = [tok] + [c for c in tok.children if c.dep_ in {"dobj"}]
    for t in targets:
        if t is not tok and any(d.dep_ == "amod" and d.lower_ in JOINT for d in t.subtree):
            return True  # "a new round of joint military exercises"
        for c in t.children:
            if c.dep_ == "amod" and c.lower_ in JOINT:
                return True
            if c.dep_ == "prep" and c.lower_ == "with" and any(g.dep_ == "pobj" for g in c.children):
                return bool(hit.recipients)
    return False


def _event_id(article_id: str, caption_index: int | None, start: int, end: int, event: str, trigger: int) -> str:
    key = f"{article_id}:{caption_index}:{start}:{end}:{event}:{trigger}"
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def code_events(
    doc: Doc,
    linked: LinkedDocLike,
    article: Article,
    *,
    caption_index: int | None = None,
    reference_date: str | None = None,
) -> list[EventMention]:
    """PLOVER events in one parsed text (the article body, or one caption when caption_index
    is given). ``reference_date`` is the caption's own date; events without a date of their own
    take it (else the publication date)."""
    coded = code_events_detailed(
        doc, linked, article, caption_index=caption_index, reference_date=reference_date
    )
    return [c.mention for c in coded]


def code_events_detailed(
    doc: Doc,
    linked: LinkedDocLike,
    article: Article,
    *,
    caption_index: int | None = None,
    reference_date: str | None = None,
) -> list[CodedEvent]:
    """code_events, with the main-clause flag and actor token spans of each event."""
    reference = reference_date or article.published
    coder = _Coder(doc, linked)
    out: list[CodedEvent] = []
    seen: set[tuple[Any, ...]] = set()
    carry: tuple[str, str] | None = None  # a historical date the previous sentence set
    date_ents = [ent for ent in doc.ents if ent.label_ == "DATE"]
    for sent_no, sent in enumerate(doc.sents):
        hits: list[_Hit] = []
        for tok in sent:
            hit = coder.verb_hit(tok)
            if hit is not None:
                hits.append(hit)
            hit = coder.obligation_hit(tok)
            if hit is not None:
                hits.append(hit)
            hit = coder.rejection_hit(tok)
            if hit is not None:
                hits.append(hit)
        for tok in sent:
            hit = coder.noun_hit(tok)
            if hit is not None:
                hits.append(hit)
        sent_date = _sentence_date(sent, reference, date_ents)
        root_past = _is_past(sent.root)
        for hit in sorted(hits, key=lambda h: h.trigger.i):
            pat = hit.pattern
            event, mode, cameo = pat.event, pat.mode, pat.cameo
            assert event is not None
            actors = _dedupe(hit.actors)
            actor_keys = {a.code or a.name for a in actors}
            recipients = [r for r in _dedupe(hit.recipients) if (r.code or r.name) not in actor_keys]
            if not actors and not recipients and not _has_pronoun_subject(hit) and "weapon" not in pat.flags:
                continue  # nobody does anything to anybody: not a political event
            if _natural_agent(hit):
                continue  # "the earthquake hit remote areas", "a fire killed 100 people"
            if hit.actor_toks and all(t.lemma_.lower() in NON_AGENTS for t in hit.actor_toks) and not any(a.code for a in actors):
                # "a minefield explosion killed two Iraqi youths": an attack by someone unnamed;
                # the blast itself is no actor
                actors, hit.actor_toks = [], []
                if not recipients:
                    continue
            if "recip" in pat.flags and not recipients:
                continue
            if "joint" in pat.flags and _joint(hit):
                event, mode, cameo = "COOPERATE", None, "06"
            if "forces" in pat.flags and not any(
                t.lemma_.lower() in FORCE_SUBJECTS for t in hit.actor_toks
            ):
                continue  # "the last Soviet soldiers left Afghanistan"; not "the minister left"
            if "crowd" in pat.flags and not _crowd_like(hit):
                continue  # "leaders gathered in Paris" is no protest; "thousands gathered" is
            if event == "MOBILIZE" and _crowd_like(hit) and hit.trigger.lemma_.lower() in CROWD_VERBS:
                event, mode, cameo = "PROTEST", "demo", "14"  # "protesters massed outside"
            if (
                event == "PROTEST" and mode == "demo" and hit.trigger.lemma_.lower() == "protest"
                and hit.trigger.pos_ == "VERB" and not _crowd_like(hit)
                and any(a.sector == "GOV" for a in actors)
            ):
                # "the Chinese government protested the sale": a government's protest is a
                # diplomatic complaint (CAMEO 11), not a street demonstration
                event, mode, cameo = "ACCUSE", "disapprove", "11"
            if event == "ASSAULT" and mode in RIOT_MODES and _crowd(hit):
                # "rioters torched cars", "demonstrators clashed with police": a crowd's
                # violence is a violent protest (CAMEO 145), not an armed attack
                event, mode, cameo = "PROTEST", "riot", "14"
            st = clause_status(hit.trigger if hit.anchor is hit.trigger else hit.anchor)
            status, frame = st.status, st.frame
            if hit.anchor is not hit.trigger:
                if clause_status(hit.trigger).status == "hypothetical":
                    status = "hypothetical" if status in {"asserted", "future"} else status
            elif hit.trigger.dep_ in {"nsubj", "nsubjpass"} and hit.trigger.pos_ in {"NOUN", "PROPN"}:
                # "the EU sanctions ... would be": the clause the noun is subject of
                head_status = clause_status(hit.trigger.head).status
                # a negated predicate ("talks were not yielding") does not negate the talks
                if head_status != "negated" and RANK[head_status] > RANK[status]:
                    status = head_status
            committed = frame in COMMITTED_FRAMES or (
                # "intends to open talks", "plans to send aid", "is due to visit": a stated
                # plan to cooperate or give way is an expressed intent (CAMEO 03); wishes
                # ("wants", "hopes to") stay plain future events
                frame == "plan" and status == "future"
                and event in FUTURE_RECODE_COOP | {"RETREAT", "CONCEDE"}
                and _planner(hit.anchor) in PLANNING
            )
            if status == "future" and not committed and event == "ASSAULT" and _readying(hit.anchor):
                # PLOVER MOBILIZE: moves and preparations short of the use of force
                event, mode, cameo, status = "MOBILIZE", "troops", "15", "asserted"
            condition = _condition(hit.anchor)
            if (
                status == "hypothetical" and condition in {"if", "unless"}
                and event in FUTURE_RECODE_CONFLICT and _stated_conditional(hit.anchor)
            ):
                # "said it could use force if diplomacy fails": a conditional use of force
                # someone states is a threat (CAMEO 13), whatever the modal
                status, committed = "future", True
            if status == "future" and committed and (
                condition == "unless" or condition == "if" and event not in FUTURE_RECODE_COOP
            ):
                # "will withdraw its force unless ...", "will retaliate if attacked": a threat
                mode = THREAT_MODE.get(event) if event != "COERCE" or mode not in COERCE_THREAT_MODES else mode
                event, cameo, status = "THREATEN", "13", "asserted"
            elif status == "future" and committed:
                # PLOVER codes a stated intention as the act of committing to it
                if event in FUTURE_RECODE_COOP:
                    event, mode, cameo, status = "AGREE", None, "03", "asserted"
                elif event in {"RETREAT", "CONCEDE"}:
                    # a promised concession: CAMEO files intents under 03
                    event, mode, cameo, status = "CONCEDE", None, "03", "asserted"
                elif event == "MOBILIZE" and _governor(hit.anchor) in COOPERATIVE_OFFERS:
                    # "offered / agreed / pledged to send troops": an offer of forces, not a threat
                    event, mode, cameo, status = "AGREE", None, "03", "asserted"
                elif event in FUTURE_RECODE_CONFLICT:
                    new_mode = mode if event == "COERCE" and mode in COERCE_THREAT_MODES else THREAT_MODE.get(event)
                    event, mode, cameo, status = "THREATEN", new_mode, "13", "asserted"
            elif (
                status == "negated"
                and (
                    committed and st.signals <= {"negated", "future"}
                    or _would_not(hit.anchor) and st.signals <= {"negated", "future", "hypothetical"}
                )
                and event in FUTURE_RECODE_COOP | {"AGREE", "CONCEDE", "RETREAT"}
            ):
                # "said it will not accept any more refugees": a refusal
                event, mode, cameo, status = "REJECT", None, "12", "asserted"
            # date
            date: str | None
            basis: str
            if caption_index is not None and reference_date:
                near = _date_near(hit.anchor, reference)
                date, basis = near if near and near[1] in {"explicit", "year", "month"} else (reference_date, "caption")
            else:
                near = _date_near(hit.anchor, reference)
                if near is None and hit.anchor is not hit.trigger:
                    near = _date_near(hit.trigger, reference)
                if near is None and sent_date and sent_date[1] in {"explicit", "year", "month"}:
                    near = sent_date
                if near is None and carry is not None and root_past and status == "asserted":
                    near = (carry[0], "context")
                date, basis = near if near else (reference, "published" if caption_index is None else "reference")
            if date and status == "asserted" and dates_mod.is_before(date, reference):
                status = "historical"
            location = hit.location
            if location is None and article.dateline and caption_index is None and sent_no == 0:
                location = article.dateline
            key = (sent.start_char, event, tuple((a.code, a.name) for a in actors),
                   tuple((r.code, r.name) for r in recipients), status)
            if key in seen:
                continue
            seen.add(key)
            mention = EventMention(
                    id=_event_id(article.id, caption_index, sent.start_char, sent.end_char, event, hit.trigger.i),
                    article_id=article.id,
                    event=event,
                    actor=actors,
                    recipient=recipients,
                    support=Support(
                        article_id=article.id,
                        sentence=sent.text,
                        start=sent.start_char,
                        end=sent.end_char,
                        caption=caption_index is not None,
                        caption_index=caption_index,
                        publisher=article.publisher,
                    ),
                    mode=mode,
                    cameo_root=cameo,
                    quad=quad_for(event, cameo),
                    intensity=intensity_for(event, mode, cameo),
                    intensity_scale=load_plover()["intensity_scale"],
                    date=date,
                    date_basis=basis,
                    location=location,
                    status=status,
                    trigger=hit.label,
                    story_id=article.story_id,
                )
            out.append(
                CodedEvent(
                    mention=mention,
                    main=_is_main(hit),
                    actor_spans=[_np_span(t) for t in hit.actor_toks],
                    recipient_spans=[_np_span(t) for t in hit.recipient_toks],
                )
            )
        carry = None
        if sent_date and dates_mod.is_before(sent_date[0], reference):
            carry = sent_date
    return out
