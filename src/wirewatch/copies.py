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

Why a flat-array index, not datasketch's ``MinHashLSH``: its tables hold a bytes key and a Python
set per band per article (about 4 KB an article; 80 MB for the 20k articles of a 14-day window at
1,500 a day). Here the window is one ``uint32`` signature matrix, one ``uint64`` band-key matrix,
and a sorted array of (band key, row) pairs plus a small dict of the rows added since the last
merge: about 1 KB an article. Candidates are the rows sharing a band exactly (the band values are
compared, not only their keys), as in datasketch with the same bands and rows, so the copies
found are the same. datasketch still computes the MinHash signatures.

The index state is a compact byte string (JSON header + signature matrix, zlib-compressed), not a
pickle: the band tables are rebuilt from the signatures on load, so no code runs from stored data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import unicodedata
import zlib
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from wirewatch import config

_WORD = re.compile(r"\w+")
_STATE_MAGIC = b"WWCOPY1\n"
_LSH_SLACK = 0.1  # LSH candidate threshold below copy_threshold
_VERIFY_MARGIN = 0.03  # estimated Jaccard may fall this far below copy_threshold
_SCHEME = "affine32"  # datasketch 2.x permutation scheme; pinned so stored signatures stay comparable
_SIG_DTYPE = np.uint32  # affine32 hash values fit in 32 bits (datasketch's _max_hash)
_NO_DAY = -1  # day column of an undated entry
_MERGE_MIN = 2048  # rows added before the sorted band table is rebuilt (at least)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(0x100000001B3)
_SHIFT = np.uint64(29)


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


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """64-bit keys of each signature's LSH bands: ``(..., bands)`` from ``(..., num_perm)``.

    A key only finds candidates; a candidate's band values are compared exactly before it
    counts, so a (rare) key collision costs one extra comparison, never a wrong copy.
    """
    band = sigs[..., : bands * rows].reshape(*sigs.shape[:-1], bands, rows).astype(np.uint64)
    h = (np.arange(1, bands + 1, dtype=np.uint64) * _MIX) * np.ones(band.shape[:-1], np.uint64)
    for j in range(rows):
        h = (h ^ band[..., j]) * _PRIME
        h ^= h >> _SHIFT
    return h


