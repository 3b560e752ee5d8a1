"""Who said what: direct, partial and indirect quotes with their speakers.

Why rules on the dependency parse and not a model: the attribution structure of news English is
narrow (a quotation, a cue verb, the verb's subject) and the parse already gives it; rules keep the
stage fast, explainable and free of training data we may not ship. The hard parts are handled
explicitly:

* quotation marks are paired on the raw text, not on spaCy sentences (the parser splits
  multi-sentence quotes), straight and curly, including the wire convention of a quote that runs
  over several paragraphs (no closing mark, next paragraph opens again);
* an "attribution unit" is a run of spaCy sentences glued together where a quotation crosses a
  sentence boundary, so ``"A. B," she said.`` is one unit;
* the speaker phrase is the cue verb's subject, as quote annotation (GGT) marks it: the name in
  an apposition rather than the description, the author of a document ("a release from the
  union said"), never a word of a headline the parser glued on; it is resolved to a canonical
  actor by the actor linker;
* a quote with no speaker phrase of its own is "floating" and takes the speaker of its context:
  a participle (``X said, adding that …``) the governing clause's subject, other quotes the
  latest attribution of the same or previous paragraph (two back for a paragraph that is only a
  quotation: one paragraph of narration often separates a speaker's quotes).

Cue verbs are a versioned lexicon (``data/quote_verbs.txt``), matched on lemma. Embedded posts as
news pages carry them ("Text … — Name (@handle) March 3, 2021") are written quotes of that account;
a pull quote (words repeated from the story on a line of their own, closed by a name) is a quote
of that name.

Decisions: a quote broken by its attribution (``"A," he said. "B."``) gives two records with the
same speaker (outlets break the same words differently; fusion compares the pieces). A mixed quote
(``said Europe is "on the edge of a precipice"``) is kind ``partial`` with ``text`` = the quoted
words only; its whole reported clause is kept on the detection (``Attribution.content_*``) for
scoring. Unnamed sources stay as described ("an EU official") with the code the linker finds in
the description. Quotes inside captions are not extracted (captions report photos, not speech).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

from spacy.tokens import Doc, Span, Token

from wirewatch.types import ActorRef, Article, Quote, Support

OPEN_MARKS = "“„«"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "them", "it"}
#: Heads of definite descriptions that point back to an earlier source ("the official said").
ANAPHORIC_HEADS = {
    "official", "officials", "source", "sources", "spokesman", "spokeswoman", "spokesperson",
    "minister", "diplomat", "president", "chancellor", "mayor", "person", "man", "woman",
    "aide", "adviser", "advisor", "officer", "statement", "report", "ministry", "leader",
}
#: Heads so generic that "the source" may take up any earlier unnamed speaker.
GENERIC_HEADS = {"source", "sources", "official", "officials", "person", "insider", "insiders"}
#: Subjects of "say"/"show"-like verbs that are measurements or things, not sources.
NON_SPEAKERS = {
    "data", "datum", "figure", "statistic", "number", "survey", "poll", "index", "chart", "graph",
    "gust", "wind", "slowdown", "price", "market", "share", "record", "map", "image",
    "video", "photo", "footage", "sign", "evidence", "result",
}
#: Written documents that "say" or "read" (``a release from X said``, ``her statement read``).
DOCUMENT_HEADS = {
    "release", "statement", "letter", "email", "e-mail", "memo", "note", "post", "tweet", "notice",
    "message", "communique", "communiqué", "bulletin", "complaint", "filing", "report",
}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
#: Cue verbs whose direct object is the person spoken to, never the speaker.
ADDRESSEE_CUES = {"tell", "inform", "warn", "urge", "ask", "remind", "assure", "advise", "notify", "brief"}
CLAUSE_DEPS = {"ccomp", "parataxis", "xcomp", "advcl", "conj", "dep"}


class Linked(Protocol):
    """The part of ``actors.LinkedDoc`` this stage uses."""

    def actor_for_span(self, start_char: int, end_char: int) -> ActorRef | None: ...


@dataclass(frozen=True, slots=True)
class CueVerbs:
    """The cue verb lexicon: plain lemmas, phrasal cues and their tags."""

    lemmas: frozenset[str]
    phrasal: dict[str, frozenset[str]]  # lemma -> particles
    tags: dict[str, str]
    version: str

    def tag(self, lemma: str) -> str | None:
        return self.tags.get(lemma)


@lru_cache(maxsize=1)
def cue_verbs() -> CueVerbs:
    """Load ``data/quote_verbs.txt`` once."""
    text = resources.files("wirewatch.data").joinpath("quote_verbs.txt").read_text(encoding="utf-8")
    lemmas: set[str] = set()
    phrasal: dict[str, set[str]] = {}
    tags: dict[str, str] = {}
    version = "0"
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("# version:"):
            version = stripped.split(":", 1)[1].strip()
        if not stripped or stripped.startswith("#"):
            continue
        entry, _, tag = stripped.partition("\t")
        words = entry.split()
        if len(words) == 1:
            lemmas.add(words[0])
        else:
            phrasal.setdefault(words[0], set()).add(words[1])
        if tag.strip():
            tags[words[0]] = tag.strip()
    return CueVerbs(
        frozenset(lemmas), {k: frozenset(v) for k, v in phrasal.items()}, tags, version
    )


_TEXTS: list[tuple[Doc, str]] = []


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds the string from every token on each access, which made
    per-token lookups quadratic on long articles."""
    for d, t in _TEXTS:
        if d is doc:
            return t
    text = doc.text
    _TEXTS.append((doc, text))
    del _TEXTS[:-8]
    return text


# --------------------------------------------------------------------------- quotation marks


@dataclass(slots=True)
class QuoteMark:
    """One quoted stretch of text: ``start``/``end`` include the quotation marks."""

    start: int
    end: int
    closed: bool = True
    continues: bool = False  # an unclosed paragraph whose next paragraph re-opens the quote

    @property
    def inner(self) -> tuple[int, int]:
        end = self.end - 1 if self.closed else self.end
        return self.start + 1, end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if any(c.isalnum() for c in m.group()):  # a line of stray punctuation is no paragraph
            spans.append((m.start(), m.end()))
    return spans


def find_quote_marks(text: str) -> list[QuoteMark]:
    """Pair quotation marks paragraph by paragraph.

    A straight ``"`` opens when nothing is open, else closes. A paragraph that ends with a quote
    still open is a multi-paragraph quote when the next paragraph opens with a quotation mark
    (the wire convention); otherwise the open mark is treated as stray and dropped.
    """
    marks: list[QuoteMark] = []
    paras = _paragraphs(text)
    for p_index, (p_start, p_end) in enumerate(paras):
        open_at: int | None = None
        for i in range(p_start, p_end):
            c = text[i]
            if c in OPEN_MARKS:
                open_at = i
            elif c in CLOSE_MARKS:
                if open_at is not None:
                    marks.append(QuoteMark(open_at, i + 1))
                    open_at = None
            elif c == STRAIGHT:
                if open_at is None:
                    nxt = text[i + 1] if i + 1 < p_end else " "
                    if not nxt.isspace():
                        open_at = i
                else:
                    marks.append(QuoteMark(open_at, i + 1))
                    open_at = None
        if open_at is not None and p_end - open_at > 2:
            nxt_para = paras[p_index + 1] if p_index + 1 < len(paras) else None
            if nxt_para and text[nxt_para[0]] in OPEN_MARKS + STRAIGHT:
                marks.append(QuoteMark(open_at, p_end, closed=False, continues=True))
            elif text[open_at] in OPEN_MARKS and not text[p_start:open_at].strip():
                # a whole paragraph opened and never closed: a sloppy source, still a quote
                marks.append(QuoteMark(open_at, p_end, closed=False))
    return marks


