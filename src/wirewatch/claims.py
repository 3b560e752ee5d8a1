"""Numeric claims: a number, what it counts, how it is hedged, whose it is and who says so.

Why: outlets disagree most visibly on numbers ("more than 100,000 troops" vs "well over
130,000"); fusion compares claims by (unit, subject) and needs the value as a float, the hedge
as a canonical qualifier and the counted thing in a stable wording ("people killed").

How: numbers are found on the parse (``like_num`` tokens plus spelled-out numerals and
multipliers from ``data/number_words.tsv``), then filtered by what they are *not*: dates, times,
durations and years (NER DATE/TIME and a time-unit head), ages ("aged 45", "45-year-old",
"Smith, 45,"), ordinals and list numbering, identifiers ("Article 5", "MiG-31", phone numbers),
scores ("3-2"), percentages of nothing ("100 percent sure") and numbers inside quoted titles.
Vague plurals ("dozens", "thousands of") carry no value and are deliberately not claims: a vague
amount cannot be compared across outlets and would only create false conflicts.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from wirewatch.nlp import governing_verb
from wirewatch.quotes import Attribution, attributions_for, doc_text, find_quote_marks
from wirewatch.types import ActorRef, Article, Claim, Support

DATE_ENTS = {"DATE", "TIME", "ORDINAL"}
PHONE = re.compile(r"^\(?\d{3}\)?[-.\s]?\d{3}[-.]\d{4}$|^\d{3}-\d{4}$")
SCORE = re.compile(r"^\d+[-–]\d+$")
NUMERIC = re.compile(r"^[$€£¥]?\d[\d,]*(\.\d+)?%?$|^[$€£¥]?\d*\.\d+%?$")
AGE_WORDS = {"aged", "age", "ages"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    numbers: dict[str, float]
    multipliers: dict[str, float]
    vague: frozenset[str]
    qualifiers: dict[str, str]  # phrase -> canonical
    patients: dict[str, str]  # verb lemma -> participle
    military: frozenset[str]
    percent: dict[str, str]
    currency: dict[str, str]
    notunit: frozenset[str]
    version: str


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load ``data/number_words.tsv`` once."""
    raw = resources.files("wirewatch.data").joinpath("number_words.tsv").read_text(encoding="utf-8")
    numbers: dict[str, float] = {}
    mult: dict[str, float] = {}
    vague: set[str] = set()
    qual: dict[str, str] = {}
    patients: dict[str, str] = {}
    military: set[str] = set()
    percent: dict[str, str] = {}
    currency: dict[str, str] = {}
    notunit: set[str] = set()
    version = "0"
    for line in raw.splitlines():
        if line.startswith("# version:"):
            version = line.split(":", 1)[1].strip()
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        word, kind, value = (line.split("\t") + ["", ""])[:3]
        if kind == "number":
            numbers[word] = float(value)
        elif kind == "multiplier":
            mult[word] = float(value)
        elif kind == "vague":
            vague.add(word)
        elif kind == "qualifier":
            qual[word] = value
        elif kind == "patient":
            patients[word] = value
        elif kind == "military":
            military.add(word)
        elif kind == "percent":
            percent[word] = value
        elif kind == "currency":
            currency[word] = value
        elif kind == "notunit":
            notunit.add(word)
    return Lexicon(
        numbers, mult, frozenset(vague), qual, patients, frozenset(military), percent, currency,
        frozenset(notunit), version,
    )


# --------------------------------------------------------------------------- number phrases


@dataclass(slots=True)
class NumberPhrase:
    tokens: list[Token]
    value: float
    currency: str | None = None
    percent: str | None = None

    @property
    def first(self) -> Token:
        return self.tokens[0]

    @property
    def last(self) -> Token:
        return self.tokens[-1]


