"""Near-duplicate copies: the same wire text republished by several outlets.

Why MinHash-LSH: comparing every new article with every stored one costs O(corpus); an LSH index
over MinHash signatures finds the few candidates whose word-shingle Jaccard similarity is likely
above ``copy_threshold`` in time that does not grow with the corpus. Candidates are then checked
against the stored signatures (estimated Jaccard) so that a chance band collision is not a copy.

Why these shingles: outlets re-case headlines, swap quote marks, re-wrap lines and add or drop
punctuation. Shingles are built from lower-cased ``\\w+`` tokens (after Unicode NFKC), so all of
that vanishes; furniture lines the cleaner missed only lower the Jaccard a little on a full
article. Short texts (fewer words than a shingle) are one shingle of all their words.

Why a window: wire copies appear within days of the original. Entries older than
``copy_window_days`` (by the newest publication date seen) are evicted, and at most
``copy_max_entries`` are kept for undated streams, so memory stays flat on a stream of millions.

The index state is a compact byte string (JSON header + signature matrix, zlib-compressed), not a
pickle: the LSH tables are rebuilt from the signatures on load, so no code runs from stored data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import unicodedata
import zlib
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from wirewatch import config

_WORD = re.compile(r"\w+")
_STATE_MAGIC = b"WWCOPY1\n"
_LSH_SLACK = 0.1  # LSH candidate threshold below copy_threshold
_VERIFY_MARGIN = 0.03  # estimated Jaccard may fall this far below copy_threshold
_SCHEME = "affine32"  # datasketch 2.x permutation scheme; pinned so stored signatures stay comparable


def _crc32(data: bytes) -> int:
    # Deterministic across processes (Python's hash() is salted), fast, and 32 bits are what
    # MinHash's permutations expect.
    return zlib.crc32(data)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, blind to case, punctuation, quote style and whitespace."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def shingles(text: str, size: int) -> set[bytes]:
    """Word ``size``-grams of ``text`` as bytes (the unit MinHash hashes)."""
    toks = words(text)
    if not toks:
        return set()
    if len(toks) < size:
        return {" ".join(toks).encode()}
    return {" ".join(toks[i : i + size]).encode() for i in range(len(toks) - size + 1)}


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Exact Jaccard similarity (used by tests and the recall benchmark)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def day_ordinal(published: str | None) -> int | None:
    """The proleptic ordinal of a YYYY-MM-DD[...] date, or None when absent or malformed."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


@dataclass(slots=True)
class _Entry:
    root: str  # the earliest text this one copies (itself when it is an original)
    day: int | None
    sig: np.ndarray  # MinHash hash values
    seq: int  # position in the stream, to prefer the earliest among equals