# --------------------------------------------------------------------------- attribution units


@dataclass(slots=True)
class Unit:
    """Consecutive sentences glued where a quotation crosses their boundary."""

    start: int  # char offsets into doc.text
    end: int
    tok_start: int
    tok_end: int
    paragraph: int

    def span(self, doc: Doc) -> Span:
        return doc[self.tok_start : self.tok_end]


def _pieces(doc: Doc) -> list[Span]:
    """spaCy sentences, cut again at line breaks: the parser sometimes runs a headline or a
    dateline line into the first sentence of the next paragraph."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for t in sent:
            if t.is_space and "\n" in t.text:
                if t.i > start:
                    out.append(doc[start : t.i])
                start = t.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [p for p in out if any(not t.is_space for t in p)]


def _units(doc: Doc, marks: list[QuoteMark], paras: list[tuple[int, int]]) -> list[Unit]:
    sents = _pieces(doc)
    if not sents:
        return []
    units: list[Unit] = []
    para_starts = [p[0] for p in paras]

    mark_starts = [m.start for m in marks]

    def para_of(char: int) -> int:
        return max(0, bisect_right(para_starts, char) - 1)

    def crosses(a_end: int) -> bool:
        """Does a quotation (within one paragraph) contain the boundary at ``a_end``?"""
        k = bisect_left(mark_starts, a_end) - 1
        if k < 0:
            return False
        m = marks[k]
        return m.start < a_end < m.end - 1 and "\n" not in doc_text(doc)[m.start : m.end]

    cur = sents[0]
    cur_start, cur_tok_start, cur_end, cur_tok_end = cur.start_char, cur.start, cur.end_char, cur.end
    for s in sents[1:]:
        gap = doc_text(doc)[cur_end : s.start_char]
        glue = "\n" not in gap and (crosses(cur_end) or _dangling_attribution(s, doc_text(doc), cur_end))
        if glue:
            cur_end, cur_tok_end = s.end_char, s.end
            continue
        units.append(Unit(cur_start, cur_end, cur_tok_start, cur_tok_end, para_of(cur_start)))
        cur_start, cur_tok_start, cur_end, cur_tok_end = s.start_char, s.start, s.end_char, s.end
    units.append(Unit(cur_start, cur_end, cur_tok_start, cur_tok_end, para_of(cur_start)))
    return units


def _dangling_attribution(sent: Span, text: str, prev_end: int) -> bool:
    """``"…," \n said X.`` split by the parser: a sentence that starts lower-case after a quote."""
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is None:
        return True
    before = text[:prev_end].rstrip()
    if not before or before[-1] not in CLOSE_MARKS + STRAIGHT:
        return False
    if first.text[:1].islower():
        return True
    # '"…?" the senator asked the minister.' split after the question mark: a bare attribution sentence
    root = sent.root
    return (
        is_cue(root)
        and not any(c.dep_ in {"ccomp", "parataxis"} for c in root.children)
        and not any(t.text in OPEN_MARKS or t.text == STRAIGHT for t in sent)
    )


# --------------------------------------------------------------------------- detections


@dataclass(slots=True)
class Attribution:
    """One detected quote with everything the benchmarks need (speaker span, content span)."""

    kind: str  # direct | partial | indirect
    start: int  # content span (for direct/partial: the quotation marks and what they enclose)
    end: int
    text: str  # quoted words only; for indirect the reported clause
    unit: Unit
    verb: str | None = None
    verb_start: int | None = None
    speaker_start: int | None = None  # the speaker phrase inside the unit, when there is one
    speaker_end: int | None = None
    speaker_text: str | None = None
    speaker_head: int | None = None  # token index of the speaker phrase's head
    speaker: ActorRef | None = None
    content_start: int | None = None  # the whole reported clause (mixed quotes), for scoring
    content_end: int | None = None
    #: the mention a floating quote's speaker was taken from: a participle's governing subject
    #: (in ``X said, adding that …`` the cue ``adding`` has no subject of its own), or the speaker
    #: phrase of the attribution whose speaker a quote without one inherits
    context_start: int | None = None
    context_end: int | None = None
    context_head: int | None = None
    pieces: list[tuple[int, int]] = field(default_factory=list)  # the quotation marks this detection covers
    earlier_units: list[Unit] = field(default_factory=list)  # paragraphs of a multi-paragraph quote
    #: a multi-paragraph quote is detected paragraph by paragraph (as annotators mark it); the last
    #: paragraph's detection lists the earlier ones, which are flagged ``continues``, and the
    #: ``Quote`` record joins them
    earlier_pieces: list[Attribution] = field(default_factory=list)
    continues: bool = False

    @property
    def floating(self) -> bool:
        return self.speaker_start is None


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if lemma in cue_verbs().lemmas or lemma in cue_verbs().phrasal:
        return lemma
    low = tok.lower_
    for suffix, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("d", "")):
        if low.endswith(suffix):
            cand = low[: -len(suffix)] + repl
            if cand in cue_verbs().lemmas:
                return cand
    return lemma


def is_cue(tok: Token) -> bool:
    """A verb whose lemma is a cue (phrasal cues need their particle)."""
    if tok.pos_ not in {"VERB", "AUX"} and not (tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ == "ROOT"):
        return False
    if tok.pos_ == "AUX" and tok.lemma_.lower() != "say":
        return False
    lemma = _lemma(tok)
    cues = cue_verbs()
    if lemma in cues.lemmas:
        return True
    if lemma == "read" and any(
        c.dep_ in {"nsubj", "compound"} and c.i < tok.i and c.lemma_.lower() in DOCUMENT_HEADS for c in tok.children
    ):
        return True  # '"…," her statement read': a document reads, a person does not quote by reading
    parts = cues.phrasal.get(lemma)
    return parts is not None and any(c.dep_ == "prt" and c.lower_ in parts for c in tok.children)


#: Verbs that report someone's words when they name a thing with a quotation:
#: 'called the offer “an insult”', 'expressed “deep concern”'. Without a quotation in the
#: complement they are no cue.
NAMING_CUES = {"call", "dub", "label", "brand", "express", "voice"}


def _naming_cue(tok: Token, quoted: list[tuple[int, int]]) -> bool:
    """``called the budget “one giant assumption”``: a naming verb whose object complement holds
    a quotation (not "called for", "called off", "called police")."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in NAMING_CUES:
        return False
    if any(c.dep_ == "prt" or c.dep_ == "prep" and c.lower_ in {"on", "upon", "for"} for c in tok.children):
        return False  # "called on them “to …”", "called for “…”": an appeal, not a name
    for c in tok.children:
        if c.dep_ in {"dobj", "oprd", "xcomp", "ccomp", "attr", "dep"} and c.i > tok.i:
            lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
            if any(lo - 1 <= q0 < hi for q0, _ in quoted):  # the opening mark may precede the edge
                return True
    return False