def parse_number(text: str) -> float | None:
    """``"130,000"`` -> 130000.0, ``"1.5"`` -> 1.5, ``"two"`` -> 2.0; None when not a number."""
    t = text.lower().strip().lstrip("$€£¥").rstrip("%")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+", t):
        return float(t.replace(",", ""))
    lex = lexicon()
    if t in lex.numbers:
        return lex.numbers[t]
    if "-" in t:  # "twenty-five"
        parts = t.split("-")
        if len(parts) == 2 and parts[0] in lex.numbers and parts[1] in lex.numbers:
            return lex.numbers[parts[0]] + lex.numbers[parts[1]]
    return None


def _is_numberish(tok: Token) -> bool:
    low = tok.lower_
    lex = lexicon()
    return parse_number(tok.text) is not None or low in lex.multipliers and tok.i > 0 and (
        parse_number(tok.doc[tok.i - 1].text) is not None or tok.doc[tok.i - 1].lower_ in {"a", "half"}
    )


def find_numbers(span: Span) -> list[NumberPhrase]:
    """Maximal runs of number tokens in ``span`` with their value (multipliers applied)."""
    lex = lexicon()
    out: list[NumberPhrase] = []
    i = span.start
    doc = span.doc
    while i < span.end:
        tok = doc[i]
        v = parse_number(tok.text)
        starts_a_dozen = tok.lower_ == "a" and i + 1 < span.end and doc[i + 1].lower_ in {"dozen", "hundred", "thousand", "million", "billion"}
        if v is None and not starts_a_dozen:
            i += 1
            continue
        if tok.lower_ in {"one"} and i + 1 < span.end and doc[i + 1].lower_ == "of":
            i += 1
            continue  # "one of the ..."
        toks = [tok]
        value = 1.0 if starts_a_dozen else float(v)  # type: ignore[arg-type]
        j = i + 1
        # "twenty five", "1.5 million", "two dozen", "a hundred thousand"
        while j < span.end:
            nxt = doc[j]
            low = nxt.lower_
            if low in lex.multipliers and low not in {"m", "k"} or (low in {"m", "k"} and nxt.idx == doc[j - 1].idx + len(doc[j - 1].text)):
                value *= lex.multipliers[low]
                toks.append(nxt)
                j += 1
                continue
            nv = parse_number(nxt.text)
            if nv is not None and toks[-1].lower_ in lex.numbers and nxt.lower_ in lex.numbers and nv < 10 <= value:
                value += nv
                toks.append(nxt)
                j += 1
                continue
            break
        phrase = NumberPhrase(toks, value)
        # currency before ("$1.6 billion", "US$ 5") or a symbol glued to the token
        prev = doc[i - 1] if i > 0 else None
        if tok.text[:1] in "$€£¥":
            phrase.currency = lex.currency.get(tok.text[:1])
        elif prev is not None and prev.lower_ in lex.currency:
            phrase.currency = lex.currency[prev.lower_]
            phrase.tokens.insert(0, prev)
        if j < span.end:
            after = doc[j].lower_
            two = after + " " + doc[j + 1].lower_ if j + 1 < len(doc) else ""
            if two in lex.percent:
                phrase.percent = lex.percent[two]
                phrase.tokens += [doc[j], doc[j + 1]]
                j += 2
            elif after in lex.percent:
                phrase.percent = lex.percent[after]
                phrase.tokens.append(doc[j])
                j += 1
            elif after in lex.currency and after not in {"$", "€", "£", "¥"} and phrase.currency is None:
                phrase.currency = lex.currency[after]
                phrase.tokens.append(doc[j])
                j += 1
        if tok.text.endswith("%"):
            phrase.percent = "percent"
        out.append(phrase)
        i = j
    return out


# --------------------------------------------------------------------------- exclusions