class CopyIndex:
    """Streaming near-duplicate detector over word shingles (MinHash-LSH).

    ``add`` is called in publication order; it returns the id of the earliest article this one
    is a copy of (following chains, so a copy of a copy points at the original), else None.

    Rows of the arrays are entries in stream order; an evicted entry is marked dead and its row
    reclaimed when the arrays are compacted (at a merge), so the row order is always the stream
    order and "the earliest among equals" is the lowest row.
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
        # datasketch picks the bands (b) and rows per band (r) for that threshold.
        lsh = MinHashLSH(threshold=max(0.3, self.threshold - _LSH_SLACK), num_perm=self.num_perm)
        self._b, self._r = int(lsh.b), int(lsh.r)
        del lsh
        self._latest_day: int | None = None
        # rows [0, _n) of the arrays are used; rows below _front are all dead
        self._sig = np.zeros((0, self.num_perm), dtype=_SIG_DTYPE)
        self._keys = np.zeros((0, self._b), dtype=np.uint64)
        self._day = np.zeros(0, dtype=np.int64)
        self._alive = np.zeros(0, dtype=bool)
        self._ids: list[str] = []
        self._roots: list[str] = []
        self._row: dict[str, int] = {}  # live id -> row
        self._n = 0
        self._front = 0
        # band table: sorted (key, row) pairs for rows below _indexed, a dict for the rest
        self._skeys = np.zeros(0, dtype=np.uint64)
        self._srows = np.zeros(0, dtype=np.int64)
        self._indexed = 0
        self._recent: dict[int, list[int]] = {}

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
        row = self._row.get(article_id)
        if row is not None:
            root = self._roots[row]
            return None if root == article_id else root
        day = day_ordinal(published)
        if day is not None and (self._latest_day is None or day > self._latest_day):
            self._latest_day = day
            self._evict()
        sig = self.signature(text).hashvalues.astype(_SIG_DTYPE)
        if not words(text):
            return None
        keys = band_keys(sig, self._b, self._r)
        best = self._best(sig, keys) if self._row else None
        root = article_id if best is None else self._roots[best]
        self._append(article_id, root, day, sig, keys)
        return None if best is None else root

    def __len__(self) -> int:
        return len(self._row)

    # ------------------------------------------------------------------ state
    def to_state(self) -> bytes:
        live = np.flatnonzero(self._alive[: self._n])
        header = {
            "threshold": self.threshold,
            "shingle": self.shingle,
            "num_perm": self.num_perm,
            "window_days": self.window_days,
            "max_entries": self.max_entries,
            "latest_day": self._latest_day,
            "ids": [self._ids[i] for i in live],
            "roots": [self._roots[i] for i in live],
            "days": [None if d == _NO_DAY else d for d in self._day[live].tolist()],
            "dtype": np.dtype(_SIG_DTYPE).name,
        }
        head = json.dumps(header).encode()
        # Compressed piece by piece: the signature rows are never joined into a second copy.
        z = zlib.compressobj(6)
        parts = [_STATE_MAGIC, z.compress(struct.pack("<Q", len(head))), z.compress(head)]
        step = 4096
        for start in range(0, len(live), step):
            parts.append(z.compress(self._sig[live[start : start + step]].tobytes()))
        parts.append(z.flush())
        return b"".join(parts)

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
        rows = len(header["ids"])
        idx._grow(max(rows, _MERGE_MIN))
        idx._sig[:rows] = sigs  # older states stored uint64 values below 2**32
        idx._keys[:rows] = band_keys(idx._sig[:rows], idx._b, idx._r)
        idx._day[:rows] = [_NO_DAY if d is None else d for d in header["days"]]
        idx._alive[:rows] = True
        idx._ids = list(header["ids"])
        idx._roots = list(header["roots"])
        idx._row = {aid: i for i, aid in enumerate(idx._ids)}
        idx._n = rows
        idx._merge()
        idx._latest_day = header["latest_day"]
        idx._cap()
        return idx

    # ------------------------------------------------------------------ internals
    def _best(self, sig: np.ndarray, keys: np.ndarray) -> int | None:
        """Row of the most similar live entry (earliest among equals), or None.

        Candidates share at least one band exactly; a candidate counts when its estimated
        Jaccard clears ``threshold - _VERIFY_MARGIN``.
        """
        found: list[Any] = []
        if len(self._skeys):
            lo = np.searchsorted(self._skeys, keys, side="left")
            hi = np.searchsorted(self._skeys, keys, side="right")
            found.extend(self._srows[a:z] for a, z in zip(lo.tolist(), hi.tolist(), strict=True)
                         if z > a)
        if self._recent:
            for k in keys.tolist():
                rows = self._recent.get(k)
                if rows:
                    found.append(rows)
        if not found:
            return None
        cand = np.unique(np.concatenate([np.asarray(f, dtype=np.int64) for f in found]))
        cand = cand[self._alive[cand]]
        width = self._b * self._r
        cands = self._sig[cand]
        same_band = (cands[:, :width].reshape(len(cand), self._b, self._r)
                     == sig[:width].reshape(self._b, self._r)).all(axis=2).any(axis=1)
        cand, cands = cand[same_band], cands[same_band]
        if not len(cand):
            return None
        sims = np.count_nonzero(cands == sig, axis=1) / float(self.num_perm)
        ok = sims >= self.threshold - _VERIFY_MARGIN
        if not ok.any():
            return None
        cand, sims = cand[ok], sims[ok]
        # the most similar; among equals the earliest in the stream (rows are in stream order)
        return int(cand[np.flatnonzero(sims == sims.max())[0]])

    def _append(self, article_id: str, root: str, day: int | None, sig: np.ndarray,
                keys: np.ndarray) -> None:
        if self._n == len(self._sig):
            self._merge(compact=True)
            if self._n >= 3 * len(self._sig) // 4:
                self._grow(max(_MERGE_MIN, 2 * len(self._sig)))
        i = self._n
        self._sig[i] = sig
        self._keys[i] = keys
        self._day[i] = _NO_DAY if day is None else day
        self._alive[i] = True
        self._ids.append(article_id)
        self._roots.append(root)
        self._row[article_id] = i
        self._n += 1
        for k in keys.tolist():
            self._recent.setdefault(k, []).append(i)
        self._cap()
        if self._n - self._indexed >= max(_MERGE_MIN, len(self._row) // 8):
            self._merge()

    def _grow(self, cap: int) -> None:
        def grown(a: np.ndarray) -> np.ndarray:
            out = np.zeros((cap, *a.shape[1:]), dtype=a.dtype)
            out[: self._n] = a[: self._n]
            return out

        self._sig, self._keys = grown(self._sig), grown(self._keys)
        self._day, self._alive = grown(self._day), grown(self._alive)

    def _merge(self, compact: bool = False) -> None:
        """Rebuild the sorted band table over the live rows (dropping dead rows first when
        ``compact`` or when they outnumber half the live ones)."""
        dead = self._n - len(self._row)
        if compact or dead > len(self._row) // 2:
            keep = np.flatnonzero(self._alive[: self._n])
            m = len(keep)
            self._sig[:m] = self._sig[keep]
            self._keys[:m] = self._keys[keep]
            self._day[:m] = self._day[keep]
            self._alive[:m] = True
            self._alive[m:] = False
            self._ids = [self._ids[i] for i in keep.tolist()]
            self._roots = [self._roots[i] for i in keep.tolist()]
            self._row = {aid: i for i, aid in enumerate(self._ids)}
            self._n, self._front = m, 0
        live = np.flatnonzero(self._alive[: self._n])
        keys = self._keys[live].ravel()
        order = np.argsort(keys, kind="stable")
        self._skeys = keys[order]
        self._srows = np.repeat(live, self._b)[order]
        self._indexed = self._n
        self._recent = {}

    def _kill(self, row: int) -> None:
        self._alive[row] = False
        del self._row[self._ids[row]]

    def _cap(self) -> None:
        """At most ``max_entries`` live entries: the oldest in the stream go first."""
        while len(self._row) > self.max_entries:
            while not self._alive[self._front]:
                self._front += 1
            self._kill(self._front)

    def _evict(self) -> None:
        """Drop entries published more than ``window_days`` before the newest date seen.

        Entries are in stream (publication) order, so the old ones sit at the front: dated
        entries are dropped up to the first one inside the window; an undated entry stays
        until the size cap pushes it out.
        """
        if self._latest_day is None or not self._row:
            return
        horizon = self._latest_day - self.window_days
        lo = self._front
        day = self._day[lo : self._n]
        dated = self._alive[lo : self._n] & (day != _NO_DAY)
        inside = np.flatnonzero(dated & (day >= horizon))
        stop = int(inside[0]) if len(inside) else self._n - lo
        for row in (lo + np.flatnonzero(dated[:stop])).tolist():
            self._kill(row)
        while self._front < self._n and not self._alive[self._front]:
            self._front += 1