def _cue_name(tok: Token) -> str:
    lemma = _lemma(tok)
    cues = cue_verbs()
    if lemma not in cues.lemmas and lemma in cues.phrasal:
        prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")
        return f"{lemma} {prt}".strip()
    return lemma


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    """Is char ``i`` inside one of ``spans`` (sorted, non-overlapping: quotation marks)?"""
    k = bisect_right(spans, (i, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _subject(verb: Token, quoted: list[tuple[int, int]], unit: Unit | None = None) -> Token | None:
    """The verb's subject as GGT-style annotation names the source: the person's name.

    * a name in apposition wins over the description: "the fire chief, Karl Henning,", plural
      "His lawyers, Jane Roe and John Doe,", and a title phrase "Keeper of the Seal, Jane Roe,";
    * a document from someone speaks for them: "A release from the union said" -> the union;
    * a subject outside the attribution unit is a parse glued across a line break (a headline or
      a photo caption above the paragraph): the unit's own opening noun phrase replaces it.
    """
    subj = _subject_raw(verb, quoted)
    if subj is not None and unit is not None and not (unit.start <= subj.idx < unit.end):
        subj = _unit_subject(verb, unit, quoted)
    if subj is not None:
        # "To understand the case, Chief Justice Jane Roe said, …": a fronted phrase the parser
        # made the subject, with the real one as its apposition right before the verb
        glued = next((c for c in subj.children if c.dep_ == "appos" and c.i < verb.i and c.right_edge.i + 1 == verb.i), None)
        if glued is not None and glued.pos_ in {"PROPN", "PRON"}:
            subj = glued
    titled = subj is not None and any(c.dep_ == "prep" for c in subj.children)  # "Keeper of the Seal"
    if subj is not None and (subj.ent_type_ != "PERSON" or titled):
        named = _named_appos(subj)
        if named is not None:
            return named
    if subj is not None and subj.lemma_.lower() in DOCUMENT_HEADS:
        author = _document_author(subj)
        if author is not None:
            return author
    if subj is not None and subj.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
        return verb.head  # "Smith, who said ...": the relative pronoun stands for its head
    return subj


def _named_appos(subj: Token) -> Token | None:
    """A proper name in apposition to a description (directly, or to the object of its "of" phrase)."""
    for c in subj.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and (
            c.ent_type_ == "PERSON" or subj.pos_ == "NOUN" and subj.tag_ not in {"NNS", "NNPS"}
        ):
            return c
    for prep in (c for c in subj.children if c.dep_ == "prep" and c.lower_ in {"of", "for", "to"}):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for c in pobj.children:
                if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ == "PERSON" and c.i > pobj.i:
                    return c
    return None


def _document_author(subj: Token) -> Token | None:
    """``A statement from the EU``, ``a release sent to media from the union``: the named source."""
    for t in subj.subtree:
        if t.dep_ == "prep" and t.lower_ in {"from", "by"} and subj.i in {t.head.i, t.head.head.i}:
            pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_ in {"ORG", "PERSON", "GPE", "NORP"}):
                return pobj
    return None


def _unit_subject(verb: Token, unit: Unit, quoted: list[tuple[int, int]]) -> Token | None:
    """The noun phrase opening the unit before the verb (``Vickers said``, ``All those involved
    say``), for a parse whose subject lies in the line above. Its head is the last noun or pronoun."""
    top = verb
    while top.dep_ in {"conj", "advcl", "xcomp"} and top.head.i != top.i and unit.start <= top.head.idx < unit.end:
        top = top.head
    left = [t for t in verb.doc[unit.tok_start : top.i] if not t.is_space]
    if not left or len(left) > 6 or any(t.is_punct or _inside(t.idx, quoted) for t in left):
        return None
    heads = [t for t in left if t.pos_ in {"NOUN", "PROPN", "PRON"}]
    return heads[-1] if heads else None


def _participle_inherits(verb: Token, subj: Token) -> bool:
    """``X said, adding that …``: the participle has no subject of its own; its speaker is taken
    from the governing clause. Annotation (GGT) marks such quotes as having no speaker in their
    clause (floating), so the record keeps the speaker as context, not as the clause's speaker."""
    return verb.tag_ == "VBG" and verb.dep_ == "advcl" and subj.head.i != verb.i


def _set_speaker(att: Attribution, subj: Token, verb: Token) -> None:
    """The speaker phrase of ``att``: the clause's own subject, or context for a participle."""
    s0, s1 = _np_core(subj)
    if _participle_inherits(verb, subj):
        att.context_start, att.context_end, att.context_head = s0, s1, subj.i
        return
    att.speaker_start, att.speaker_end = s0, s1
    att.speaker_text = doc_text(subj.doc)[s0:s1]
    att.speaker_head = subj.i


def _subject_raw(verb: Token, quoted: list[tuple[int, int]]) -> Token | None:
    """The verb's subject; participles (``adding that``) and conjuncts inherit the governing one."""
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            return None
        subjects = [c for c in cur.children if c.dep_ in SUBJECT_DEPS and not _inside(c.idx, quoted)]
        # two subjects ("Hawaii, as one of the advisers pointed out, …"): the one nearest the verb
        left = [c for c in subjects if c.i < cur.i]
        if len(subjects) > 1 and left:
            subjects = [left[-1]]
        for c in subjects:
            if c.dep_ == "nsubjpass":
                agent = next((a for a in cur.children if a.dep_ == "agent"), None)
                pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent else None
                if pobj is not None:
                    return pobj
                # "X was quoted as saying": the passive subject is the speaker
                if _lemma(cur) in {"quote", "cite"}:
                    return c
                return None
            return c
        # inverted attribution: "said Jane Doyle" parsed with the name as dobj/attr -- not for
        # verbs whose object is the addressee ("telling O'Brien that …")
        if cur is verb and _lemma(verb) not in ADDRESSEE_CUES:
            for c in cur.rights:
                if c.dep_ in {"dobj", "attr", "npadvmod"} and c.ent_type_ in {"PERSON", "ORG", "NORP"}:
                    if not _inside(c.idx, quoted):
                        return c
        if cur.dep_ in {"advcl", "conj", "xcomp"} and cur.head is not cur:
            cur = cur.head
            continue
        if cur.dep_ == "ccomp" and _inside(cur.idx, quoted) and cur.head.i != cur.i:
            cur = cur.head  # 'X said “…,” and added:': the parser hung "added" inside the quotation
            continue
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.i != cur.head.i:
            cur = cur.head.head  # "he was quoted as saying"
            continue
        break
    return _adjacent_subject(verb, quoted)


def _adjacent_subject(verb: Token, quoted: list[tuple[int, int]]) -> Token | None:
    """Parser gave no subject: a name or pronoun right before the verb, or right after an
    inverted ``, said X`` -- the word order of attribution is rigid enough to trust."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in {"\u200b"}):
        i -= 1
    if i >= 0 and doc[i].dep_ == "compound" and doc[i].head.i == verb.i and verb.pos_ == "NOUN":
        return doc[i]  # '"…," the post read.' parsed as one noun phrase "the post read"
    if i >= 0 and (doc[i].pos_ in {"PROPN", "PRON"} or doc[i].tag_ in {"NNP", "NNPS"}) and not _inside(doc[i].idx, quoted):
        if doc[i].lower_ not in {"it", "that", "this", "what", "which", "who"}:
            return doc[i]
    k = i
    while k >= 1 and doc[k].dep_ in {"aux", "auxpass", "neg"} and doc[k].head.i == verb.i:
        k -= 1  # "Jane Roe, the …, has said"
    if k >= 1 and doc[k].text == ",":
        named = _before_apposition(verb, k, quoted)
        if named is not None:
            return named
    j = verb.i + 1
    prev = doc[verb.i - 1].text if verb.i > 0 else ""
    opens = verb.i == 0 or verb.is_sent_start or prev in {".", "\n"}  # "Said Ellis: “…”"
    if (
        j < len(doc)
        and doc[j].pos_ == "PROPN"
        and doc[j].ent_type_ not in {"DATE", "TIME"}  # ", said Thursday"
        and (prev in {",", ":"} or prev in CLOSE_MARKS + STRAIGHT or opens)
    ):
        k = j
        while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
            k += 1
        if doc[k].dep_ == "nsubj" and doc[k].head.head.i == verb.i and doc[k].head.dep_ == "ccomp":
            return None  # ", said Smith has …": Smith is the reported clause's subject, not the source
        return doc[k]
    return None


def _before_apposition(verb: Token, comma: int, quoted: list[tuple[int, int]]) -> Token | None:
    """``Flynn, a top campaign surrogate, said``: the name before a comma-delimited description
    ("a/an/the …", at most 25 words) that ends right before the verb (or its auxiliary)."""
    doc = verb.doc
    k = comma - 1
    while k >= 0 and comma - k <= 25 and doc[k].text != "," and not doc[k].is_sent_start:
        k -= 1
    if k < 1 or doc[k].text != "," or doc[k + 1].lower_ not in {"a", "an", "the"}:
        return None
    name = doc[k - 1]
    # "Sen. Jane Roe, D-Mich., a member of …": step back over a party-and-state tag
    j = k - 1
    while j > 0 and k - j <= 4 and doc[j].text != ",":
        j -= 1
    if j > 0 and doc[j].text == "," and any(t.text == "-" for t in doc[j + 1 : k]):
        name = doc[j - 1]
    if name.pos_ == "PROPN" and name.ent_type_ in {"PERSON", "ORG", ""} and not _inside(name.idx, quoted):
        return name
    return None


def _np_core(head: Token) -> tuple[int, int]:
    """Char span of a subject phrase without its appositions, relative clauses and trailing PPs."""
    drop = {"appos", "relcl", "acl", "punct", "prep", "cc", "conj", "advmod"}
    toks = [head]
    stack = [c for c in head.children if c.dep_ not in drop]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(t.children)
    toks.sort(key=lambda t: t.i)
    # keep the contiguous run around the head
    lo = hi = toks.index(head)
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi < len(toks) - 1 and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    first, last = toks[lo], toks[hi]
    start, end = first.idx, last.idx + len(last.text)
    cut = doc_text(head.doc).rfind("\n", start, end)
    if cut >= 0:  # never reach back over a paragraph break (a headline glued on by the parser)
        start = cut + 1
        while start < end and doc_text(head.doc)[start].isspace():
            start += 1
    return start, end


def _clause_span(tok: Token, exclude: Token | None = None) -> tuple[int, int] | None:
    """Char span of ``tok``'s subtree, without a leading ``that``/punctuation or the excluded branch."""
    toks = [t for t in tok.subtree]
    if exclude is not None:
        banned = {t.i for t in exclude.subtree}
        toks = [t for t in toks if t.i not in banned]
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].lower_ == "that" and toks[0].dep_ == "mark"):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1].text not in CLOSE_MARKS + STRAIGHT:
        toks.pop()
    if not toks:
        return None
    # a contiguous stretch only: cut at the first gap
    run = [toks[0]]
    for t in toks[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run[0].idx, run[-1].idx + len(run[-1].text)


def _reported_clause(verb: Token, quoted: list[tuple[int, int]]) -> Token | None:
    """The clause a cue verb reports: its ccomp (or a parser's parataxis/xcomp stand-in).

    Several ccomps happen ("OTTAWA — X says Y ...": the dateline becomes one): the verbal one
    with the largest subtree wins.
    """
    cands = [c for c in verb.children if c.dep_ == "ccomp"]
    cands += [
        c
        for c in verb.children
        if c.dep_ in {"parataxis", "dep"} and c.pos_ in {"VERB", "AUX"} and c.i > verb.i
    ]
    cands += [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i]
    # "said in a statement that ...": the parser hangs the clause on "statement"
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for cl in pobj.children:
                if cl.dep_ in {"acl", "relcl", "ccomp"} and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in cl.children
                ):
                    cands.append(cl)
    if not cands:
        return None
    verbal = [c for c in cands if c.pos_ in {"VERB", "AUX"}] or cands
    return max(verbal, key=lambda c: c.right_edge.i - c.left_edge.i)