def _excluded(ph: NumberPhrase, quoted_titles: list[tuple[int, int]]) -> str | None:
    """Why this number is not a claim (None when it may be one)."""
    lex = lexicon()
    tok = next((t for t in ph.tokens if parse_number(t.text) is not None), ph.first)
    doc = tok.doc
    text = tok.text
    if tok.lower_ == "a" and len(ph.tokens) > 1:  # "a dozen", "a million"
        text = "1"
    if any(t.ent_type_ in DATE_ENTS for t in ph.tokens) and not ph.percent and not ph.currency:
        return "date"
    if not NUMERIC.match(text) and parse_number(text) is None:
        return "identifier"
    if PHONE.match(text) or SCORE.match(text):
        return "phone/score"
    if re.search(r"[A-Za-z]", text) and parse_number(text) is None:
        return "identifier"
    value = ph.value
    plain = re.fullmatch(r"\d{4}", text) is not None
    if plain and 1800 <= value <= 2100 and not ph.currency and not ph.percent:
        nxt = doc[ph.last.i + 1] if ph.last.i + 1 < len(doc) else None
        if nxt is None or not (nxt.pos_ == "NOUN" and nxt.lower_ not in lex.notunit):
            return "year"
    prev = doc[ph.first.i - 1] if ph.first.i > 0 else None
    nxt = doc[ph.last.i + 1] if ph.last.i + 1 < len(doc) else None
    if prev is not None and prev.lower_ in AGE_WORDS:
        return "age"
    if nxt is not None and nxt.text in {"-", "–"} and ph.last.i + 2 < len(doc) and doc[ph.last.i + 2].lower_ in {"year", "years"}:
        return "age"
    if nxt is not None and nxt.lower_.startswith("year-old") or (nxt is not None and nxt.lower_ in {"years-old"}):
        return "age"
    # "Jane Smith, 45, said": a bare number in commas right after a person
    if (
        prev is not None and prev.text == "," and nxt is not None and nxt.text in {",", ")"}
        and ph.first.i >= 2 and doc[ph.first.i - 2].ent_type_ == "PERSON" and value < 120
    ):
        return "age"
    if prev is not None and (prev.lower_ in {"no.", "no", "#", "number", "nos."}):
        return "numbering"
    if prev is not None and prev.text == "." and ph.first.i >= 2 and doc[ph.first.i - 2].lower_ in {"no", "nos"}:
        return "numbering"
    # list numbering: "1." or "2)" at the start of a line
    line_start = doc_text(doc).rfind("\n", 0, tok.idx) + 1
    if not doc_text(doc)[line_start : tok.idx].strip() and nxt is not None and nxt.text in {".", ")"}:
        return "numbering"
    # identifiers: "Article 5", "Route 66", "Flight 370", "G-7", "Apollo 11"
    if prev is not None and (prev.pos_ == "PROPN" or prev.is_title and prev.pos_ == "NOUN") and tok.dep_ in {"nummod", "appos", "npadvmod", "compound", "nmod"} and tok.head.i < tok.i:
        return "identifier"
    if prev is not None and prev.text in {"-", "/"} or (nxt is not None and nxt.text in {"/"}):
        return "identifier"
    if ph.first.idx > 0 and doc_text(doc)[ph.first.idx - 1] in {":", "-", "/"} and not doc_text(doc)[ph.first.idx - 2 : ph.first.idx - 1].isspace():
        return "time/identifier"
    for a, b in quoted_titles:
        if a <= tok.idx < b:
            return "title"
    if tok.lower_ in {"one", "a"} and value == 1 and not ph.currency:
        return "one"
    return None


def _quoted_titles(doc: Doc) -> list[tuple[int, int]]:
    """Quoted stretches that read as titles: short, mostly capitalised, no sentence punctuation."""
    out = []
    for m in find_quote_marks(doc_text(doc)):
        inner = doc_text(doc)[m.start + 1 : m.end - 1].strip()
        words = inner.split()
        if not words or len(words) > 10 or inner[-1:] in {".", "?", "!", ","}:
            continue
        caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
        if caps / len(words) >= 0.6:
            out.append((m.start, m.end))
    for ent in doc.ents:
        if ent.label_ in {"WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC"}:
            out.append((ent.start_char, ent.end_char))
    return out


# --------------------------------------------------------------------------- what it counts


