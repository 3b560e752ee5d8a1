"""Response schemas of the JSON API, so /openapi.json documents what each endpoint returns.

Fields filled by upstream stages are optional with defaults: a store written by an older or
partial pipeline must still serialise, never turn a read into a 500.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ActorRefOut(_Out):
    name: str
    code: str | None = None
    sector: str | None = None
    role: str | None = None


class SupportOut(_Out):
    article_id: str | None = None
    sentence: str = ""
    start: int | None = None
    end: int | None = None
    caption: bool = False
    caption_index: int | None = None
    publisher: str | None = None


class StoryOut(_Out):
    id: str
    title: str | None = None
    article_ids: list[str] = Field(default_factory=list)
    publishers: list[str] = Field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None


class ArticleSummaryOut(_Out):
    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


class RemovedOut(_Out):
    text: str = ""
    reason: str | None = None


class ArticleOut(ArticleSummaryOut):
    author: str | None = None
    language: str | None = None
    dateline: str | None = None
    story_id: str | None = None
    duplicate_of: str | None = None
    body: str = ""
    captions: list[str] = Field(default_factory=list)
    removed: list[RemovedOut] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class EventOut(_Out):
    id: str
    story_id: str | None = None
    event: str
    mode: str | None = None
    cameo_root: str | None = None
    quad: int | None = None
    intensity: float | None = None
    actor: list[ActorRefOut] = Field(default_factory=list)
    recipient: list[ActorRefOut] = Field(default_factory=list)
    date: str | None = None
    day: str | None = Field(None, description="The event's date, else its story's first day")
    location: str | None = None
    status: str | None = None
    article_ids: list[str] = Field(default_factory=list)
    publishers: list[str] = Field(default_factory=list)
    support: list[SupportOut] = Field(default_factory=list)


class QuoteOut(_Out):
    id: str
    story_id: str | None = None
    text: str = ""
    kind: str | None = None
    speaker: ActorRefOut | None = None
    verb: str | None = None
    variants: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)
    publishers: list[str] = Field(default_factory=list)
    support: list[SupportOut] = Field(default_factory=list)


class ConflictSideOut(_Out):
    value: str = ""
    article_ids: list[str] = Field(default_factory=list)
    publishers: list[str] = Field(default_factory=list)
    sentences: list[str] = Field(default_factory=list)


class ConflictOut(_Out):
    id: str
    story_id: str | None = None
    kind: str | None = None
    about: str | None = None
    sides: list[ConflictSideOut] = Field(default_factory=list)


class StoryDetailOut(StoryOut):
    articles: list[ArticleSummaryOut] = Field(default_factory=list)
    events: list[EventOut] = Field(default_factory=list)
    quotes: list[QuoteOut] = Field(default_factory=list)
    conflicts: list[ConflictOut] = Field(default_factory=list)
    brief: dict[str, Any] | None = Field(
        None, description="wirewatch.brief.make_brief output, when that module is installed")


class DyadOut(_Out):
    actor: str
    recipient: str
    events: int = 0
    conflict: int = 0
    cooperation: int = 0
    first: str | None = None
    last: str | None = None