def _is_question_clause(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in clause.children)


def _content_for_clause(verb: Token, clause: Token, unit: Span) -> tuple[int, int] | None:
    """The reported material: the clause, stretched over conjuncts the parser hung on the verb.

    Right of the verb: from the clause's left edge to the verb's right edge (``says he drank,
    used drugs and ...`` often attaches ``used`` to ``says``). Left of the verb (``..., X said``):
    from the unit start to the clause's right edge.
    """
    if clause.i > verb.i:
        lo = clause.left_edge
        hi = verb.right_edge if verb.right_edge.i <= unit.end - 1 else unit[-1]
    else:
        lo = unit[0] if unit[0].i <= clause.left_edge.i else clause.left_edge
        hi = clause.right_edge
    toks = [t for t in unit if lo.i <= t.i <= hi.i]
    return _trim(toks)


def _trim(toks: list[Token]) -> tuple[int, int] | None:
    closers = CLOSE_MARKS + STRAIGHT
    while toks and (
        toks[0].is_punct and toks[0].text not in OPEN_MARKS + STRAIGHT
        or toks[0].is_space
        or toks[0].lower_ == "that" and toks[0].dep_ == "mark"
    ):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1].text not in closers:
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


ATTRIBUTION_DEPS = {"nsubj", "aux", "advmod", "dobj", "dative", "prep", "npadvmod", "agent", "neg", "prt", "appos"}


def _content_around(verb: Token, subj: Token, unit: Span) -> tuple[int, int] | None:
    """Trailing or parenthetical attribution the parser did not link (``..., he said, but ...``).

    The attribution phrase is the verb, its subject and its small dependents; the content is the
    longer side of the unit outside it, which must be set off by a comma or a quotation mark.
    """
    phrase = {verb.i}
    for c in verb.children:
        if c.dep_ in ATTRIBUTION_DEPS or c is subj:
            phrase.update(t.i for t in c.subtree)
    phrase.update(t.i for t in subj.subtree)
    lo, hi = min(phrase), max(phrase)
    if any(not (lo <= t.i <= hi) and t.i in phrase for t in unit):
        return None
    doc = verb.doc
    left = [t for t in unit if t.i < lo]
    right = [t for t in unit if t.i > hi]
    left_ok = len(left) >= 4 and (doc[lo - 1].text in {",", ";", "—"} | set(CLOSE_MARKS + STRAIGHT))
    right_ok = len(right) >= 4 and hi + 1 < len(doc) and doc[hi + 1].text in {",", ":", "—"}
    if left_ok and (not right_ok or len(left) >= len(right)):
        return _trim(left)
    if right_ok:
        return _trim(right)
    return None