def _counted(ph: NumberPhrase) -> Token | None:
    """The noun the number counts: its nummod head, or the noun right after the phrase."""
    num = next((t for t in reversed(ph.tokens) if t.lower_ not in lexicon().percent), ph.last)
    for t in ph.tokens:
        if t.dep_ in {"nummod", "quantmod", "compound"} and t.head.pos_ in {"NOUN", "PROPN"} and t.head not in ph.tokens:
            return t.head
    head = num.head
    if num.dep_ == "nummod" and head.pos_ in {"NOUN", "PROPN"} and head not in ph.tokens:
        return head
    doc = num.doc
    j = ph.last.i + 1
    # "4,500 such sites", "350 extra troops"
    while j < len(doc) and doc[j].pos_ in {"ADJ", "DET"} and j - ph.last.i <= 3:
        j += 1
    if j < len(doc) and doc[j].pos_ == "NOUN" and not doc[j].is_punct:
        # step to the head of a compound ("bomb shelters")
        n = doc[j]
        while n.dep_ == "compound" and n.head.i > n.i and n.head.pos_ == "NOUN":
            n = n.head
        return n
    # "of"-phrase: "130,000 of its troops"
    nxt = doc[ph.last.i + 1] if ph.last.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ == "NOUN":
            return pobj
    return None


def _noun_text(n: Token) -> str:
    """Counted noun with its compounds ("bomb shelters"), lower case."""
    lex = lexicon()
    left = [
        c for c in n.lefts
        if c.dep_ == "compound" and c.pos_ == "NOUN" and c.lower_ not in lex.multipliers and not c.like_num
    ]
    words = [c.lower_ for c in left] + [n.lower_]
    return " ".join(words)


def _unit(ph: NumberPhrase) -> tuple[str | None, Token | None]:
    """The unit written in the claim, and the counted noun token when there is one."""
    lex = lexicon()
    doc = ph.first.doc
    if ph.percent:
        nxt = doc[ph.last.i + 1] if ph.last.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "of":
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if pobj is None and nxt.i + 1 < len(doc):
                pobj = doc[nxt.i + 1]
            if pobj is not None:
                toks = [t for t in pobj.subtree if t.dep_ not in {"relcl", "acl", "punct"}]
                toks = [t for t in toks if t.i >= nxt.i]
                cut = [t for t in toks if t.dep_ in {"prep"} and t.head is pobj]
                if cut:
                    toks = [t for t in toks if t.i < cut[0].i]
                words = "".join(
                    (t.text if t.pos_ == "PROPN" or t.is_upper else t.lower_) + t.whitespace_ for t in toks
                ).strip()
                return f"{ph.percent} of {words}".strip(), pobj
        return ph.percent, None
    if ph.currency:
        return ph.currency, None
    noun = _counted(ph)
    if noun is None:
        return None, None
    if noun.lower_ in lex.notunit or noun.lemma_.lower() in lex.notunit:
        return None, noun
    if noun.dep_ == "compound" and noun.head.pos_ in {"NOUN", "PROPN"}:
        return None, noun  # "the 100 metres final", "a 10-mile race": a measure naming a thing
    unit = _noun_text(noun)
    verb = noun.head
    if noun.dep_ in {"dobj", "nsubjpass"} and verb.pos_ == "VERB":
        part = lex.patients.get(verb.lemma_.lower())
        if part:
            unit = f"{unit} {part}"
    return unit, noun


def _qualifier(ph: NumberPhrase) -> str | None:
    doc = ph.first.doc
    lex = lexicon()
    i = ph.first.i
    for n in (3, 2, 1):
        if i - n < 0:
            continue
        words = " ".join(t.lower_ for t in doc[i - n : i])
        if words in lex.qualifiers:
            return lex.qualifiers[words]
    return None


def _percent_of_nothing(ph: NumberPhrase) -> bool:
    """``100 percent sure``: a percentage modifying an adjective or verb, with no "of" part."""
    pct = ph.last
    doc = pct.doc
    nxt = doc[pct.i + 1] if pct.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        return False
    return pct.dep_ in {"advmod", "npadvmod"} and pct.head.pos_ in {"ADJ", "ADV"}


# --------------------------------------------------------------------------- whose it is


