"""Fetching notices from the sources on the internet: one adapter per source.

Each adapter subclasses :class:`~kjopekraft.notices.sources.base.Source`, whose docstring says
how to write one; its own docstring lists the source's caveats. ``kjopekraft fetch`` runs them.
"""

from __future__ import annotations

from kjopekraft.notices.sources.base import Source
from kjopekraft.notices.sources.doffin import DoffinSource
from kjopekraft.notices.sources.ted import TedSource

SOURCES: dict[str, type[Source]] = {source.name: source for source in (DoffinSource, TedSource)}

__all__ = ["SOURCES", "DoffinSource", "Source", "TedSource"]