# --------------------------------------------------------------------------- main detection


def find_attributions(doc: Doc, linked: Linked | None = None) -> list[Attribution]:
    """Every quote in ``doc`` with its cue verb and speaker (resolved through ``linked``)."""
    text = doc_text(doc)
    paras = _paragraphs(text)
    marks = find_quote_marks(text)
    units = _units(doc, marks, paras)
    quoted = sorted((m.start, m.end) for m in marks)
    mark_starts = [m.start for m in marks]
    out: list[Attribution] = []

    for unit in units:
        span = unit.span(doc)
        lo, hi = bisect_left(mark_starts, unit.start), bisect_left(mark_starts, unit.end)
        unit_marks = marks[lo:hi]
        cues = [t for t in span if (is_cue(t) or _naming_cue(t, quoted)) and not _inside(t.idx, quoted)]
        used_verbs: set[int] = set()

        for m in unit_marks:
            out.append(_attribute_mark(doc, unit, m, cues, quoted, used_verbs))

        # indirect speech: a cue verb with a reported clause that no quotation covers
        for verb in cues:
            att = _indirect(doc, unit, verb, quoted, used_verbs)
            if att is not None:
                out.append(att)
                other = _other_side(doc, unit, verb, att, quoted)
                if other is not None:
                    out.append(other)
        out.extend(_according_to(doc, unit, quoted))

    out = [a for a in out if a is not None]
    out = _tweet_embeds(doc, paras, units, out)
    out = _pull_quotes(doc, paras, units, out)
    _join_continued(out, marks)
    _resolve_speakers(doc, out, linked)
    _share_continued_speaker(out)
    return [a for a in out if a.kind]


#: The text line of an embedded post as scraped from news pages:
#: "Text of the post. pic.twitter.com/x — Name (@handle) December 22, 2018"
TWEET_EMBED = re.compile(
    r"\s[—–]\s*(?P<name>[^\n()—–]{2,60}?)\s*\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})?\s*$"
)
_POST_TAIL = re.compile(r"(?:\s+(?:\S*pic\.twitter\.com/\S*|https?://\S+|#\w+))+\s*$")


def _tweet_embeds(doc: Doc, paras: list[tuple[int, int]], units: list[Unit], atts: list[Attribution]) -> list[Attribution]:
    """Embedded posts are written statements: the post's text is a direct quote of the account
    named after the dash (its links and trailing hashtags are not words of the post).
    Detections inside the embed line are replaced by the one post quote."""
    text = doc_text(doc)
    unit_starts = [u.start for u in units]
    for p0, p1 in paras:
        m = TWEET_EMBED.search(text, p0, p1)
        if m is None or m.end() < p1 - 1:
            continue
        body_end = m.start()
        tail = _POST_TAIL.search(text, p0, body_end)
        if tail is not None and tail.end() >= body_end - 1:
            body_end = tail.start()
        body = text[p0:body_end].strip()
        n0, n1 = m.start("name"), m.end("name")
        head = _token_at(doc, n1 - 1)
        if len(body.split()) < 4 or head is None or not units:
            continue
        unit = units[max(0, bisect_right(unit_starts, n0) - 1)]
        atts = [a for a in atts if not (p0 <= a.start < p1)]
        start = p0 + (len(text[p0:body_end]) - len(text[p0:body_end].lstrip()))
        atts.append(
            Attribution(
                kind="direct",
                start=start,
                end=start + len(body),
                text=body,
                unit=unit,
                verb="tweet",
                verb_start=m.start(),
                speaker_start=n0,
                speaker_end=n1,
                speaker_text=text[n0:n1],
                speaker_head=head.i,
                content_start=start,
                content_end=start + len(body),
            )
        )
    return atts


#: A pull quote: words repeated from the story, then the speaker's name (and title) on the line.
PULL_QUOTE = re.compile(
    r"(?P<body>[^\n]{30,}?[.!?][\"”’]?)[ \t]+(?P<name>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})(?:, [^.\n]{2,60})?\.?[ \t]*$"
)


def _pull_quotes(doc: Doc, paras: list[tuple[int, int]], units: list[Unit], atts: list[Attribution]) -> list[Attribution]:
    """``"It is very bad for our seniors." Jane Roe, mayor`` set apart as its own line: a pull
    quote, attributed to the name closing the line. Only when the words also occur elsewhere in
    the story (a pull quote repeats them), so an ordinary sentence ending in a name is not one."""
    text = doc_text(doc)
    unit_starts = [u.start for u in units]
    for p0, p1 in paras:
        m = PULL_QUOTE.fullmatch(text, p0, p1)
        if m is None:
            continue
        b0, b1 = m.span("body")
        while b0 < b1 and text[b0] in OPEN_MARKS + STRAIGHT + " ":
            b0 += 1
        while b1 > b0 and text[b1 - 1] in CLOSE_MARKS + STRAIGHT + " ":
            b1 -= 1
        probe = text[b0 : b0 + 40]
        n0, n1 = m.span("name")
        head = _token_at(doc, n1 - 1)
        if len(probe) < 40 or text.count(probe) < 2 or head is None or head.pos_ not in {"PROPN", "NOUN"}:
            continue
        if any(is_cue(t) for t in doc[head.i - 3 if head.i >= 3 else 0 : head.i + 1]):
            continue  # "… the minister said": an attribution, handled by the cue
        unit = units[max(0, bisect_right(unit_starts, n0) - 1)]
        atts = [a for a in atts if not (p0 <= a.start < p1)]
        atts.append(
            Attribution(
                kind="direct",
                start=b0,
                end=b1,
                text=text[b0:b1],
                unit=unit,
                speaker_start=n0,
                speaker_end=n1,
                speaker_text=text[n0:n1],
                speaker_head=head.i,
                content_start=b0,
                content_end=b1,
            )
        )
    return atts