def _subject_token(verb: Token, inside: set[int]) -> Token | None:
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            return None
        for c in cur.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and c.i not in inside:
                if c.dep_ == "nsubjpass":
                    return None  # "14,000 people were killed": the counted thing is the subject
                return c
            if c.dep_ in {"nsubj", "nsubjpass"} and c.i in inside:
                return None
        if cur.dep_ in {"conj", "xcomp", "advcl", "ccomp"} and cur.head is not cur:
            cur = cur.head
            continue
        return None
    return None


def _subject(ph: NumberPhrase, noun: Token | None, linked: Any, military: bool) -> str | None:
    anchor = noun if noun is not None else ph.last
    verb = governing_verb(anchor)
    if verb is None:
        return None
    inside = {t.i for t in anchor.subtree} | {t.i for t in ph.tokens}
    subj = _subject_token(verb, inside)
    if subj is None:
        return None
    # "it has 4,500 sites" where "it" points back: let the linker say who "it" is
    lo = min([subj.i] + [c.i for c in subj.lefts if c.dep_ in {"compound", "det", "amod", "poss"}])
    start, end = subj.doc[lo].idx, subj.idx + len(subj.text)
    actor = linked.actor_for_span(start, end) if linked is not None else None
    if actor is not None:
        if military and actor.code and _mention_kind(linked, start, end) in {"capital", "metonym"}:
            country = _country_name(actor.code)
            if country:
                return country
        if subj.pos_ == "PRON" or actor.name.lower() in doc_text(subj.doc)[start:end].lower() or subj.pos_ == "PROPN":
            return actor.name
    if subj.pos_ in {"PRON", "NUM"} or subj.like_num:
        return None
    return doc_text(subj.doc)[start:end]


def _mention_kind(linked: Any, start: int, end: int) -> str | None:
    for m in getattr(linked, "mentions", []) or []:
        if m.start < end and start < m.end:
            return m.kind
    return None


def _country_name(code: str) -> str | None:
    try:
        from wirewatch import actors

        country = actors.get_linker().kb.countries.get(code)
    except Exception:  # the KB is optional for claims; fall back to the written subject
        return None
    return country.name if country is not None else None


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class Found:
    """A claim before it becomes a record (benchmarks read these)."""

    value: float
    text: str
    start: int
    end: int
    unit: str | None
    qualifier: str | None
    subject: str | None
    sentence: Span
    speaker: ActorRef | None = None


def find_claims(doc: Doc, linked: Any = None, attributions: list[Attribution] | None = None) -> list[Found]:
    """Every numeric claim in ``doc``."""
    lex = lexicon()
    titles = _quoted_titles(doc)
    if attributions is None:
        attributions = _attributions(doc, linked)
    speakers = _SpeakerIndex(attributions)
    out: list[Found] = []
    for sent in doc.sents:
        phrases = [
            ph for ph in find_numbers(sent)
            if not _excluded(ph, titles) and not _vague_next(ph) and not (ph.percent and _percent_of_nothing(ph))
        ]
        units = [_unit(ph) for ph in phrases]
        for k, ph in enumerate(phrases):
            unit, noun = units[k]
            qualifier = _qualifier(ph)
            if unit is None:
                unit, noun, range_q = _borrowed_unit(ph, k, phrases, units)
                qualifier = qualifier or range_q
            if unit is None:
                continue
            military = noun is not None and noun.lower_ in lex.military
            start, end = ph.first.idx, ph.last.idx + len(ph.last.text)
            out.append(
                Found(
                    value=ph.value,
                    text=doc_text(doc)[start:end],
                    start=start,
                    end=end,
                    unit=unit,
                    qualifier=qualifier,
                    subject=_subject(ph, noun, linked, military),
                    sentence=sent,
                    speaker=speakers.speaker_at(start),
                )
            )
    return out


def _vague_next(ph: NumberPhrase) -> bool:
    doc = ph.last.doc
    nxt = doc[ph.last.i + 1] if ph.last.i + 1 < len(doc) else None
    return nxt is not None and nxt.lower_ in lexicon().vague


