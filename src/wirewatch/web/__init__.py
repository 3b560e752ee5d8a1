"""The local web dashboard (``wirewatch serve``): pages and a JSON API over a store."""

from wirewatch.web.app import create_app

__all__ = ["create_app"]