def _attribute_mark(
    doc: Doc, unit: Unit, m: QuoteMark, cues: list[Token], quoted: list[tuple[int, int]], used: set[int]
) -> Attribution:
    text = doc_text(doc)
    a, b = m.inner
    words = text[a:b].strip().strip(",.;:")
    unit_text_before = text[unit.start : m.start]
    starts_unit = not unit_text_before.strip()
    after_colon = unit_text_before.rstrip()[-1:] in {":", ","} and bool(cues) and any(
        c.idx < m.start for c in cues
    )
    capital = words[:1].isupper() or words[:1].isdigit() or words[:1] in "…."
    n_words = len(words.split())
    direct = capital and (starts_unit or after_colon) and (n_words >= 3 or not m.closed)

    # the cue verb: nearest one outside quotes whose clause holds this quotation, else nearest
    best: Token | None = None
    best_dist = 10**9
    for v in cues:
        if not direct and not _governs(v, m, doc):
            continue
        dist = abs(v.idx - (m.end if v.idx >= m.end else m.start))
        if dist < best_dist:
            best, best_dist = v, dist
    att = Attribution(
        kind="direct" if direct else "partial",
        start=m.start,
        end=m.end,
        text=words,
        unit=unit,
        pieces=[(m.start, m.end)],
    )
    if best is None:
        label = _colon_label(doc, unit, m)
        source = _according_after(doc, unit, m) if direct else None
        trailing = _trailing_name_cue(doc, unit, m) if direct and source is None else None
        if trailing is not None:  # '"…," Sinclair states.' with "states" parsed as a plural noun
            name, cue = trailing
            source = name
            att.verb, att.verb_start = _lemma(cue), cue.idx
            used.add(cue.i)
        if label is not None:  # transcript style: "Smith: “…”"
            att.kind = "direct"
            att.speaker_start, att.speaker_end = _np_core(label)
            att.speaker_text = text[att.speaker_start : att.speaker_end]
            att.speaker_head = label.i
        elif source is not None:  # '"…," according to Dr. Jane Roe, a family doctor.'
            if trailing is None:
                att.verb, att.verb_start = "according to", source.idx
            _set_speaker(att, source, source)
        elif not direct:
            att.kind = ""  # scare quotes, titles, names: not a quote
        return att
    if not direct and (_looks_like_title(words) or len(words.split()) == 1 and words[:1].isupper()):
        att.kind = ""  # 'said on “Fox News Sunday,”', 'NBC's “Today” show': a title or a name
        return att
    holder = _holder(best, m, doc) if not direct else None
    if direct or holder is None or holder.dep_ in {"ccomp", "parataxis", "xcomp", "advcl"}:
        used.add(best.i)
    att.verb = _cue_name(best)
    att.verb_start = best.idx
    subj = _subject(best, quoted, unit)
    if subj is not None:
        _set_speaker(att, subj, best)
    if not direct:
        clause = _holder(best, m, doc)
        cs = _clause_span(clause, exclude=subj) if clause is not None else None
        if cs is not None:
            att.content_start = min(cs[0], m.start)
            att.content_end = max(cs[1], m.end)
    return att


SMALL_WORDS = {"of", "the", "and", "in", "on", "a", "an", "for", "to", "at", "with", "&"}
NOT_TITLE_START = {"i", "we", "you", "it", "this", "that", "they", "he", "she", "there", "our", "my"}


def _sentence_like(text: str) -> bool:
    """Ends like a sentence (headlines and link lines do not)."""
    t = text.rstrip()
    return bool(t) and t[-1] in ".?!\"”’')…:;"