RANGE_WORDS = {"and", "to", "or", "-", "–"}
COMPARE_WORDS = {"from", "than", "versus", "vs", "vs.", "with", "to"}
MOVE_VERBS = {"rise", "fall", "climb", "reach", "stand", "hit", "jump", "drop", "increase", "decrease", "grow", "decline", "surge", "soar", "plunge", "total"}


def _borrowed_unit(
    ph: NumberPhrase, k: int, phrases: list[NumberPhrase], units: list[tuple[str | None, Token | None]]
) -> tuple[str | None, Token | None, str | None]:
    """A number without its own noun borrows one: a range ("between 2,000 and 3,000 people"),
    a comparison ("5 million doses, up from 3.5 million"), or a measured subject ("cases rose to
    1,234" -> "cases")."""
    doc = ph.first.doc
    # range: the next number, joined by and/to/or/-, has the unit
    if k + 1 < len(phrases) and units[k + 1][0] is not None:
        between = doc[ph.last.i + 1 : phrases[k + 1].first.i]
        if len(between) == 1 and between[0].lower_ in RANGE_WORDS:
            prev = doc[ph.first.i - 1] if ph.first.i > 0 else None
            q = "between" if prev is not None and prev.lower_ in {"between", "from"} else None
            return units[k + 1][0], units[k + 1][1], q
    # comparison: an earlier number in the sentence has the unit
    prev = doc[ph.first.i - 1] if ph.first.i > 0 else None
    if prev is not None and prev.lower_ in COMPARE_WORDS:
        for j in range(k - 1, -1, -1):
            if units[j][0] is not None:
                return units[j][0], units[j][1], None
    # measured subject: "the death toll rose to 87", "COVID-19 cases climbed to 1,234"
    if prev is not None and prev.lower_ in {"to", "at", "by"} and prev.head.pos_ in {"VERB", "AUX"}:
        verb = prev.head
        if verb.lemma_.lower() in MOVE_VERBS:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "NOUN":
                return _noun_text(subj), subj, None
    return None, None, None


def _attributions(doc: Doc, linked: Any) -> list[Attribution]:
    return attributions_for(doc, linked)


class _SpeakerIndex:
    """Attributions by content start, so each number finds its quote without a full scan."""

    def __init__(self, atts: list[Attribution]):
        spans = []
        for a in atts:
            if a.speaker is None:
                continue
            c0 = min(a.start, a.content_start if a.content_start is not None else a.start)
            c1 = max(a.end, a.content_end if a.content_end is not None else a.end)
            spans.append((c0, c1, a))
        spans.sort(key=lambda x: x[0])
        self.spans = spans
        self.starts = [x[0] for x in spans]

    def speaker_at(self, char: int) -> ActorRef | None:
        """The speaker of the innermost (latest-starting) quote holding ``char``."""
        k = bisect_right(self.starts, char) - 1
        for j in range(k, max(-1, k - 32), -1):
            c0, c1, a = self.spans[j]
            if c0 <= char < c1:
                return a.speaker
        return None


def claim_id(article_id: str, caption_index: int | None, start: int, end: int, value: float) -> str:
    key = f"{article_id}:{caption_index}:{start}:{end}:{value}"
    return "c" + hashlib.sha1(key.encode()).hexdigest()[:16]


def extract_claims(
    doc: Doc,
    linked: Any,
    article: Article,
    *,
    caption_index: int | None = None,
    reference_date: str | None = None,
) -> list[Claim]:
    """The contract entry point: ``types.Claim`` records for one Doc (body or one caption)."""
    out = []
    for f in find_claims(doc, linked):
        sent = f.sentence
        support = Support(
            article_id=article.id,
            sentence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            caption=caption_index is not None,
            caption_index=caption_index,
            publisher=article.publisher,
        )
        out.append(
            Claim(
                id=claim_id(article.id, caption_index, f.start, f.end, f.value),
                article_id=article.id,
                value=f.value,
                text=f.text,
                support=[support],
                unit=f.unit,
                qualifier=f.qualifier,
                subject=f.subject,
                speaker=f.speaker,
                date=reference_date or article.published,
                story_id=article.story_id,
            )
        )
    return out