class CopyIndex:
    """Streaming near-duplicate detector over word shingles (MinHash-LSH).

    ``add`` is called in publication order; it returns the id of the earliest article this one
    is a copy of (following chains, so a copy of a copy points at the original), else None.
    """

    def __init__(
        self,
        threshold: float | None = None,
        shingle: int | None = None,
        num_perm: int | None = None,
        window_days: int | None = None,
        max_entries: int | None = None,
    ):
        self.threshold = float(config.get("copy_threshold") if threshold is None else threshold)
        self.shingle = int(config.get("copy_shingle") if shingle is None else shingle)
        self.num_perm = int(config.get("copy_num_perm") if num_perm is None else num_perm)
        self.window_days = int(
            config.get("copy_window_days") if window_days is None else window_days
        )
        self.max_entries = int(
            config.get("copy_max_entries") if max_entries is None else max_entries
        )
        self._template = MinHash(num_perm=self.num_perm, hashfunc=_crc32, scheme=_SCHEME)
        # The LSH bands are set for a lower threshold than the one we verify, and the check
        # allows for the estimate's spread (std ~0.035 at J=0.8 with 128 permutations): both
        # trade a few extra candidate checks for not missing copies that sit at the threshold.
        self._lsh = MinHashLSH(threshold=max(0.3, self.threshold - _LSH_SLACK),
                               num_perm=self.num_perm)
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # insertion (= stream) order
        self._latest_day: int | None = None
        self._seq = 0

    # ------------------------------------------------------------------ public API
    def signature(self, text: str) -> MinHash:
        m = MinHash(
            num_perm=self.num_perm, hashfunc=_crc32, permutations=self._template.permutations, scheme=_SCHEME
        )
        sh = shingles(text, self.shingle)
        if sh:
            m.update_batch(sh)
        return m

    def add(self, article_id: str, text: str, published: str | None) -> str | None:
        """Index one article; return the id of the earlier copy it duplicates, or None."""
        if article_id in self._entries:
            entry = self._entries[article_id]
            return None if entry.root == article_id else entry.root
        day = day_ordinal(published)
        if day is not None and (self._latest_day is None or day > self._latest_day):
            self._latest_day = day
            self._evict()
        m = self.signature(text)
        if not words(text):
            return None
        best: tuple[float, int, str] | None = None
        order = {k: i for i, k in enumerate(self._lsh.query(m))} if self._entries else {}
        for key in order:
            cand = self._entries.get(key)
            if cand is None:
                continue
            sim = float(np.mean(cand.sig == m.hashvalues))
            if sim < self.threshold - _VERIFY_MARGIN:
                continue
            # Prefer the most similar; among equals the earliest in the stream.
            rank = (sim, -cand.seq, key)
            if best is None or rank[:2] > best[:2]:
                best = rank
        root = article_id if best is None else self._entries[best[2]].root
        self._insert(article_id, _Entry(root, day, m.hashvalues.copy(), self._seq))
        return None if best is None else root

    def __len__(self) -> int:
        return len(self._entries)

    # ------------------------------------------------------------------ state
    def to_state(self) -> bytes:
        ids = list(self._entries)
        header = {
            "threshold": self.threshold,
            "shingle": self.shingle,
            "num_perm": self.num_perm,
            "window_days": self.window_days,
            "max_entries": self.max_entries,
            "latest_day": self._latest_day,
            "ids": ids,
            "roots": [self._entries[i].root for i in ids],
            "days": [self._entries[i].day for i in ids],
            "dtype": str(self._template.hashvalues.dtype),
        }
        sigs = (
            np.stack([self._entries[i].sig for i in ids])
            if ids
            else np.zeros((0, self.num_perm), dtype=self._template.hashvalues.dtype)
        )
        head = json.dumps(header).encode()
        raw = struct.pack("<Q", len(head)) + head + sigs.tobytes()
        return _STATE_MAGIC + zlib.compress(raw, 6)

    @classmethod
    def from_state(cls, b: bytes) -> CopyIndex:
        if not b.startswith(_STATE_MAGIC):
            raise ValueError("not a CopyIndex state")
        raw = zlib.decompress(b[len(_STATE_MAGIC) :])
        (n,) = struct.unpack("<Q", raw[:8])
        header = json.loads(raw[8 : 8 + n])
        idx = cls(
            threshold=header["threshold"],
            shingle=header["shingle"],
            num_perm=header["num_perm"],
            window_days=header["window_days"],
            max_entries=header["max_entries"],
        )
        sigs = np.frombuffer(raw[8 + n :], dtype=np.dtype(header["dtype"])).reshape(
            -1, header["num_perm"]
        )
        for i, aid in enumerate(header["ids"]):
            idx._insert(aid, _Entry(header["roots"][i], header["days"][i], sigs[i].copy(), i))
        idx._latest_day = header["latest_day"]
        return idx

    # ------------------------------------------------------------------ internals
    def _insert(self, article_id: str, entry: _Entry) -> None:
        m = MinHash(
            num_perm=self.num_perm,
            hashfunc=_crc32,
            permutations=self._template.permutations, scheme=_SCHEME,
            hashvalues=entry.sig,
        )
        self._lsh.insert(article_id, m, check_duplication=False)
        self._entries[article_id] = entry
        self._seq = max(self._seq, entry.seq) + 1
        while len(self._entries) > self.max_entries:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self._entries.pop(key, None)
        self._lsh.remove(key)

    def _evict(self) -> None:
        """Drop entries published more than ``window_days`` before the newest date seen.

        Entries are in stream (publication) order, so the old ones sit at the front; an
        undated entry stays until the size cap pushes it out.
        """
        if self._latest_day is None:
            return
        horizon = self._latest_day - self.window_days
        stale = []
        for key, entry in self._entries.items():
            if entry.day is None:
                continue
            if entry.day >= horizon:
                break
            stale.append(key)
        for key in stale:
            self._drop(key)