def _looks_like_title(words: str) -> bool:
    """Short, every content word capitalised, not a sentence: a title or a name, not speech."""
    toks = words.strip(" ,.").split()
    if len(toks) < 2 or len(toks) > 8 or toks[0].lower() in NOT_TITLE_START:
        return False
    content = [w for w in toks if w.lower() not in SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def _colon_label(doc: Doc, unit: Unit, m: QuoteMark) -> Token | None:
    """``Name: “…”`` at the start of a unit: the name before the colon is the speaker."""
    before = doc_text(doc)[unit.start : m.start].rstrip()
    if not before.endswith(":") or len(before.split()) > 6:
        return None
    span = doc.char_span(unit.start, len(before) + unit.start - 1, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    if not any(t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} for t in span):
        return None
    return span.root


def _according_after(doc: Doc, unit: Unit, m: QuoteMark) -> Token | None:
    """The source of ``"…," according to X`` right after the closing quotation mark."""
    toks = [t for t in doc[unit.tok_start : unit.tok_end] if t.idx >= m.end and not t.is_space]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    if len(toks) < 3 or toks[0].lower_ != "according" or toks[1].lower_ != "to":
        return None
    pobj = next((c for c in toks[1].children if c.dep_ == "pobj"), None)
    return pobj if pobj is not None and pobj.pos_ in {"PROPN", "NOUN", "PRON"} else None


def _trailing_name_cue(doc: Doc, unit: Unit, m: QuoteMark) -> tuple[Token, Token] | None:
    """``"…," Name says.`` when the parser missed the verb: a short capitalised name right after
    the closing mark, then a word whose lemma is a cue, then the end of the unit."""
    toks = [t for t in doc[unit.tok_start : unit.tok_end] if t.idx >= m.end and not t.is_space]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    names: list[Token] = []
    while toks and len(names) < 4 and toks[0].text[:1].isupper() and toks[0].is_alpha:
        names.append(toks.pop(0))
    if not names or not toks or names[0].lower_ in PRONOUNS:
        return None
    cue, rest = toks[0], toks[1:]
    if _lemma(cue) not in cue_verbs().lemmas or any(not t.is_punct for t in rest):
        return None
    return names[-1], cue


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _holder(verb: Token, m: QuoteMark, doc: Doc) -> Token | None:
    """The child of ``verb`` whose subtree contains the quotation."""
    a, _ = m.inner
    tok = _token_at(doc, a)
    if tok is None:
        return None
    for c in verb.children:
        if c.left_edge.idx <= a < c.right_edge.idx + len(c.right_edge.text) and c.dep_ not in SUBJECT_DEPS:
            return c
    return None


def _governs(verb: Token, m: QuoteMark, doc: Doc) -> bool:
    """Is the quotation inside the cue verb's reported material (not its subject)?"""
    holder = _holder(verb, m, doc)
    return holder is not None


def _indirect(
    doc: Doc, unit: Unit, verb: Token, quoted: list[tuple[int, int]], used: set[int]
) -> Attribution | None:
    if verb.i in used or not is_cue(verb):
        return None  # a naming verb ("called it …") reports only the quoted words, never a clause
    if cue_verbs().tag(_lemma(verb)) == "question":
        return None
    if verb.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass", "nsubj"} for c in verb.children):
        return None  # "Asked by reporters if ...": a participle frame, not a statement
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    clause = _reported_clause(verb, quoted)
    content: tuple[int, int] | None = None
    subj = _subject(verb, quoted, unit)
    span = unit.span(doc)
    if subj is None:
        return None
    if clause is not None:
        if _is_question_clause(clause):
            return None
        content = _content_for_clause(verb, clause, span)
    else:
        content = _content_around(verb, subj, span)
    if content is None or subj is None:
        return None
    if subj.lower_ in {"which", "that", "whom", "what"} or subj.lemma_.lower() in NON_SPEAKERS:
        return None
    if not _sentence_like(doc_text(doc)[unit.start : unit.end]):
        return None  # a headline or a "READ MORE" link line, not reported speech
    if _inside(content[0], quoted) and _inside(content[1] - 1, quoted):
        return None  # the quotation itself, handled as direct
    n_tokens = len(doc.char_span(content[0], content[1], alignment_mode="expand") or [])
    if n_tokens < 3:
        return None
    used.add(verb.i)
    clause_text = doc_text(doc)[content[0] : content[1]]
    has_quote = any(content[0] <= q0 and q1 <= content[1] for q0, q1 in quoted)
    att = Attribution(
        kind="partial" if has_quote else "indirect",
        start=content[0],
        end=content[1],
        text=clause_text,
        unit=unit,
        verb=_cue_name(verb),
        verb_start=verb.idx,
        content_start=content[0],
        content_end=content[1],
    )
    _set_speaker(att, subj, verb)
    if has_quote:
        inner = [doc_text(doc)[q0 + 1 : q1 - 1].strip(" ,.") for q0, q1 in quoted if content[0] <= q0 and q1 <= content[1]]
        att.text = " … ".join(inner)
    return att


def _other_side(doc: Doc, unit: Unit, verb: Token, att: Attribution, quoted: list[tuple[int, int]]) -> Attribution | None:
    """``The drugs have few uses, he says, and are meant for short use``: a parenthetical
    attribution reports the words on both sides; the side the clause did not take becomes a
    second quote of the same speaker (annotators mark the two separately)."""
    head = att.speaker_head if att.speaker_head is not None else att.context_head
    if head is None or att.speaker_start is None:
        return None
    lo = min(head, verb.i)
    while lo > unit.tok_start and doc[lo - 1].i >= doc[head].left_edge.i:
        lo -= 1
    hi = verb.i  # the verb's own small dependents after it ("he said Thursday,")
    while (
        hi + 1 < unit.tok_end
        and hi - verb.i < 4
        and not doc[hi + 1].is_punct
        and doc[hi + 1].dep_ not in {"ccomp", "xcomp", "parataxis", "nsubj", "mark"}
        and any(a.i == verb.i for a in doc[hi + 1].ancestors)
        and not any(a.dep_ in {"ccomp", "xcomp", "parataxis"} and a.i > verb.i for a in doc[hi + 1].ancestors)
    ):
        hi += 1
    if lo - 1 <= unit.tok_start or hi + 1 >= unit.tok_end - 1:
        return None
    if doc[lo - 1].text != "," or doc[hi + 1].text != ",":
        return None  # not set off by commas on both sides
    left = [t for t in doc[unit.tok_start : lo - 1] if not t.is_space]
    right = [t for t in doc[hi + 2 : unit.tok_end] if not t.is_space]
    if att.start >= doc[hi + 1].idx:
        side = _trim(left)
    elif att.end <= doc[lo - 1].idx:
        side = _trim(right)
    else:
        return None
    if side is None or _inside(side[0], quoted) or _inside(side[1] - 1, quoted):
        return None
    toks = [t for t in doc[unit.tok_start : unit.tok_end] if side[0] <= t.idx < side[1]]
    tops = [t for t in toks if not (side[0] <= t.head.idx < side[1]) or t.head.i == t.i]
    if any(t.head.i == verb.i and t.dep_ not in {"ccomp", "parataxis", "conj", "dep", "xcomp"} for t in tops):
        return None  # "During his years there, she says, …": a phrase modifying the saying, not said
    return Attribution(
        kind="indirect",
        start=side[0],
        end=side[1],
        text=doc_text(doc)[side[0] : side[1]],
        unit=unit,
        verb=att.verb,
        verb_start=att.verb_start,
        speaker_start=att.speaker_start,
        speaker_end=att.speaker_end,
        speaker_text=att.speaker_text,
        speaker_head=att.speaker_head,
        content_start=side[0],
        content_end=side[1],
    )


def _according_to(doc: Doc, unit: Unit, quoted: list[tuple[int, int]]) -> list[Attribution]:
    out = []
    span = unit.span(doc)
    for t in span:
        if t.lower_ != "according" or _inside(t.idx, quoted):
            continue
        to = next((c for c in t.children if c.lower_ == "to"), None)
        if to is None and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            to = doc[t.i + 1]
        if to is None:
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        phrase_lo = t.idx
        phrase_hi = pobj.right_edge.idx + len(pobj.right_edge.text)
        toks = [x for x in span if not (phrase_lo <= x.idx < phrase_hi)]
        toks = [x for x in toks if not (x.is_punct and x.text not in CLOSE_MARKS + STRAIGHT)] or toks
        if len(toks) < 4:
            continue
        # the content is the unit without the "according to X" phrase: the longer side of it
        left = [x for x in toks if x.idx < phrase_lo]
        right = [x for x in toks if x.idx >= phrase_hi]
        side = left if len(left) >= len(right) else right
        if len(side) < 3:
            continue
        c0, c1 = side[0].idx, side[-1].idx + len(side[-1].text)
        if _inside(c0, quoted) and _inside(c1 - 1, quoted):
            continue  # '"…," according to X': the quotation itself, attributed as a direct quote
        s0, s1 = _np_core(pobj)
        out.append(
            Attribution(
                kind="indirect",
                start=c0,
                end=c1,
                text=doc_text(doc)[c0:c1],
                unit=unit,
                verb="according to",
                verb_start=t.idx,
                speaker_start=s0,
                speaker_end=s1,
                speaker_text=doc_text(doc)[s0:s1],
                speaker_head=pobj.i,
                content_start=c0,
                content_end=c1,
            )
        )
    return out


def _join_continued(atts: list[Attribution], marks: list[QuoteMark]) -> None:
    """Link the paragraphs of a multi-paragraph quote to its last paragraph's detection."""
    by_start = {a.start: a for a in atts if a.kind in {"direct", "partial"} and a.pieces}
    conts = {m.start: m for m in marks if m.continues}
    ordered = sorted(marks, key=lambda m: m.start)
    for idx, m in enumerate(ordered):
        if m.start not in conts or m.start not in by_start or idx + 1 >= len(ordered):
            continue
        first = by_start[m.start]
        nxt = by_start.get(ordered[idx + 1].start)
        if nxt is None:
            continue
        nxt.earlier_pieces = first.earlier_pieces + [first]
        nxt.earlier_units = first.earlier_units + [first.unit]
        nxt.kind = first.kind = "direct"
        first.continues = True


def _context_from(att: Attribution, source: Attribution) -> None:
    """Remember the mention a floating quote's speaker was taken from (provenance, and what
    PolNeAR-style annotation marks as the Source of '“A,” she said. “B.”''s second part)."""
    if source.speaker_start is not None:
        att.context_start, att.context_end, att.context_head = source.speaker_start, source.speaker_end, source.speaker_head
    else:
        att.context_start, att.context_end, att.context_head = source.context_start, source.context_end, source.context_head


def _share_continued_speaker(atts: list[Attribution]) -> None:
    """All paragraphs of one multi-paragraph quote have one speaker: the one named with it
    (``“A … \n\n“B,” she said.`` names her at the end, ``He said: “A … \n\n“B.”`` at the start)."""
    for att in atts:
        if not att.earlier_pieces or not att.kind:
            continue
        chain = [*att.earlier_pieces, att]
        named = [p for p in chain if p.speaker_start is not None and p.speaker is not None]
        if not named:
            continue
        named_ids = {id(p) for p in named}
        for k, piece in enumerate(chain):
            if piece.speaker_start is None:
                source = next((n for n in reversed(chain[:k]) if id(n) in named_ids), None) or named[-1]
                piece.speaker = source.speaker
                piece.verb = piece.verb or source.verb
                _context_from(piece, source)


# --------------------------------------------------------------------------- speakers


def _is_pronoun(text: str) -> bool:
    return text.lower() in PRONOUNS


def _anaphoric(text: str) -> bool:
    words = text.lower().split()
    return len(words) >= 2 and words[0] in {"the", "this", "that"} and words[-1] in ANAPHORIC_HEADS


def _resolve_speakers(doc: Doc, atts: list[Attribution], linked: Linked | None) -> None:
    """Actors for speakers; floating quotes and pronouns take the paragraph context's speaker.

    Attributions are walked in text order so "the previous speaker" is known. Order of evidence:
    a pronoun takes the latest speaker of this or the previous paragraph (news prose rarely
    switches the referent of "she said" without naming the new speaker), else the linker's
    coreference; "the official" / "the source" takes the latest speaker described with the same
    head noun, else the latest unnamed speaker; names go to the linker. An unnamed source is
    kept as described ("an EU official") with the code and sector the linker found in it.
    """
    atts.sort(key=lambda a: (a.unit.start, a.start))
    last: Attribution | None = None
    spoken: list[Attribution] = []
    for att in atts:
        if not att.kind:
            continue
        if att.speaker_start is not None and att.speaker_end is not None:
            att.speaker = _speaker_actor(doc, att, linked, last, spoken)
        elif att.context_start is not None and att.context_end is not None:
            phrase = replace(
                att,
                speaker_start=att.context_start,
                speaker_end=att.context_end,
                speaker_text=doc_text(doc)[att.context_start : att.context_end],
                speaker_head=att.context_head,
            )
            att.speaker = _speaker_actor(doc, phrase, linked, last, spoken)
        elif last is not None and last.speaker is not None and _near(last, att, 2 if att.kind == "direct" else 1):
            att.speaker = last.speaker
            att.verb = att.verb or last.verb
            _context_from(att, last)
        elif att.kind == "partial":
            att.kind = ""  # quoted words nobody is said to have said
        if att.speaker is not None:
            last = att
            spoken.append(att)


def _speaker_actor(
    doc: Doc, att: Attribution, linked: Linked | None, last: Attribution | None, spoken: list[Attribution]
) -> ActorRef | None:
    assert att.speaker_start is not None and att.speaker_end is not None
    surface = _clean_surface(att.speaker_text or "")
    if _is_pronoun(surface):
        if last is not None and last.speaker is not None and _near(last, att, 1) and _agrees(surface, last):
            return last.speaker
        named = []
        for a in reversed(spoken):
            if not _near(a, att, 3):
                break
            if a.speaker_text and not _is_pronoun(a.speaker_text) and _agrees(surface, a):
                named.append(a)
                break
        actor = linked.actor_for_span(att.speaker_start, att.speaker_end) if linked else None
        if actor is not None:
            return actor
        return named[0].speaker if named else None
    if _anaphoric(surface):
        ctx = _same_head(spoken, surface)
        if ctx is None and surface.lower().split()[-1] in GENERIC_HEADS:
            ctx = None
            for a in reversed(spoken):
                if not _near(a, att, 2):
                    break
                if _unnamed(doc, a):
                    ctx = a
                    break
        if ctx is not None and ctx.speaker is not None:
            return ctx.speaker
    actor = linked.actor_for_span(att.speaker_start, att.speaker_end) if linked else None
    if _unnamed(doc, att):
        # keep the description; borrow what the linker knows (its country/organisation)
        code = actor.code if actor is not None else None
        sector = actor.sector if actor is not None else None
        role = actor.role if actor is not None else None
        if actor is not None and actor.role and not _is_described_as(actor, surface):
            return actor  # a role the linker tied to a named holder ("the foreign minister")
        head = doc[att.speaker_head].lower_ if att.speaker_head is not None else ""
        if head in OFFICIAL_HEADS and sector in {None, "IGO"} and code is not None and sector is None:
            sector = "GOV"
        return ActorRef(name=surface, code=code, sector=sector, role=role)
    if actor is None:
        return ActorRef(name=surface) if surface else None
    return actor


OFFICIAL_HEADS = {"official", "officials", "diplomat", "diplomats", "spokesman", "spokeswoman", "spokesperson"}


def _is_described_as(actor: ActorRef, surface: str) -> bool:
    """The linker's actor is only the description itself (no named holder behind it)."""
    return actor.name.lower() in surface.lower() or surface.lower().endswith(actor.name.lower())


def _unnamed(doc: Doc, att: Attribution) -> bool:
    """A speaker described, not named: the phrase head is a common noun (``an EU official``)."""
    if att.speaker_head is None:
        return False
    head = doc[att.speaker_head]
    return head.pos_ == "NOUN" and head.ent_type_ not in {"PERSON"}


def _agrees(pronoun: str, prev: Attribution) -> bool:
    """Number agreement: "they" may follow a plural or an organisation, he/she a singular."""
    p = pronoun.lower()
    text = (prev.speaker_text or "").lower()
    plural_prev = text.endswith("s") and not text.endswith("ss") or text in {"they", "we"}
    if p in {"they", "we", "them"}:
        return True
    return not plural_prev or text in {"he", "she"}


def _same_head(named: list[Attribution], surface: str) -> Attribution | None:
    """The latest earlier speaker described with the same head noun ("an EU official" ... "the official")."""
    head = surface.lower().split()[-1]
    for prev in reversed(named):
        words = (prev.speaker_text or "").lower().split()
        if words and words[-1] == head:
            return prev
    return None


def _near(prev: Attribution, cur: Attribution, paragraphs: int) -> bool:
    return 0 <= cur.unit.paragraph - prev.unit.paragraph <= paragraphs


def _clean_surface(surface: str) -> str:
    return re.sub(r"\s+", " ", surface).strip(" ,")


# --------------------------------------------------------------------------- records


def _sentence_support(article: Article, unit: Unit, text: str) -> Support:
    return Support(
        article_id=article.id,
        sentence=text[unit.start : unit.end],
        start=unit.start,
        end=unit.end,
        publisher=article.publisher,
    )


_CACHE: list[tuple[Doc, Any, list[Attribution]]] = []  # last few (doc, linked, attributions)


def attributions_for(doc: Doc, linked: Any) -> list[Attribution]:
    """``find_attributions`` once per (doc, linked): the claims stage reuses it for speakers.

    A tiny identity cache, not ``doc.user_data`` (which must stay serialisable for DocBin).
    """
    for d, ld, atts in _CACHE:
        if d is doc and ld is linked:
            return atts
    atts = find_attributions(doc, linked)
    _CACHE.append((doc, linked, atts))
    del _CACHE[:-4]
    return atts


def quote_id(article_id: str, start: int, end: int, kind: str) -> str:
    return "q" + hashlib.sha1(f"{article_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]


def extract_quotes(doc: Doc, linked: Any, article: Article) -> list[Quote]:
    """The contract entry point: ``types.Quote`` records for one parsed article body."""
    out = []
    for att in attributions_for(doc, linked):
        if att.continues:
            continue  # a paragraph of a multi-paragraph quote: joined into its last paragraph's record
        supports = [_sentence_support(article, u, doc_text(doc)) for u in [*att.earlier_units, att.unit]]
        start = att.earlier_pieces[0].start if att.earlier_pieces else att.start
        text = " ".join(p.text for p in [*att.earlier_pieces, att])
        out.append(
            Quote(
                id=quote_id(article.id, start, att.end, att.kind),
                article_id=article.id,
                text=text,
                kind=att.kind,
                speaker=att.speaker,
                support=supports,
                verb=att.verb,
                story_id=article.story_id,
            )
        )
    return out
