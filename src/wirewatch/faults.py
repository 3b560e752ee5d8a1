"""Fault injection for crash tests: ``WIREWATCH_FAULT=<point>:<n>`` kills this process with
SIGKILL the n-th time it reaches ``checkpoint(<point>)``.

The reliability tests use it to kill real runs at exact places (mid-transaction, between
batches, inside the corpus stages) and then check that a resumed run ends with the store a
clean run gives. Unset, a checkpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_counts: dict[str, int] = {}


def checkpoint(point: str) -> None:
    spec = os.environ.get("WIREWATCH_FAULT")
    if not spec:
        return
    name, _, nth = spec.partition(":")
    if name != point:
        return
    _counts[point] = _counts.get(point, 0) + 1
    if _counts[point] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
