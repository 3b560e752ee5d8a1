"""Turn scraped article text into a clean body, a title, photo captions and a dateline.

Why this exists: text that went through a weak extractor (all visible text of a page) keeps menus,
log-in links, share buttons, bylines, copyright lines and photo captions. Captions matter twice:
they are not body text (their sentences would be read as news of the day), and their credits and
dates are metadata evidence. So captions are split out and kept, everything else that is dropped is
recorded with a reason, and nothing is silently lost.

How, in order:
1. Lines. Hard-wrapped plain text (every line cut near one width of 30-100 columns; three cut
   lines are enough, so a wrapped one-paragraph brief counts) is joined back into paragraphs.
2. Captions. Glued captions ("...(AP Photo/X)Next paragraph") are cut apart; a line is a caption
   when it ends in a photo credit, opens like one ("FILE -", "In this handout photo"), is a
   labelled caption ("Image caption,") or is a credit on its own line, which also makes the line
   above it a caption when that line is not a paragraph (or sits in a gallery).
3. Furniture. Every other line short enough is matched against ``data/furniture.txt`` (one regex
   per line with a reason; "!" reasons are hard boundaries such as comment-section headers).
   A line is only tried against the rules that can start with its first character.
4. Title. The page's headline: a line that occurs twice (<title> and h1), the first text line,
   or the longest headline-like line just before the first paragraph; never a paragraph.
5. Main block. Lines score by length and sentence ending (furniture and short lines negative;
   URL dumps, rows of links, squashed menus and cookie banners in any language too); teaser
   lists (headline + one-line blurb, again and again) stop counting as text; hard boundaries
   (the furniture rules' headers, a "©" footer line, the first stamp of a list of dated items
   that hold sentences) cut the page into regions; the best run per region is found with Kadane
   (long non-text stretches cost at most GAP_CAP), plus the best run right under the headline
   when the region's best is elsewhere (a short article beside a longer sidebar). Then: prefer
   an earlier run nearly as strong (articles come before sidebars), never prefer readers'
   comments, join article parts split by an inline "Related" box, extend across a sign-up
   prompt, drop widget stretches and labelled link boxes inside, cut at a row of headline links
   or an author box that closes the block, drop a standfirst set off by a byline, and carry the
   block through a numbered list or table it ends in or that starts right under it. These
   block rules read the shape of the lines, not their words, so they work in any language.
6. Dateline ("MOSCOW (AP) —") is cut from the first paragraph and kept apart.

Everything is line-based and linear in the input; regexes are precompiled, bounded, and the
costly ones gated by keywords; classifications of repeated lines are cached. The numeric
constants below were tuned on the development halves of the Scrapinghub set and of an all-visible-
text rendering of the trafilatura English news pages (bench/bench_clean.py), never on held-out
pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from typing import TypeVar

from wirewatch.datafiles import tsv_rows
from wirewatch.types import RemovedSpan

# ---------------------------------------------------------------------------------------------
# Records


@dataclass(slots=True)
class Cleaned:
    """A cleaned text: title, body (paragraphs joined by a blank line), captions, dateline.

    ``agency`` is the news agency named in the dateline ("AP" from "MOSCOW (AP) —"), kept because
    the dateline is stripped from the body but is the best publisher evidence there is.
    ``byline`` is the first byline line found (also recorded in ``removed``).
    ``dateline_text`` keeps a dateline's date ("Feb 14"), which ``metadata.infer_published`` reads.
    ``masthead`` is the outlet's name when the page prints one above the headline (or as the
    <title> suffix): publisher evidence for ``metadata.infer_publisher``.
    """

    title: str | None
    body: str
    captions: list[str]
    dateline: str | None
    removed: list[RemovedSpan] = field(default_factory=list)
    agency: str | None = None
    byline: str | None = None
    dateline_text: str | None = None  # the whole dateline as written ("LONDON, Feb 14 (Reuters) -")
    masthead: str | None = None  # the outlet's name printed above the headline ("The Evening Post")


# ---------------------------------------------------------------------------------------------
# Furniture patterns (data file)

DATA_DIR = Path(__file__).parent / "data"
FURNITURE_MAX_LEN = 400  # longer lines are never furniture: real paragraphs are long


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    """Compiled furniture rules.

    Rules without keywords are one alternation (a named group per rule: one regex call per line);
    rules with keywords are tried only on lines that contain a keyword. The first rule in file
    order (reasons ordered by ``_RULE_ORDER``) wins.
    """

    version: int
    # (reason, hard boundary?, regex), in matching order
    rules: tuple[tuple[str, bool, re.Pattern[str]], ...]
    combined: re.Pattern[str] | None = None
    # (rule index, keywords, regex) for keyword-gated rules
    gated: tuple[tuple[int, tuple[str, ...], re.Pattern[str]], ...] = ()
    keywords: tuple[str, ...] = ()  # every keyword of every gated rule
    # first character of a line (lower case) -> the alternation of only the plain rules that
    # can start with it (rules that can start with anything are in every entry); a character
    # not in the table falls back to ``combined``
    by_first: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def match(self, line: str) -> str | None:
        """The reason a stripped line is furniture, or None."""
        hit = self.classify(line)
        return hit[0] if hit else None

    def classify(self, line: str) -> tuple[str, bool] | None:
        """(reason, hard boundary) for a furniture line, or None."""
        if len(line) > FURNITURE_MAX_LEN:
            return None
        best: int | None = None
        combined = self.by_first.get(line[:1].lower(), self.combined) if line else self.combined
        if combined is not None:
            m = combined.fullmatch(line)
            if m is not None and m.lastgroup is not None:
                best = int(m.lastgroup[1:])
        if self.gated and _has_any(low := line.lower(), self.keywords):
            # plain substring tests: a keyword regex over the whole line cost ~30 µs a line
            for idx, keywords, rx in self.gated:
                if best is not None and idx >= best:
                    break
                if any(k in low for k in keywords) and rx.fullmatch(line):
                    best = idx
                    break
        if best is None:
            return None
        reason, hard, _rx = self.rules[best]
        return reason, hard


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:
        if needle in text:
            return True
    return False


_RULE_ORDER = (
    "byline",
    "copyright",
    "cookie",
    "advert",
    "related!",
    "furniture!",
    "share",
    "related",
    "furniture",
)


def parse_furniture(text: str) -> FurnitureRules:
    """Parse the ``reason<TAB>regex[<TAB>keywords]`` lines of a furniture file.

    A ``# version: N`` header gives the version; a reason ending in "!" marks a hard boundary
    (see the data file's header).
    """
    version, rows = tsv_rows(text)
    entries: list[tuple[str, str, tuple[str, ...]]] = []
    for raw, parts in rows:
        if len(parts) not in (2, 3) or not parts[1]:
            raise ValueError(f"furniture line needs reason<TAB>regex[<TAB>keywords]: {raw!r}")
        re.compile(parts[1])  # fail early, with the offending pattern
        keywords = (
            tuple(k.strip().lower() for k in parts[2].split(",") if k.strip())
            if len(parts) == 3
            else ()
        )
        entries.append((parts[0].strip(), parts[1], keywords))

    def order(reason: str) -> int:
        return _RULE_ORDER.index(reason) if reason in _RULE_ORDER else len(_RULE_ORDER)

    entries.sort(key=lambda e: order(e[0]))  # stable: file order within a reason
    rules = tuple(
        (r.rstrip("!"), r.endswith("!"), re.compile(p, re.IGNORECASE)) for r, p, _k in entries
    )
    plain = [n for n, (_r, _p, k) in enumerate(entries) if not k]
    combined = (
        re.compile("|".join(f"(?P<g{n}>{entries[n][1]})" for n in plain), re.IGNORECASE)
        if plain
        else None
    )
    # one big alternation costs every rule on every line (~60 µs a line); most rules open with
    # a word, so a line's first character rules most of them out
    firsts = {n: _first_chars(entries[n][1]) for n in plain}
    letters = {c for f in firsts.values() if f is not None for c in f if len(c) == 1}
    by_first: dict[str, re.Pattern[str]] = {}
    if plain:
        for c in sorted(letters):
            sub = [n for n in plain if (f := firsts[n]) is None or c in f]
            by_first[c] = re.compile(
                "|".join(f"(?P<g{n}>{entries[n][1]})" for n in sub), re.IGNORECASE
            )
        # an ASCII character no rule names can only start the rules that start with anything
        # (other characters use the full alternation: case folding outside ASCII has surprises)
        rest = [n for n in plain if firsts[n] is None]
        never = re.compile(r"(?!)")
        fallback = (
            re.compile("|".join(f"(?P<g{n}>{entries[n][1]})" for n in rest), re.IGNORECASE)
            if rest
            else never
        )
        for code in range(32, 127):
            by_first.setdefault(chr(code).lower(), fallback)
    gated = tuple((n, entries[n][2], rules[n][2]) for n, e in enumerate(entries) if e[2])
    return FurnitureRules(
        version=version,
        rules=rules,
        combined=combined,
        gated=gated,
        keywords=tuple(sorted({k for _n, ks, _rx in gated for k in ks})),
        by_first=by_first,
    )


def _first_chars(pattern: str) -> frozenset[str] | None:
    """Lower-case ASCII characters a case-insensitive match of ``pattern`` can start with, or
    None when it may start with anything (or the pattern is too intricate to tell)."""
    try:
        from re import _parser as sre  # type: ignore[attr-defined]

        first, nullable = _seq_first(list(sre.parse(pattern)), sre)
    except Exception:  # an unknown construct: be safe, the rule is tried on every line
        return None
    if first is None or nullable:
        return None
    return frozenset(first)


def _seq_first(items: list, sre) -> tuple[set[str] | None, bool]:  # type: ignore[no-untyped-def]
    """(first characters, can match empty) of a parsed regex sequence; None = anything."""
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "AT":
            continue
        if name == "LITERAL":
            ch = chr(av)
            out |= {ch.lower(), ch.upper().lower()}
            return out, False
        if name == "IN":
            for sop, sav in av:
                kind = str(sop)
                if kind == "LITERAL":
                    out |= {chr(sav).lower(), chr(sav).upper().lower()}
                elif kind == "RANGE" and sav[1] < 128:
                    out |= {chr(c).lower() for c in range(sav[0], sav[1] + 1)}
                elif kind == "CATEGORY" and str(sav) == "CATEGORY_DIGIT":
                    out |= set("0123456789")
                else:
                    return None, False  # other categories, negation, non-ASCII: anything
            return out, False
        if name == "SUBPATTERN":
            first, nullable = _seq_first(list(av[-1]), sre)
        elif name == "BRANCH":
            first, nullable = set(), False
            for alt in av[1]:
                f, nl = _seq_first(list(alt), sre)
                if f is None:
                    return None, False
                first |= f
                nullable = nullable or nl
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, _hi, sub = av
            first, nullable = _seq_first(list(sub), sre)
            nullable = nullable or lo == 0
        else:
            return None, False
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


@lru_cache(maxsize=1)
def furniture_rules() -> FurnitureRules:
    """The packaged furniture rules, loaded once."""
    text = (DATA_DIR / "furniture.txt").read_text("utf-8")
    return parse_furniture(text)


# ---------------------------------------------------------------------------------------------
# Captions and credits

_AGENCY = (
    r"(?:AP|AFP|EPA(?:-EFE)?|EFE|Reuters|REUTERS|Getty\s+Images?|Getty|Shutterstock|Xinhua|Sputnik|"
    r"TASS|ITAR-TASS|RIA\s+Novosti|dpa|DPA|Anadolu(?:\s+Agency)?|UPI|Bloomberg|NurPhoto|SOPA\s+Images|"
    r"LightRocket|Pool|POOL|ZUMA(?:\s+Press)?(?:\s+Wire)?|Alamy|PA(?:\s+Wire)?|PA\s+Images|Rex(?:\s+Features)?|"
    r"AAP|Kyodo|Yonhap|KCNA|WireImage|FilmMagic|Corbis|Imago|IMAGO|ANSA|Abaca|ABACA|Sipa|SIPA|"
    r"Handout|HANDOUT|NYT|The\s+New\s+York\s+Times|Washington\s+Post|CNN|BBC|Instagram|Twitter|Facebook|"
    r"Planet\s+Labs(?:\s+PBC)?|Maxar\s+Technologies|Associated\s+Press)"
)
# Inner text of a parenthesised photo credit. Strong forms (contain Photo, "/", "via", Images):
_STRONG_CREDIT = re.compile(
    r"(?:"
    r"(?:AP|AFP|EPA|Reuters|REUTERS|Xinhua|Sputnik|UPI|dpa)\s+(?:Photo|Images?|Video|Pool)(?:\s*/\s*[^()]{1,100})?"
    r"|[^()]{1,120}?(?:\bvia\s+|/\s*)" + _AGENCY + r"(?:\s+(?:Photo|Images?|Pool|Video))?"
    r"|Getty\s+Images?(?:\s+for\s+[^()]{1,60})?"
    r"|(?:Photos?|Images?|Pictures?|Photograph|Credit|Photo\s+credit|Image\s+credit)\s*(?:by\s+|:\s*)[^()]{1,100}"
    r"|(?:Courtesy|Handout)\b[^()]{0,100}"
    r"|(?:Photo|Image|Picture|Screengrab|Screenshot)\s+(?:provided|released|distributed)\s+by\s+[^()]{1,100}"
    r")(?:\s*,\s*(?:File|file|FILE|Pool|POOL)(?:\s+Photo)?)?\s*",
)
# Bare agency credits "(Reuters)", "(AP)": credits only when they close a sentence of a caption,
# because "(Reuters) -" opens a dateline and "the Associated Press (AP)" is prose.
_BARE_CREDIT = re.compile(
    r"(?:AP|AFP|EPA|EPA-EFE|Reuters|REUTERS|Getty\s+Images?|Shutterstock|Xinhua|Sputnik|TASS|dpa|"
    r"Pool|AAP|Kyodo|Yonhap|KCNA|Alamy|Rex\s+Features|PA|UPI|ANSA|Anadolu\s+Agency)"
    r"(?:\s*,\s*(?:File|file|FILE|Pool|POOL))?\s*"
)
_PAREN = re.compile(r"\(([^()\n]{1,170})\)")
# Credits written without parentheses, at the end of a caption: "REUTERS/Jane Doe", "via REUTERS",
# "Photograph: Jane Doe/AP", "Credit... Jane Doe/The Times", "Photo: Jane Doe, AP".
_TAIL_CREDIT = re.compile(
    r"(?:"
    r"(?-i:\b(?:REUTERS|AFP|EPA-EFE|EPA|XINHUA|SPUTNIK)/[A-Z][^\s/]{0,30}(?:\s+[A-Z][^\s/]{0,30}){0,3}"
    r"(?:/(?:File(?:\s+Photo)?|Pool|POOL|FILE(?:\s+PHOTO)?|Handout))?)"
    r"|(?-i:\bvia\s+(?:REUTERS|Reuters|AP|AFP|EPA|Getty\s+Images))(?:/File(?:\s+Photo)?)?"
    r"|(?-i:\b(?:Photograph|Photographer|Photo|Photos|Picture|Image|Credit|Illustration|Composite|Video)"
    r"(?:\s+credit)?\s*(?::|\.\.\.|…|by)\s*[^\s.][^.!?()]{0,90})"
    r"|(?<=[.!?”\"])\s+(?-i:Getty\s+Images|Getty|AFP|AP|Reuters|REUTERS|EPA|Shutterstock|Alamy|"
    r"(?:[A-Z][\w.'’-]+\s+){1,3}(?:/|\|)\s*(?:Getty\s+Images|AFP|AP|Reuters|EPA|Bloomberg)(?:\s*\|\s*Getty\s+Images)?"
    r"(?:\s+(?:[Ff]ile|FILE))?)"
    r"|\[\s*(?:File\s*:?\s*)?[^\[\]]{0,60}\b(?-i:Reuters|REUTERS|AP|AFP|EPA|Getty|Photo|Image|Credit|File)\b[^\[\]]{0,60}\]"
    r")\s*[.)]?\s*$"
)
# Every tail credit contains one of these; the cheap test spares the costly regex on most lines.
_TAIL_HINT = re.compile(
    r"REUTERS|Reuters|AFP|EPA|XINHUA|SPUTNIK|via|Photo|Picture|Image|Credit|Illustration|Composite|"
    r"Video|Getty|AP|Shutterstock|Alamy|File|\[|/|\|"
)
# Lines that open like a caption.
_CAPTION_START = re.compile(
    r"(?:FILE\s*(?:PHOTO)?\s*[-–—:]|FILE\s+PHOTO\b|\(FILE\)"
    r"|In\s+(?:this|a|an)\s+(?:[\w-]+\s+){0,4}?(?:photo|photograph|image|picture|frame\s+grab|screen\s*grab|"
    r"screenshot|video|file\s+photo|handout)\b"
    r"|(?:A|An)\s+(?:[\w-]+\s+){0,2}?(?:photo|image|picture|handout\s+photo)\s+(?:provided|released|taken|"
    r"obtained|distributed|made\s+available|shared|posted)\s+by\b"
    r"|This\s+(?:[\w-]+\s+){0,2}?(?:photo|image|picture|frame\s+grab)\s+(?:provided|released|taken|obtained|"
    r"distributed|made\s+available|shared|posted|shows)\b"
    r"|(?:Photo|Photos|Photograph|Image|Picture|Credit|Image\s+credit|Photo\s+credit|Caption|Above|Top\s+photo|"
    r"Main\s+photo|Pictured)\s*(?::|\.\.\.|…)\s*\S"
    r"|(?i:(?:Image|Media|Video|Photo)\s+(?:source|caption|copyright))\b,?\s*\S)"
)
# A caption label on its own line: the next line is the caption ("Image caption," / "Caption:").
_CAPTION_LABEL = re.compile(
    r"(?:Image|Media|Video|Photo)\s+caption\s*[,:]?|Caption\s*:|Image\s+source\s*,", re.IGNORECASE
)
_SENTENCE_END_BEFORE = frozenset('.!?"”’)]')
_STANDALONE_CREDIT = re.compile(
    r"(?:\(\s*)?(?:" + _AGENCY + r"(?:\s+(?:Photo|Images?))?(?:\s*/\s*[^\s()][^()]{0,60})?"
    r"|[^()]{1,60}/\s*" + _AGENCY + r"(?:\s*(?:/|\|)\s*" + _AGENCY + r")?"
    r"|(?:[^\s()|]+\s+){0,3}[^\s()|]+\s*\|\s*" + _AGENCY + r"(?:\s*(?:/|\|)\s*" + _AGENCY + r")?"
    r"|(?:[^()]{1,60}\s)?via\s+" + _AGENCY + r")(?:\s*,?\s*(?:File|file|FILE))?(?:\s*\))?",
)


# "HAYWARD, Calif." before "(AP)" is a dateline's place, not the end of a caption
_PLACE = re.compile(r"[A-Z][A-Z.'’ -]+(?:,[ \t]*[A-Z][\w.'’ -]{0,30})?")


def _credit_spans(line: str) -> list[tuple[int, int, bool]]:
    """(start, end, strong) of each parenthesised photo credit in a line."""
    out: list[tuple[int, int, bool]] = []
    for m in _PAREN.finditer(line):
        inner = m.group(1).strip()
        if _STRONG_CREDIT.fullmatch(inner):
            out.append((m.start(), m.end(), True))
        elif _BARE_CREDIT.fullmatch(inner):
            before = line[: m.start()].rstrip()
            if before and before[-1] in _SENTENCE_END_BEFORE and not _PLACE.fullmatch(before):
                out.append((m.start(), m.end(), False))
    return out


def _split_glued(line: str) -> list[tuple[str, bool]]:
    """Cut a line after every photo credit that has more text glued behind it.

    Returns (piece, ends_with_credit) pairs; pieces are substrings of ``line``.
    """
    spans = _credit_spans(line)
    if not spans:
        return [(line, False)]
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for _start, end, _strong in spans:
        rest = line[end:]
        # "(AP Photo/X), left, ..." or "(AP Photo/X)." are still inside the caption
        if rest.strip() and rest.lstrip()[:1] in ",;:.":
            continue
        piece = line[pos:end].strip()
        if piece:
            pieces.append((piece, True))
        pos = end
    tail = line[pos:].strip()
    if tail:
        pieces.append((tail, False))
    return pieces


def is_caption(line: str, ends_with_credit: bool = False) -> bool:
    """Whether a (stripped) line is a photo caption or a bare photo credit."""
    return _captioned(line, ends_with_credit) or _is_credit_line(line)


def _captioned(line: str, ends_with_credit: bool = False) -> bool:
    """A caption by its credit or its opening (bare credit lines are checked apart)."""
    if ends_with_credit:
        return True
    if len(line) > 1500:
        return False
    spans = _credit_spans(line)
    if spans and spans[-1][1] >= len(line.rstrip(" .")) - 1:
        return True
    tail = line[-160:]
    if _TAIL_HINT.search(tail) and _TAIL_CREDIT.search(tail):
        return True
    return bool(_CAPTION_START.match(line))


_LABELLED_CREDIT = re.compile(
    r"[(（\[［]?\s*(?:Photo|Photos|Photograph|Image|Picture|Credit|Image\s+credit|Photo\s+credit|Source|Foto"
    r"|Фото|Источник(?:\s+фото)?|写真|画像|사진|图片(?:来源)?|圖片(?:來源)?)"
    r"\s*(?::|：|=|＝|\.\.\.|…|by)\s*[^.!?。\]］]{1,70}[)）\]］]?"
)


def _is_labelled_credit(line: str) -> bool:
    """A line that is only a labelled credit: "Photo: Getty Images", "(Image: © Jane Doe)"."""
    return len(line) <= 90 and bool(_LABELLED_CREDIT.fullmatch(line))


def _is_credit_line(line: str) -> bool:
    """A line that is nothing but a photo credit ("AFP via Getty Images", "Jane Doe/AP")."""
    return len(line) <= 80 and bool(_STANDALONE_CREDIT.fullmatch(line))


# ---------------------------------------------------------------------------------------------
# Datelines

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,4}"
    r"(?:,[ \t]*[A-Z][A-Za-z.'’-]+(?:[ \t]+[A-Z][A-Za-z.'’-]+){0,3})?)?"
    r"(?:,?[ \t]*(?P<date>" + _MONTH + r"[ \t]+\d{1,2}(?:,?[ \t]*\d{4})?))?"
    # the agency: a wire ("AP", "Reuters", "dpa") or the outlet itself ("Harbor Daily")
    r"[ \t]*(?:\((?P<agency>dpa|(?:[A-Z][\w.&'’-]*)(?:[ \t]+[A-Z][\w.&'’-]*){0,3})\))?"
    # with an agency the dash may be missing ("NEW YORK (CNN)The ..."); without one it is required
    r"(?(agency)[ \t]*(?:(?:-{1,2}|–|—)[ \t]*)?|[ \t]*(?:-{1,2}|–|—)[ \t]+)(?=\S)"
)


# "Moscow, Feb 14 (Reuters) - ...": a title-case place only counts with an agency and a dash
_DATELINE_TITLECASE = re.compile(
    r"(?P<place>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}(?:,[ \t]*[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){0,2})?)"
    r"(?:,?[ \t]*(?P<date>" + _MONTH + r"[ \t]+\d{1,2}(?:,?[ \t]*\d{4})?))?"
    r"[ \t]*\((?P<agency>dpa|[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,3})\)"
    r"[ \t]*(?:-{1,2}|–|—)[ \t]*(?=\S)"
)


def split_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """(place, agency, dateline text) when a paragraph opens with a dateline, else (None, None, "").

    "MOSCOW (AP) — Russia's..." -> ("MOSCOW", "AP", "MOSCOW (AP) — ");
    "MOSCOW - Russia's..." -> ("MOSCOW", None, "MOSCOW - ").
    """
    m = _DATELINE.match(paragraph)
    if not m or not (m.group("place") or m.group("agency")):
        m = _DATELINE_TITLECASE.match(paragraph) or m
    if not m:
        return None, None, ""
    place, agency = m.group("place"), m.group("agency")
    if not place and not agency:
        return None, None, ""
    if place and not agency:
        letters = re.sub(r"[^A-Za-z]", "", place.split(",")[0])
        if len(letters) < 3:
            return None, None, ""
    rest = paragraph[m.end() :]
    if not rest[:1].isupper() and rest[:1] not in "\"“'‘0123456789":
        return None, None, ""
    return (place.strip() if place else None), agency, m.group(0)


# ---------------------------------------------------------------------------------------------
# Line features

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENT_END = frozenset(".!?。！？…:;।؟۔)．｡")
_CLOSERS = frozenset("\"”’'»]」』）】〉》")  # CJK quotes and brackets close sentences too


def _ends_sentence(line: str) -> bool:
    """Whether a line ends like prose: "." or "!" etc., possibly inside a closing quote or bracket
    (a teaser headline that merely ends on a quote does not)."""
    k = len(line) - 1
    while k > 0 and (line[k] in _CLOSERS or (EMOJI_END and _decoration(line[k]))):
        k -= 1
    return line[k] in _SENT_END


EMOJI_END = True  # emoji and symbols after a sentence's end ("Thanks! 🙂") are not its end


def _decoration(ch: str) -> bool:
    """An emoji, symbol, joiner or space that may trail a sentence ("Enjoy! 🙂", "below ⬇️")."""
    if ch.isspace():
        return True
    cat = unicodedata.category(ch)
    return cat in ("So", "Sk", "Mn", "Cf") or "\ufe00" <= ch <= "\ufe0f"


_PRIVACY = re.compile(
    r"\b(?:cookies?|consent|privacy|personal data|partners|third[- ]part(?:y|ies)|advertising|"
    r"opt[- ]out|browser|gdpr|terms of (?:use|service)|processing|preferences)\b",
    re.IGNORECASE,
)
_PRIVACY_CORE = frozenset(
    {"cookie", "cookies", "consent", "gdpr", "personal data", "opt-out", "opt out"}
)


def _privacy_notice(line: str) -> bool:
    head = line[:WINDOW_CHARS]
    low = head.lower()
    if (
        "cookie" not in low
        and "consent" not in low
        and "gdpr" not in low
        and "opt" not in low
        and ("personal data" not in low)
    ):
        return False
    found = {m.group(0).lower() for m in _PRIVACY.finditer(head)}
    return len(found) >= 3 and bool(found & _PRIVACY_CORE)


_URL = re.compile(r"(?:https?://|www\.)\S+")
_LINK_SEP = re.compile(r"\s[|•·»]\s")
SEP_MIN = 3  # a line cut into this many parts by "|" or "•" ...
SEP_WORDS = 8  # ... of fewer words than this on average is a row of links
URL_SHARE = 0.3  # a line whose characters are more than this share URLs is not text
_CODE_CHARS = re.compile(r"[{}<>=;\\|]")
_TITLE_SUFFIX = re.compile(
    r"^(?P<head>.{12,}?)(?:\s+(?:[|–—-]|::)\s+|\s*[｜]\s*)(?P<site>[^|｜–—]{1,40})$"
)  # "Headline | Site", and the full-width bar of CJK pages ("見出し｜サイト")


_T = TypeVar("_T")
CACHE_LINE_MAX = 200  # line caches keep only lines this short: menus, share bars and footers


def _line_cache(maxsize: int) -> Callable[[Callable[[str], _T]], Callable[[str], _T]]:
    """``lru_cache`` for short lines only. What repeats across the pages of a site is its
    furniture, and furniture lines are short; caching long lines (a JSON record's body is one
    line) kept up to 65,536 whole article bodies alive per cache and made ingest memory grow
    with the corpus. ``cache_clear`` and ``__wrapped__`` work as on ``lru_cache``."""

    def wrap(func: Callable[[str], _T]) -> Callable[[str], _T]:
        cached = lru_cache(maxsize=maxsize)(func)

        @wraps(func)
        def call(line: str) -> _T:
            return cached(line) if len(line) <= CACHE_LINE_MAX else func(line)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call

    return wrap


WINDOW_CHARS = 3000  # line features are read from this prefix: every threshold is far below it


@_line_cache(65536)
def _words(line: str) -> int:
    """Word count (CJK characters count half a word each), read from the line's prefix."""
    line = line[:WINDOW_CHARS]
    n = len(_WORD.findall(line))
    cjk = len(_CJK.findall(line))
    if cjk > 10:
        n = max(n, cjk // 2)
    return n


def _headline_like(line: str) -> bool:
    """A line that could be a headline: 4-30 words, no closing punctuation of prose, starts like
    a sentence. Three-word lines are mastheads and section names ("The Evening Post") far more
    often than headlines, and "Home | World | Europe" is a breadcrumb."""
    n = _words(line)
    if not HEADLINE_MIN_WORDS <= n <= 30 or len(line) > 250:
        return False
    if line[-1] in ".,;:" and not line.endswith("..."):
        return False
    if "|" in line and max(_words(part) for part in line.split("|")) < HEADLINE_MIN_WORDS:
        return False
    first = line[0]
    if CASELESS_HEADLINES and first.isalpha() and not first.islower() and not first.isupper():
        return True  # scripts without case (Korean, Japanese, Arabic, Thai, ...) start any line
    return first.isupper() or first.isdigit() or first in "\"“‘'"


def _paragraph_like(line: str) -> bool:
    n = _words(line)
    return (n >= 12 and _ends_sentence(line)) or n >= 30


def _strip_site(title: str) -> str:
    m = _TITLE_SUFFIX.match(title)
    if m and len(m.group("site").split()) <= 4 and _words(m.group("head")) >= 3:
        return m.group("head").strip()
    return title


@_line_cache(65536)
def _norm(s: str) -> str:
    if len(s) > WINDOW_CHARS:
        return s  # long lines: exact text is key enough (and normalising them costs)
    return " ".join(_WORD.findall(s.casefold()))


# ---------------------------------------------------------------------------------------------
# Main-block selection

SHORT_PENALTY = 6.0  # score of a short, menu-like line (tuned on the dev half)
NOEND_MIN_WORDS = 25  # a line this long counts as text even without a sentence end ...
NOEND_WEIGHT = 0.7  # ... at this weight per word (teaser lists end without punctuation)
FURNITURE_PENALTY = 15.0  # score of a line the furniture rules removed
BOUNDARY_PENALTY = 20.0  # share/related/copyright/cookie lines: they close or open an article
_BOUNDARY_REASONS = frozenset({"share", "related", "copyright", "cookie"})


DUMP_CAPS = 0.7  # a long line without a sentence end whose words are this often capitalised ...
DUMP_DIGITS = 0.4  # ... or numbers is a menu, tag cloud or archive list squashed into one line


def _menu_dump(head: str) -> bool:
    """A long unpunctuated line of names ("Categories Books Cats Travel ...", "Archives October
    2019 September 2019 ..."): prose, even without a final stop, is mostly lower-case words.
    Scripts without case are never caught by the first test."""
    tokens = _WORD.findall(head)
    if not tokens:
        return False
    caps = sum(1 for t in tokens if t[0].isupper())
    digits = sum(1 for t in tokens if t[0].isdigit())
    return caps > DUMP_CAPS * len(tokens) or digits > DUMP_DIGITS * len(tokens)


COOKIE_WORDS = 6  # a line this long about cookies and the site is a consent banner ...
COOKIE_MAX_WORDS = 80  # ... up to this long: a longer one is a paragraph (shop-bought cookies)
# "cookie" is the same word in most languages; these stems say the cookies are the site's
_CONSENT_HINTS = (
    "site", "web", "navig", "brows", "consent", "accept", "acept", "aceit", "akzept", "zustimm",
    "einwillig", "datenschutz", "privac", "confidential", "riservatezza", "experien", "esperienz",
    "utiliz", "utilis", "verwend", "nutz", "tracking", "partner",
)  # fmt: skip


def _cookie_notice(line: str) -> bool:
    """A cookie banner in any of the languages that borrowed the word ("Utilizziamo i cookie
    per ... sul nostro sito", "Wir verwenden Cookies ... Website"); a recipe's cookies come
    without the site."""
    low = line[:WINDOW_CHARS].lower()
    return "cookie" in low and _has_any(low, _CONSENT_HINTS)


def _line_score(line: str, reason: str | None) -> float:
    if reason is not None:
        return -(BOUNDARY_PENALTY if reason in _BOUNDARY_REASONS else FURNITURE_PENALTY)
    n = _words(line)
    if n >= 40 and _privacy_notice(line):
        return -BOUNDARY_PENALTY  # a long consent / privacy notice
    if COOKIE_WORDS and COOKIE_WORDS <= n <= COOKIE_MAX_WORDS and _cookie_notice(line):
        return -BOUNDARY_PENALTY
    head = line[:WINDOW_CHARS]
    if len(_CODE_CHARS.findall(head)) > max(3, len(head) // 25):
        return -SHORT_PENALTY  # markup or script that leaked into the text
    if (
        SEP_MIN < 100
        and len(seps := _LINK_SEP.findall(head)) >= SEP_MIN
        and n < SEP_WORDS * (len(seps) + 1)
    ):
        return -SHORT_PENALTY  # "Home | Solutions | Products | Contact": links in a row
    if URL_SHARE < 1.0 and ("http" in head or "www." in head):
        url_chars = sum(len(m) for m in _URL.findall(head))
        if url_chars > URL_SHARE * len(head):
            return -SHORT_PENALTY  # a dump of links or file names, whatever its word count
    end = _ends_sentence(line)
    if n >= 10 and end:
        return float(n)
    if n >= NOEND_MIN_WORDS:
        if _menu_dump(head):
            return -SHORT_PENALTY
        return NOEND_WEIGHT * n
    if end and n >= 5:
        return 1.0
    return -SHORT_PENALTY


def _cap_gaps(scores: list[float]) -> None:
    """Scale every stretch of non-positive lines so that it costs at most GAP_CAP in total.

    A photo gallery or an ad block inside an article is long but says nothing about where the
    article ends; without a cap it would cut the article in two.
    """
    k = 0
    n = len(scores)
    while k < n:
        if scores[k] > 0:
            k += 1
            continue
        j = k
        total = 0.0
        while j < n and scores[j] <= 0:
            total += scores[j]
            j += 1
        if total < -GAP_CAP:
            factor = GAP_CAP / -total
            for m in range(k, j):
                scores[m] *= factor
        k = j


def _best_run(scores: list[float]) -> tuple[int, int, float]:
    """Kadane: the contiguous run with the highest total score, as (start, end_exclusive, total)."""
    best, best_i, best_j = float("-inf"), 0, 0
    cur, cur_i = 0.0, 0
    for j, s in enumerate(scores):
        if cur <= 0:
            cur, cur_i = s, j
        else:
            cur += s
        if cur > best:
            best, best_i, best_j = cur, cur_i, j + 1
    return best_i, best_j, best


TAIL_MIN_SCORE = 80.0  # a block before a comment section wins if it scores this much ...
TAIL_MIN_SHARE = 0.1  # ... and this share of the best block's score
ANCHOR_WINDOW = 12  # a run starting this many lines after the headline is the article's ...
ANCHOR_BOOST = 2.0  # ... and its score counts this many times
ANCHOR_OVERLAP = 0.6  # word overlap (Jaccard) that makes a line a variant of the headline
FIRST_SHARE = 0.4  # an earlier run with this share of the best run's score wins
GAP_CAP = 80.0  # most a stretch of non-text lines can cost (see _cap_gaps)
INNER_STRETCH = 6  # this many non-text lines in a row inside the block are dropped
LABEL_MIN_LINKS = 2  # short lines under a "More:"/"Related" label inside the block: a box
_LABEL_REASONS = frozenset({"related", "furniture"})
EXTEND_SKIP = 2  # furniture lines the block may be extended across ...
EXTEND_MIN_SCORE = 20.0  # ... to reach a paragraph this strong
MERGE_GAP = 12  # lines an inline "Related" box may take between two parts of one article
MERGE_SHARE = 0.15  # the part across the box must score this share of the best part


ANCHORED_RUNS = True  # also weigh the best run right under the headline in the same region ...
FIRST_UNDER = True  # only the first run under the headline gets ANCHOR_BOOST
ANCHORED_MIN_LINES = 2  # ... when it has this many text lines ...
ANCHORED_LINE = 10.0  # ... of at least this score (ten words of prose)


def _anchored_run(
    scores: list[float], lo: int, hi: int, best_i: int, best_j: int, anchor: int | None
) -> tuple[int, int, float] | None:
    """The best run that starts right under the headline, when the best run of its region
    [lo, hi) is elsewhere: a short article and a longer sidebar with no boundary between them
    are one region, and Kadane alone would only see the sidebar."""
    if not ANCHORED_RUNS or anchor is None or not lo <= anchor < hi:
        return None
    a = anchor + 1
    if best_i <= a or all(s <= 0 for s in scores[a:best_i]):
        return None  # the best run is the headline's already
    b = best_i if best_i > anchor else hi
    if b - a < 1 or (best_i <= anchor < best_j):
        return None
    i, j, total = _best_run(scores[a:b])
    if total <= 0 or i > ANCHOR_WINDOW:
        return None
    if sum(1 for k in range(a + i, a + j) if scores[k] >= ANCHORED_LINE) < ANCHORED_MIN_LINES:
        return None  # one line under the headline is a teaser or a dek, not the article
    return a + i, a + j, total


COPYRIGHT_HARD = True  # a "©" line is a hard boundary ...
_FOOTER_MARK = re.compile(r"(?:19|20)\d\d|copyright|rights|reserv|vorbehalten|\|", re.I)
CREDIT_MAX_WORDS = 5  # ... unless it is a photo credit: a short "© owner" line with no year


def _footer_copyright(line: str) -> bool:
    """ "© 2024 Site. All rights reserved." closes a page; "© Jane Doe/Agency" under a photo sits
    inside the article. A footer names a year, rights or the word copyright, or is a sentence
    about the company; a photo credit is a few words naming its owner, or stands in brackets."""
    head = line[:80]
    if "©" not in head:
        return False
    if _FOOTER_MARK.search(line):
        return True
    return _words(line) > CREDIT_MAX_WORDS and not line.lstrip().startswith("(")


CREDIT_TEXT_AFTER = 2  # a photo credit has its caption and the article's text right under it


def _copyright_boundaries(
    lines: list[tuple[str, str | None, bool]],
) -> list[tuple[str, str | None, bool]]:
    """Mark "©" footer lines as hard boundaries: the block never spans the page's footer. A
    short "© owner" line is a footer too (a blog's "© Jane"), unless a paragraph follows within
    CREDIT_TEXT_AFTER lines: then it is a photo's credit inside the article."""
    out = []
    for k, (t, r, h) in enumerate(lines):
        if r == "copyright" and not h and "©" in t[:80]:
            after = lines[k + 1 : k + 1 + CREDIT_TEXT_AFTER]
            credit = not _footer_copyright(t) and any(
                r2 is None and _paragraph_like(t2) for t2, r2, _h2 in after
            )
            h = not credit
        out.append((t, r, h))
    return out


WIDGET_MIN_LINES = 3  # a run of this many lines repeated verbatim elsewhere on the page ...
WIDGET_MAX_LINES = 60  # ... and at most this many (it also bounds the work on hostile input) ...
WIDGET_SCAN = 8  # ... (earlier occurrences of a line compared with) ...
WIDGET_MAX_PROSE = 0.5  # ... with at most this share of paragraphs is a widget, not the article


def _repeated_widgets(lines: list[tuple[str, str | None, bool]]) -> list[bool]:
    """Lines of a box the page prints more than once ("Most Popular" after every third
    paragraph, a sharing bar above and below the text). An article never repeats a run of
    lines, so every copy of such a run is cut out before the block is chosen: left in, each
    copy is a gap the article's parts cannot bridge. A run that is mostly paragraphs is left
    alone (a page that prints its article twice)."""
    keys = [_norm(t) for t, _r, _h in lines]
    seen: dict[str, list[int]] = {}
    widget = [False] * len(lines)
    for i, key in enumerate(keys):
        if not key:
            continue
        for p in seen.get(key, ())[-WIDGET_SCAN:]:
            n = 0
            while (
                n <= WIDGET_MAX_LINES
                and i + n < len(keys)
                and p + n < i
                and keys[p + n] == keys[i + n]
                and keys[i + n]
            ):
                n += 1
            if not WIDGET_MIN_LINES <= n <= WIDGET_MAX_LINES:
                continue  # too short to be a box, or so long it is the page printed twice
            prose = sum(1 for m in range(i, i + n) if _paragraph_like(lines[m][0]))
            if prose <= WIDGET_MAX_PROSE * n:
                for m in range(n):
                    widget[p + m] = widget[i + m] = True
        seen.setdefault(key, []).append(i)
    # only copies standing between two paragraphs are cut out: elsewhere (a sharing bar under
    # the byline, "Follow us" under the author's name) the box is a boundary the block keeps
    k = 0
    while k < len(lines):
        if not widget[k]:
            k += 1
            continue
        j = k
        while j < len(lines) and widget[j]:
            j += 1
        inline = (
            k > 0
            and j < len(lines)
            and all(_paragraph_like(lines[m][0]) and lines[m][1] is None for m in (k - 1, j))
        )
        if not inline:
            for m in range(k, j):
                widget[m] = False
        k = j
    return widget


STAMP_MIN = 3  # date or time lines, each followed by text, that make a list of stamped items
STAMP_GAP = 8  # most lines between two stamps of one list
_DIGIT = re.compile(r"\d")


STAMP_WORDS = 6  # a date line in any language: this many words at most, this share of ...
STAMP_NUMERIC = 0.4  # ... them numbers, a year and one more number among them
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _stamp_like(line: str) -> bool:
    """ "23 ноября 2026, 18:20", "2026年11月23日", "23 de novembro de 2026": a date written in a
    language the lexicon may not know. A lone year ("1990" over a paragraph of a timeline) is
    not a stamp, nor is a clock time alone ("21:22" over each entry of a live blog)."""
    if len(line) > 60 or _ends_sentence(line) or not _YEAR.search(line):
        return False
    words = _WORD.findall(line)
    if not words or len(words) > STAMP_WORDS:
        return False
    numbers = re.findall(r"\d+", line)
    if all(_YEAR.fullmatch(n) for n in numbers):  # not empty: a year was found
        return False  # "1990 - 2000": a period, a timeline's heading
    return len(numbers) >= 2 and len(numbers) / len(words) >= STAMP_NUMERIC


def _mark_stamped_lists(
    lines: list[tuple[str, str | None, bool]],
) -> list[tuple[str, str | None, bool]]:
    """Comments and teaser lists stamp every item with a date or a time; an article has one
    date, at its top. The first stamp of a run of STAMP_MIN stamped items, each holding some
    text, becomes a comment-section boundary: a language-blind stand-in for the "Comments"
    header the furniture rules may not know."""
    if STAMP_MIN <= 0:
        return lines
    stamps = [
        k
        for k, (t, r, h) in enumerate(lines)
        if not h
        and (
            (r == "furniture" and _DIGIT.search(t) and _words(t) <= 10)
            or (r is None and _stamp_like(t))
        )
    ]
    out = lines
    first_text = next(
        (k for k, (t, r, _h) in enumerate(lines) if r is None and _paragraph_like(t)), len(lines)
    )
    k = 0
    while k < len(stamps):
        j = k
        while (
            j + 1 < len(stamps)
            and stamps[j + 1] - stamps[j] <= STAMP_GAP
            and any(
                _paragraph_like(lines[m][0]) and _ends_sentence(lines[m][0])
                for m in range(stamps[j] + 1, stamps[j + 1])
            )
        ):
            j += 1
        if j - k + 1 >= STAMP_MIN:
            first = stamps[k]
            if first_text < first:
                if out is lines:
                    out = list(lines)
                out[first] = (lines[first][0], "furniture", True)
        k = j + 1
    return out


TEASER_MIN = 5  # items in a row of headline + one short blurb that make a teaser list
TEASER_BLURB = 35  # most words of a teaser's blurb
# short lines a teaser item has before its blurb (a headline and a label or source line): a
# listicle's items have one heading each and stay text
TEASER_SHORT_LINES = 2


def _damp_teasers(lines: list[tuple[str, str | None, bool]], scores: list[float]) -> None:
    """Teaser lists (label, headline, source, one-sentence blurb, again and again) read as short
    prose; a section of an article has paragraphs, and a listicle's item one heading, not a
    stack of short lines over one short line. The blurbs of TEASER_MIN or more such items in a
    row stop counting as text."""
    if TEASER_MIN <= 0:
        return
    items: list[int] = []  # blurb lines of the current run of teaser items

    def flush() -> None:
        if len(items) >= TEASER_MIN:
            for k in items:
                scores[k] = -SHORT_PENALTY
        items.clear()

    k = 0
    n = len(lines)
    while k < n:
        if scores[k] > 0 or lines[k][2]:
            flush()
            k += 1
            continue
        # a stretch of non-text lines holding a headline, then one blurb, then non-text again
        j = k
        head = False
        while j < n and scores[j] <= 0 and not lines[j][2]:
            head = head or (lines[j][1] is None and _headline_like(lines[j][0]))
            j += 1
        blurb = j < n and scores[j] > 0 and _words(lines[j][0]) <= TEASER_BLURB
        closed = j + 1 >= n or scores[j + 1] <= 0
        if head and j - k >= TEASER_SHORT_LINES and blurb and closed:
            items.append(j)
            k = j + 1
        else:
            flush()
            k = j + 1 if j < n and scores[j] > 0 else j
    flush()


def _select_main(
    lines: list[tuple[str, str | None, bool]], anchor: int | None = None
) -> list[bool]:
    """Which lines belong to the article's main block: repeated widgets are cut out first (see
    ``_repeated_widgets``), then the block is chosen among the lines left."""
    widget = _repeated_widgets(lines) if WIDGET_MIN_LINES else [False] * len(lines)
    if not any(widget):
        return _select_block(lines, anchor)
    index = [k for k in range(len(lines)) if not widget[k]]
    if anchor is not None:  # the anchor's place among the lines left
        anchor = sum(1 for k in index if k <= anchor) - 1
    kept = _select_block([lines[k] for k in index], anchor)
    keep = [False] * len(lines)
    for k, ok in zip(index, kept, strict=True):
        keep[k] = ok
    return keep


def _select_block(
    lines: list[tuple[str, str | None, bool]], anchor: int | None = None
) -> list[bool]:
    """Which lines belong to the article's main block.

    ``lines`` are (text, furniture reason or None, hard boundary). Hard boundaries cut the page
    into regions; the best run of each region is found with Kadane. Comment-section headers
    (hard ``furniture`` lines) also mark "what follows is readers' text": a region after one only
    wins when nothing before it looks like an article, because comments are made of sentences too.
    """
    if not lines:
        return []
    lines = _mark_stamped_lists(lines)
    if COPYRIGHT_HARD:
        lines = _copyright_boundaries(lines)
    scores = [0.0 if h else _line_score(t, r) for t, r, h in lines]
    any_hard = any(h for _t, _r, h in lines)
    # text that occurs twice on a page (menus, "quotes delayed" notices, teasers) is page furniture
    keys = [_norm(t) if r is None else "" for t, r, _h in lines]
    counts = Counter(k for k in keys if k)
    for k, (_t, r, h) in enumerate(lines):
        if r is None and not h and scores[k] > 0 and counts[keys[k]] > 1:
            scores[k] = -SHORT_PENALTY
    if not any_hard and all(
        s > 0 for s, (_t, r, _h) in zip(scores, lines, strict=True) if r is None
    ):
        return [True] * len(lines)
    _damp_teasers(lines, scores)
    raw_scores = list(scores)
    _cap_gaps(scores)
    # one run per region: [start, end, score, after a comment header, only "related" boundaries
    # separate it from the previous run]
    runs: list[tuple[int, int, float, bool, bool]] = []
    after_tail = False
    soft_gap = True
    start = 0
    for k in range(len(lines) + 1):
        if k == len(lines) or lines[k][2]:
            if k > start:
                i, j, total = _best_run(scores[start:k])
                if total > 0:
                    extra = _anchored_run(scores, start, k, start + i, start + j, anchor)
                    if extra is not None and extra[0] < start + i:
                        runs.append((*extra, after_tail, soft_gap))
                    runs.append((start + i, start + j, total, after_tail, soft_gap))
                    if extra is not None and extra[0] >= start + j:
                        runs.append((*extra, after_tail, soft_gap))
                    soft_gap = True
            if k < len(lines):
                if lines[k][1] == "furniture":
                    after_tail = True
                if lines[k][1] != "related":
                    soft_gap = False
            start = k + 1
    if not runs:
        # nothing article-like at all: keep everything rather than return an empty body
        return [True] * len(lines)

    # the headline's last occurrence (the page's h1) is followed by the article: the first run
    # after it, when that run starts close enough
    under = next((n for n in range(len(runs)) if anchor is not None and runs[n][0] > anchor), None)
    if under is not None and (anchor is None or runs[under][0] - anchor > ANCHOR_WINDOW):
        under = None

    def weight(n: int) -> float:
        near = (
            n == under
            if FIRST_UNDER
            else (anchor is not None and 0 <= runs[n][0] - anchor <= ANCHOR_WINDOW)
        )
        return runs[n][2] * (ANCHOR_BOOST if near else 1.0)

    b = max(range(len(runs)), key=weight)
    # pages put the article before sidebars, teaser lists and footers: an earlier run that is
    # nearly as strong as the best one is the article
    for n in range(b):
        if runs[n][3] == runs[b][3] and weight(n) >= FIRST_SHARE * weight(b):
            b = n
            break
    if runs[b][3]:
        before = [n for n in range(len(runs)) if not runs[n][3]]
        if before:
            cand = max(before, key=weight)
            if weight(cand) >= max(TAIL_MIN_SCORE, TAIL_MIN_SHARE * weight(b)):
                b = cand

    # an inline "Related" box inside the article: join the run on its other side when it is
    # close and substantial. A box is a header plus a few link lines; a header followed directly
    # by text opens a section of teasers instead.
    def box_between(end: int, start: int) -> bool:
        gap = range(end, start)
        return (
            0 < len(gap) <= MERGE_GAP
            and any(lines[k][2] for k in gap)
            and any(not lines[k][2] and scores[k] <= 0 for k in gap)
        )

    chosen = [b]
    n = b
    while n + 1 < len(runs) and runs[n + 1][4] and runs[n + 1][3] == runs[n][3]:
        nxt = runs[n + 1]
        if not box_between(runs[n][1], nxt[0]) or nxt[2] < MERGE_SHARE * runs[b][2]:
            break
        chosen.append(n + 1)
        n += 1
    n = b
    while n - 1 >= 0 and runs[n][4] and runs[n - 1][3] == runs[n][3]:
        prv = runs[n - 1]
        if not box_between(prv[1], runs[n][0]) or prv[2] < MERGE_SHARE * runs[b][2]:
            break
        chosen.append(n - 1)
        n -= 1
    keep = [False] * len(lines)
    for n in chosen:
        for k in range(runs[n][0], runs[n][1]):
            keep[k] = True
    # text between joined parts (the box's own region may hold a paragraph of the article)
    lo, hi = min(runs[n][0] for n in chosen), max(runs[n][1] for n in chosen)
    for k in range(lo, hi):
        if not keep[k] and lines[k][1] is None and not lines[k][2] and raw_scores[k] > 0:
            keep[k] = True
    # prose right after the block, past a line or two of furniture ("Advertisement", a sign-up
    # prompt), is the article going on: short articles cannot outweigh those penalties otherwise
    end = max(k for k in range(len(lines)) if keep[k]) + 1
    while True:
        skipped = 0
        k = end
        while (
            k < len(lines) and skipped < EXTEND_SKIP and lines[k][1] is not None and not lines[k][2]
        ):
            k += 1
            skipped += 1
        if (
            0 < skipped
            and k < len(lines)
            and lines[k][1] is None
            and raw_scores[k] >= EXTEND_MIN_SCORE
        ):
            for m in range(end, k + 1):
                keep[m] = True
            end = k + 1
            while end < len(lines) and lines[end][1] is None and raw_scores[end] > 0:
                keep[end] = True
                end += 1
        else:
            break
    # inside the block, a long stretch of non-text lines is a widget (gallery, link list), not
    # a list the article makes
    k = 0
    while k < len(lines):
        if keep[k] and raw_scores[k] <= 0:
            j = k
            while j < len(lines) and keep[j] and raw_scores[j] <= 0:
                j += 1
            if j - k >= INNER_STRETCH and not (TABLE_KEPT and _table_rows(lines[k:j])):
                for m in range(k, j):
                    keep[m] = False
            elif (
                lines[k][1] in _LABEL_REASONS
                and sum(1 for m in range(k, j) if lines[m][1] is None) >= LABEL_MIN_LINKS
            ):
                # "More:" / "Related" and the short link lines under it: an inline box
                for m in range(k, j):
                    keep[m] = False
            k = j
        else:
            k += 1
    _cut_at_link_list(lines, keep, raw_scores)
    _cut_author_box(lines, keep, raw_scores, anchor)
    _drop_standfirst(lines, keep, raw_scores)
    _extend_numbered_list(lines, keep)
    if LEDE_RESCUE:
        _rescue_repeated_lede(lines, keep, keys, counts, anchor)
    return keep


TABLE_KEPT = True  # a stretch of table rows inside the block is the article's table ...
TABLE_SHARE = 0.7  # ... when this share of its lines are short and end in a number


_ROW_END = re.compile(r"\d[\d.,]*\s*%?$")


def _table_rows(stretch: list[tuple[str, str | None, bool]]) -> bool:
    """Rows of a table the article prints ("Jane Doe 63 16.6%", "Team A 3 1 0 7"): short lines
    that end in a number, most of the stretch. A gallery, a link list or a menu does not."""
    rows = sum(
        1
        for text, reason, hard in stretch
        if not hard and _words(text) <= 12 and _ROW_END.search(text)
    )
    return rows >= TABLE_SHARE * len(stretch)


LEDE_RESCUE = True  # a repeated paragraph right above the block is the article's first ...
LEDE_MIN_WORDS = 20  # ... when it is this long (a repeated one-line standfirst is not)


def _rescue_repeated_lede(
    lines: list[tuple[str, str | None, bool]],
    keep: list[bool],
    keys: list[str],
    counts: Counter[str],
    anchor: int | None,
) -> None:
    """Pages print the first paragraph again as the summary of their share box or in the page's
    description, so the duplicate-line penalty takes the article's lede away. A repeated
    paragraph right above the block (past at most EXTEND_SKIP lines of furniture) and at most
    ANCHOR_WINDOW lines under a copy of the headline is given back. Without a headline nothing
    says it is a lede and not a photo's caption printed twice. ``keys`` and ``counts`` are the
    normalised lines and their counts the duplicate-line penalty was read from."""
    if anchor is None or not any(keep):
        return
    start = keep.index(True)
    k = start - 1
    skipped = 0
    while k >= 0 and skipped < EXTEND_SKIP and lines[k][1] is not None and not lines[k][2]:
        k -= 1
        skipped += 1
    if k < 0:
        return
    headline = _norm(lines[anchor][0])
    if not any(_norm(lines[m][0]) == headline for m in range(max(0, k - ANCHOR_WINDOW), k)):
        return  # the headline (any of its copies) is not right above it
    text, reason, hard = lines[k]
    if (
        reason is None
        and not hard
        and keys[k]
        and counts[keys[k]] > 1
        and _words(text) >= LEDE_MIN_WORDS
        and _ends_sentence(text)
        and _line_score(text, None) > 0
    ):
        keep[k] = True


LINKLIST_AFTER = 0.25  # ... when the text after it is less than this share of the text before
LINKLIST_AFTER_MAX = 250.0  # ... and less than this much (more is the article going on)
LINKLIST_MIN = 5  # headline-like lines in a row that end the article (a "more stories" list)


def _cut_at_link_list(
    lines: list[tuple[str, str | None, bool]], keep: list[bool], scores: list[float]
) -> None:
    """Cut the block at a list of links it runs into: LINKLIST_MIN or more headline-like lines
    in a row, none of them prose, with less text after them than before. Articles make lists
    too, but of short items or sentences; a row of headlines is the page's "more stories"."""
    if LINKLIST_MIN <= 0:
        return
    kept = [k for k in range(len(lines)) if keep[k]]
    if not kept:
        return
    lo, hi = kept[0], kept[-1] + 1
    total = sum(scores[k] for k in kept if scores[k] > 0)
    before = 0.0
    k = lo
    while k < hi:
        if scores[k] > 0:
            before += scores[k] if keep[k] else 0.0
            k += 1
            continue
        j = k
        heads = 0
        while j < hi and scores[j] <= 0:
            text, reason, hard = lines[j]
            if reason is None and not hard and _headline_like(text):
                heads += 1
            elif reason is None and not hard:
                heads = 0 if heads < LINKLIST_MIN else heads
            j += 1
        after = total - before
        if heads >= LINKLIST_MIN and after < LINKLIST_AFTER * before and after < LINKLIST_AFTER_MAX:
            for m in range(k, hi):
                keep[m] = False
            return
        k = j


DEK_MAX_WORDS = 40  # a summary above the byline is at most this long ...
DEK_MIN_REST = 3  # ... and the article under it has at least this many text lines
_DEK_REASONS = frozenset({"byline", "furniture"})


def _drop_standfirst(
    lines: list[tuple[str, str | None, bool]], keep: list[bool], scores: list[float]
) -> None:
    """Drop a standfirst: the block's first text line when a byline or date line stands between
    it and the rest of the text (headline, summary, "By ... | date", article), in any language."""
    if DEK_MAX_WORDS <= 0:
        return
    text = [k for k in range(len(lines)) if keep[k] and lines[k][1] is None and scores[k] > 0]
    if len(text) < DEK_MIN_REST + 1 or _words(lines[text[0]][0]) >= DEK_MAX_WORDS:
        return
    first, second = text[0], text[1]
    if any(lines[k][1] in _DEK_REASONS for k in range(first + 1, second)):
        for k in range(first, second):
            keep[k] = False


_NAME_PAIR = re.compile(r"(?=\b([A-ZÀ-ÖØ-Þ][\w'’-]+\s+[A-ZÀ-ÖØ-Þ][\w'’-]+)\b)")
BIO_LOOKBACK = 40  # lines before the block searched for the byline
BIO_MAX_LINES = 2  # an author box is its name line and at most this many lines of bio


def _cut_author_box(
    lines: list[tuple[str, str | None, bool]],
    keep: list[bool],
    scores: list[float],
    anchor: int | None = None,
) -> None:
    """Cut an author box that closes the block, in any language ("Sobre Ana Souza", "Über
    Ana Souza", "Ana Souza" + a bio paragraph): a short line naming the person of the byline
    above the article, followed by no more than a short bio."""
    if BIO_MAX_LINES <= 0:
        return
    kept = [k for k in range(len(lines)) if keep[k]]
    if len(kept) < 4:
        return
    lo, hi = kept[0], kept[-1] + 1
    names: set[str] = set()
    for k in range(max(0, lo - BIO_LOOKBACK), lo):
        text = lines[k][0]
        if _words(text) <= 12:
            names.update(m.group(1) for m in _NAME_PAIR.finditer(text))
    # the people the headline is about are not the author
    for k in {k for k in (anchor,) if k is not None} | {
        k for k in range(len(lines)) if lines[k][1] == "title"
    }:
        names.difference_update(m.group(1) for m in _NAME_PAIR.finditer(lines[k][0]))
    if not names:
        return
    tail = [k for k in kept if k >= lo][-(BIO_MAX_LINES + 1) :]
    for k in tail:
        text, reason, hard = lines[k]
        if reason is None and not hard and scores[k] <= 0 and _words(text) <= 6:
            if any(m.group(1) in names for m in _NAME_PAIR.finditer(text)):
                if sum(1 for m in kept if m > k) <= BIO_MAX_LINES:
                    for m in range(k, hi):
                        keep[m] = False
                return


# "3) ...", "12. ...", "7 Jane Doe 5040 5 1": a numbered list item or table row
_ITEM = re.compile(r"(\d{1,3})(?:\s*[.)])?\s+\S")
LIST_START_MIN = 3  # items a list starting right under the block needs (1, 2, 3)
LIST_GAP = 3  # lines an item of a numbered list may span (its text, a link, a price)


def _extend_numbered_list(lines: list[tuple[str, str | None, bool]], keep: list[bool]) -> None:
    """Carry the block on through a numbered list it ends in ("7) ...", "8) ...", "9) ...") or
    that starts right under it ("1 ...", "2 ...", "3 ...": a table of standings, a top ten).

    List items are short lines, so a long list scores as a run of non-text lines and the block
    stops before it or a few items in; numbering that goes on in sequence right after the
    block, in any language, says the list is still the article's.
    """
    if LIST_GAP <= 0:
        return
    kept = [k for k in range(len(lines)) if keep[k]]
    if not kept:
        return
    items = [
        (k, int(m.group(1)))
        for k in kept[-4 * (LIST_GAP + 1) :]
        if lines[k][1] is None and (m := _ITEM.match(lines[k][0]))
    ]
    fresh = False  # a list that starts after the block must show a few items to count
    if len(items) >= 2 and items[-1][1] == items[-2][1] + 1:
        (k1, _n1), (last, num) = items[-2], items[-1]
        period = last - k1
        if not 0 < period <= LIST_GAP or kept[-1] - last >= period:
            return
    elif LIST_START_MIN > 0:
        first = _next_item(lines, kept[-1], 1)
        if first is None:
            return
        last, num, period, fresh = first, 1, 1, True
    else:
        return
    found = [last]
    while (nxt := _next_item(lines, last, num + 1)) is not None:
        found.append(nxt)
        last, num = nxt, num + 1
    if fresh:
        if len(found) < LIST_START_MIN:
            return
        period = max(1, min(LIST_GAP, (found[-1] - found[0]) // (len(found) - 1)))
        first_k = kept[-1] + 1
    else:
        first_k = found[0] + 1
    for k in range(first_k, last + 1):
        keep[k] = True
    # the last item's own lines (as many as the items before it had)
    for k in range(last + 1, min(len(lines), last + period)):
        if lines[k][1] is not None or lines[k][2] or _ITEM.match(lines[k][0]):
            break
        keep[k] = True


def _next_item(lines: list[tuple[str, str | None, bool]], after: int, number: int) -> int | None:
    """The line of list item ``number`` within LIST_GAP lines after ``after``, with no furniture
    or boundary line (or other numbered line) in between."""
    for k in range(after + 1, min(len(lines), after + LIST_GAP + 1)):
        text, reason, hard = lines[k]
        if reason is not None or hard:
            return None
        m = _ITEM.match(text)
        if m:
            return k if int(m.group(1)) == number else None
    return None


# ---------------------------------------------------------------------------------------------
# Entry points


@dataclass(slots=True)
class _Piece:
    text: str
    kind: str  # body | caption | removed | title
    reason: str | None = None
    hard: bool = False  # a hard boundary for the main block
    anchor: bool = False  # the headline (or its repeat): the article starts after it
    credit: str | None = None  # a credit line that belongs to this caption
    credit_only: bool = False  # a bare credit line (already merged into the caption above)
    src: str = ""  # the input text the piece came from, when it differs from ``text``


def _source_of(text: str, src: str) -> str:
    """The stretch of ``src`` that reads as ``text`` (whitespace may differ after unwrapping)."""
    if not src or text in src:
        return text
    m = re.search(r"\s+".join(re.escape(w) for w in text.split()), src)
    return m.group(0) if m else text


WRAP_MIN_WIDTH = 30  # hard-wrapped text has its lines cut at a width in this range ...
WRAP_MAX_WIDTH = 100
WRAP_SHARE = 0.6  # ... most of its long lines are at most that wide ...
WRAP_TIGHT = 0.6  # ... and most of those end within WRAP_BAND characters of the width
WRAP_BAND = 15
WRAP_LOWER = 0.4  # share of cut lines followed by a line that starts in lower case
WRAP_SLACK = 30  # a line this much shorter than the width (at most width/3) ends a paragraph
WRAP_MIN_LINES = 3  # cut lines needed to call a text hard-wrapped


def _wrap_width(lines: list[str]) -> int | None:
    """The width hard-wrapped text was cut at, or None when the text is not hard-wrapped."""
    long = [len(line) for line in lines if len(line) >= WRAP_MIN_WIDTH]
    if len(long) < WRAP_MIN_LINES:
        return None  # a short wire brief is wrapped too: three cut lines are evidence enough
    narrow = sorted(n for n in long if n <= WRAP_MAX_WIDTH)
    if len(narrow) < WRAP_SHARE * len(long):
        return None
    width = narrow[int(0.95 * (len(narrow) - 1))]
    tight = sum(1 for n in narrow if n >= width - WRAP_BAND)
    if tight < WRAP_TIGHT * len(narrow):
        return None
    # a cut falls between two words of a sentence: the next line mostly goes on in lower case
    # (a gallery or a teaser list of similar-length lines starts every line with a capital)
    cuts = goes_on = 0
    for line, nxt in zip(lines, lines[1:], strict=False):
        if width - WRAP_BAND <= len(line) <= width and nxt:
            cuts += 1
            goes_on += nxt[0].islower()
    if len(long) < 6 and cuts < 2:
        return None
    return width if cuts and goes_on >= WRAP_LOWER * cuts else None


def _logical_lines(raw: str) -> list[tuple[str, str]]:
    """(text, source) per logical line; source is "" when the text is verbatim input, else the
    stretch of input it was joined from. Hard-wrapped text (plain-text exports cut every line at
    ~70 characters) is joined back into paragraphs, else every scored line would be a fragment."""
    raw_lines = raw.splitlines(keepends=True)
    lines = [line.strip() for line in raw_lines]
    width = _wrap_width(lines)
    if width is None:
        return [(line, "") for line in lines if line]
    slack = min(WRAP_SLACK, width // 3)
    out: list[tuple[str, str]] = []
    block: list[str] = []
    start = pos = 0
    for raw_line, line in zip(raw_lines + [""], lines + [""], strict=True):
        if line:
            if not block:
                start = pos
            block.append(line)
        pos += len(raw_line)
        if block and (not line or len(line) < width - slack or len(line) > WRAP_MAX_WIDTH):
            end = pos if line else pos - len(raw_line)
            out.append((" ".join(block), raw[start:end] if len(block) > 1 else ""))
            block = []
    return out


def _cut_comments(lines: list[tuple[str, str | None, bool]]) -> list[bool]:
    """Keep every line up to a comment-section header that comes after most of the text."""
    total = sum(len(t) for t, r, _h in lines if r is None)
    seen = 0
    for k, (t, r, h) in enumerate(lines):
        if h and r == "furniture" and seen >= 0.5 * total:
            return [n < k for n in range(len(lines))]
        if r is None:
            seen += len(t)
    return [True] * len(lines)


SEGMENT_ANCHOR = True  # a short h1 that repeats the first part of the page's <title> anchors
_TITLE_SEP = re.compile(r"\s+(?:[|–—-]|::)\s+|\s*｜\s*")


def _segment_anchor(texts: list[str]) -> list[int]:
    """Where a short headline (too short to look like one: "Standings 2023") repeats the first
    part of the page's first line ("Standings 2023 | Site | Section"), the <title> of a
    visible-text dump."""
    if not texts:
        return []
    parts = _TITLE_SEP.split(texts[0])
    if len(parts) < 2:
        return []
    key = _norm(parts[0])
    if len(key.split()) < 2 or len(key) < 8:
        return []
    return [n for n in range(1, len(texts)) if _norm(texts[n]) == key][-1:]


def _pick_anchor(anchors: list[int]) -> int | None:
    """The headline line the article follows: its first repeat after the page's first line
    (which is the HTML <title> in all-visible-text dumps), else the headline itself."""
    later = [a for a in anchors if a > 0]
    if later:
        return later[0]
    return anchors[0] if anchors else None


GALLERY_WINDOW = 2  # bare credit lines this close together mark a gallery of captions
_MASTHEAD_WORD = re.compile(r"(?:[A-Z][\w'’.&-]*|&|of|the|de|del|la|le|der|die|das)")
MASTHEAD_SCAN = 6  # lines at the top of the page looked at for the outlet's name


def _masthead_name(line: str) -> str | None:
    """An outlet name: 2-5 capitalised words without digits ("THE LAKESIDE GAZETTE" -> "The
    Lakeside Gazette"); for "Harbor Daily | World" the part before the bar."""
    name = line.split("|")[0].strip()
    words = name.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in name):
        return None
    if not all(_MASTHEAD_WORD.fullmatch(w) for w in words) or not words[0][:1].isupper():
        return None
    return name.title() if name.isupper() else name


def _find_masthead(pieces: list[_Piece], title: str | None) -> str | None:
    """The outlet's name: a name-like line above the headline, else the <title>'s site suffix."""
    seen = 0
    for p in pieces:
        if p.kind == "title" or seen >= MASTHEAD_SCAN:
            break
        if p.kind in ("body", "removed") and p.reason in (None, "furniture"):
            seen += 1
            if p.kind == "body" or p.reason is None:
                name = _masthead_name(p.text)
                if name:
                    return name
    if title:
        m = _TITLE_SUFFIX.match(title)
        if m:
            return _masthead_name(m.group("site"))
    return None


HEADLINE_MIN_WORDS = 4
CASELESS_HEADLINES = True  # a line in a script without case can be a headline
TITLE_SCAN = 300  # body lines looked at before the first paragraph when searching a headline
TITLE_NEAR = 8  # a headline this many lines before the first paragraph is the article's
FIRST_LINE_TITLE = True  # the first line wins when it recurs as a later headline


def _find_title(pieces: list[_Piece]) -> str | None:
    """Pick the headline among the lines before the first paragraph, and mark it.

    A page's <title> and its h1 both precede the text: a headline that occurs twice (once maybe
    with a " - Site" suffix) is the title; else a headline that is the very first text line (wire
    copy starts with it); else the headline closest before the first paragraph. Never a paragraph.
    """
    cands: list[int] = []
    body_pos: list[int] = []
    first_para = None
    for k, p in enumerate(pieces):
        if p.kind != "body":
            continue
        if _paragraph_like(p.text):
            first_para = len(body_pos)
            break
        body_pos.append(k)
        if _headline_like(p.text):
            cands.append(len(body_pos) - 1)
        if len(body_pos) >= TITLE_SCAN:
            break
    if not cands:
        return None
    keys = [_norm(_strip_site(pieces[body_pos[c]].text)) for c in cands]
    if FIRST_LINE_TITLE and cands[0] == 0 and keys[0] and keys[0] in keys[1:]:
        # the page's first line (the <title> in a visible-text dump) repeated as the h1 beats a
        # menu item that happens to occur twice
        pieces[body_pos[0]].kind = "title"
        return _strip_site(pieces[body_pos[0]].text)
    seen: dict[str, int] = {}
    for c, key in zip(cands, keys, strict=True):
        if key in seen:
            first = body_pos[seen[key]]
            pieces[first].kind = "title"
            return _strip_site(pieces[first].text)
        seen[key] = c
    if cands[0] == 0:
        chosen = cands[0]
    else:
        near = [c for c in cands if first_para is not None and first_para - c <= TITLE_NEAR]
        if not near:
            return None
        # a topic tag ("Russia-Ukraine crisis") may sit between headline and text: the longest wins
        chosen = max(near, key=lambda c: (_words(pieces[body_pos[c]].text), c))
    pieces[body_pos[chosen]].kind = "title"
    return _strip_site(pieces[body_pos[chosen]].text)


@_line_cache(32768)
def _classify_default(line: str) -> tuple[str, bool] | None:
    """Furniture class of a line under the packaged rules; cached because page furniture repeats
    across the articles of one site (menus, share bars, footers)."""
    return furniture_rules().classify(line)


def clean_text(raw: str, *, title: str | None = None, select_main: bool = True) -> Cleaned:
    """Clean text from a weak extractor. See the module docstring for the approach.

    When ``title`` is None, the first non-furniture line that looks like a headline (before any
    paragraph-like line) becomes the title and is not repeated in the body. ``select_main=False``
    is for text a real extractor already narrowed to the article (``clean_html``): furniture and
    captions are still removed, and a trailing comment section is cut, but no block selection runs.
    """
    pieces: list[_Piece] = []
    label = False  # the previous line was a bare caption label
    last_credit = -(10**9)  # index of the last bare credit line
    for line, src in _logical_lines(raw):
        for part, credit_end in _split_glued(line):
            after_label, label = label, bool(_CAPTION_LABEL.fullmatch(part))
            if _is_credit_line(part) or _is_labelled_credit(part):
                # a credit on its own line closes the caption above it (galleries, figures)
                prev = pieces[-1] if pieces else None
                gallery = len(pieces) - last_credit <= GALLERY_WINDOW
                if (
                    prev is not None
                    and prev.kind == "body"
                    and (not _paragraph_like(prev.text) or gallery)
                ):
                    prev.kind, prev.reason, prev.credit = "caption", "caption", part
                last_credit = len(pieces)
                pieces.append(_Piece(part, "caption", "caption", credit_only=True, src=src))
                continue
            if label:
                pieces.append(_Piece(part, "removed", "caption", src=src))
                continue
            if after_label or _captioned(part, credit_end):
                pieces.append(_Piece(part, "caption", "caption", src=src))
                continue
            hit = _classify_default(part) if len(part) <= FURNITURE_MAX_LEN else None
            if hit is not None:
                pieces.append(_Piece(part, "removed", hit[0], hit[1], src=src))
            else:
                pieces.append(_Piece(part, "body", src=src))

    # title
    found_title = title
    raw_title: str | None = None
    if found_title is None:
        found_title = _find_title(pieces)
        raw_title = next((p.text for p in pieces if p.kind == "title"), None)
    masthead = _find_masthead(pieces, raw_title or title) if found_title is not None else None
    if found_title:
        keys = {_norm(found_title), _norm(_strip_site(found_title))}
        keys.discard("")
        title_words = set(_norm(_strip_site(found_title)).split())
        for p in pieces:
            if p.kind == "body" and _norm(p.text) in keys:
                p.kind, p.reason, p.anchor = "removed", "furniture", True
            elif p.kind == "title":
                p.anchor = True
            elif p.kind == "body" and len(title_words) >= 4 and _headline_like(p.text):
                # the page's h1 often words the headline a little differently from its <title>
                words = set(_norm(p.text).split())
                if len(words & title_words) >= ANCHOR_OVERLAP * len(words | title_words):
                    p.anchor = True

    # main block: every non-caption line takes part in the scoring (furniture lines count as
    # short lines, so a run of menu items or share buttons separates blocks), but only body lines
    # inside the winning run are kept
    seq = [k for k, p in enumerate(pieces) if p.kind in ("body", "removed", "title")]
    lines = [
        (
            pieces[k].text,
            pieces[k].reason or ("title" if pieces[k].kind == "title" else None),
            pieces[k].hard,
        )
        for k in seq
    ]
    if select_main:
        anchors = [n for n, k in enumerate(seq) if pieces[k].anchor]
        if SEGMENT_ANCHOR and not any(a > 0 for a in anchors):
            anchors += _segment_anchor([t for t, _r, _h in lines])
        keep = _select_main(lines, anchor=_pick_anchor(anchors))
    else:
        keep = _cut_comments(lines)
    for k, kept in zip(seq, keep, strict=True):
        if not kept and pieces[k].kind == "body":
            pieces[k].kind, pieces[k].reason = "removed", "furniture"

    removed: list[RemovedSpan] = []
    captions: list[str] = []
    paragraphs: list[str] = []
    byline: str | None = None
    dateline: str | None = None
    agency: str | None = None
    merged_credit = False
    dateline_text: str | None = None
    for p in pieces:
        if p.kind == "caption":
            removed.append(RemovedSpan(_source_of(p.text, p.src), "caption"))
            if p.credit_only and merged_credit:
                merged_credit = False
                continue
            captions.append(f"{p.text} {p.credit}" if p.credit else p.text)
            merged_credit = p.credit is not None
        elif p.kind == "removed":
            removed.append(RemovedSpan(_source_of(p.text, p.src), p.reason or "furniture"))
            if p.reason == "byline" and byline is None:
                byline = p.text
        elif p.kind == "body":
            text = p.text
            if (
                not paragraphs
                and dateline is None
                and removed
                and removed[-1].reason == "furniture"
            ):
                # a dateline on its own line ("HAYWARD, Calif. (AP)") that the block left out
                place, agency_found, span = split_dateline(removed[-1].text + " —  " + text)
                if span and agency_found and len(span.strip()) <= len(removed[-1].text) + 3:
                    dateline, agency, dateline_text = place, agency_found, removed[-1].text
                    removed[-1].reason = "dateline"
            if not paragraphs and dateline is None:
                place, agency_found, span = split_dateline(text)
                if span:
                    dateline, agency, dateline_text = place, agency_found, span.strip()
                    removed.append(RemovedSpan(_source_of(span.strip(), p.src), "dateline"))
                    text = text[len(span) :].strip()
            if text:
                paragraphs.append(text)
    cleaned = Cleaned(
        title=found_title,
        body="\n\n".join(paragraphs),
        captions=captions,
        dateline=dateline,
        removed=removed,
        agency=agency,
        byline=byline,
        dateline_text=dateline_text,
        masthead=masthead,
    )
    return cleaned


def clean_html(html: str, url: str | None = None) -> tuple[Cleaned, dict]:
    """Extract the main text of an HTML page with trafilatura, then run the text pass over it.

    Returns the Cleaned text and a metadata dict with keys title, published (YYYY-MM-DD or None),
    publisher, author, url (what the page declares; inference is ``metadata``'s job).
    """
    import trafilatura

    meta: dict = {"title": None, "published": None, "publisher": None, "author": None, "url": url}
    doc = None
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=False,
            # no guessing from copyright years ("2023" -> 2023-01-01); same accuracy on the
            # trafilatura news pages (18/19) as the default search
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (
        Exception
    ):  # trafilatura raises on some broken pages; an empty result is the honest answer
        doc = None
    text = ""
    if doc is not None:
        get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
        text = get("text") or ""
        meta["title"] = get("title") or None
        date = get("date") or None
        meta["published"] = (
            date[:10] if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", date) else None
        )
        meta["publisher"] = get("sitename") or None
        meta["author"] = get("author") or None
        meta["url"] = get("url") or url
    if len(text.strip()) >= FALLBACK_MIN_CHARS:
        cleaned = clean_text(text, title=meta["title"] or "", select_main=False)
    else:
        # the extractor found (almost) nothing: clean all visible text like a weak extractor's
        cleaned = clean_text(visible_text(html), title=meta["title"])
        if len(cleaned.body) < len(text.strip()) or cleaned.body.count("\n\n") < 1:
            # a lone paragraph of the visible text is more often a bio or a notice than a story
            cleaned = clean_text(text, title=meta["title"] or "", select_main=False)
    if cleaned.title == "":
        cleaned.title = None
    # the <title>'s site suffix ("Headline - The Evening Post") names the outlet
    if cleaned.masthead is None:
        m = _HTML_TITLE.search(html[:200_000])
        if m:
            suffix = _TITLE_SUFFIX.match(" ".join(m.group(1).split()))
            if suffix:
                cleaned.masthead = _masthead_name(_unescape(suffix.group("site")))
    # trafilatura falls back to the host name for the site; a printed name is better
    site = meta["publisher"]
    if cleaned.masthead and (not site or (" " not in site and "." in site)):
        meta["publisher"] = cleaned.masthead
    # extractors drop figure captions; they are evidence (credits, dates), so read them apart
    for cap in html_captions(html):
        if cap not in cleaned.captions and cap not in cleaned.body:
            cleaned.captions.append(cap)
    return cleaned, meta


FALLBACK_MIN_CHARS = 250  # below this much extracted text, clean_html falls back to visible text
_BLOCK_TAGS = frozenset(
    "p div section article header footer nav aside main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table "
    "tr td th blockquote pre figure figcaption form br hr title address details summary".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})


def visible_text(html: str) -> str:
    """All visible text of a page, one line per block element (a weak extractor's output)."""
    try:
        from lxml import html as lxml_html

        root = lxml_html.fromstring(html)
    except Exception:  # unparsable markup: nothing visible
        return ""
    parts: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


MAX_HTML_CAPTIONS = 60
_HTML_TITLE = re.compile(r"<title[^>]*>([^<]{1,400})</title>", re.IGNORECASE)


def _unescape(text: str) -> str:
    import html as html_lib

    return html_lib.unescape(text).strip()


def html_captions(html: str) -> list[str]:
    """Texts of <figcaption> elements and of elements whose class names a caption."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
        nodes = tree.xpath("//figcaption | //*[contains(@class, 'caption')]")
    except Exception:  # unparsable markup: no captions rather than a failure
        return []
    out: list[str] = []
    for node in nodes:
        if node.tag in ("script", "style", "figure", "img"):
            continue
        try:
            text = " ".join(node.text_content().split())
        except Exception:
            continue
        if not 10 <= len(text) <= 1500 or text in out:
            continue
        if node.tag != "figcaption" and len(text.split()) < 4:
            continue  # class-named "caption" containers also hold names and labels
        if _classify_default(text) if len(text) <= FURNITURE_MAX_LEN else None:
            continue
        if any(text in other for other in out):
            continue
        out = [o for o in out if o not in text]  # keep the fuller of nested caption elements
        out.append(text)
        if len(out) >= MAX_HTML_CAPTIONS:
            break
    return out
