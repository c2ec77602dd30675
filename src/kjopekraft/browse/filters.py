"""What a search is: the words and the filters, as one value that pages, saved searches, alerts
and exports share.

A :class:`Filters` is built from a validated :class:`~kjopekraft.browse.forms.SearchForm`, or
from a saved search's stored parameters, and turns back into the same query string, so a saved
search, an export link and the page it came from always mean the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where a notice came from. The legacy TED notices are told apart because the bundled ones
    are a stratified sample, not a picture of TED."""

    DOFFIN = "doffin", _("Doffin")
    TED = "ted", _("TED (eForms)")
    TED_LEGACY = "ted-legacy", _("TED, legacy format (sample)")


# Parameters that take several values (repeated in the query string), in their display order.
MULTI = ("innovation", "green", "social", "year", "county", "cpv", "procedure", "source")


@dataclass(frozen=True)
class Filters:
    """A search: free text plus filters. Empty values mean "any"."""

    q: str = ""
    innovation: tuple[str, ...] = ()
    green: tuple[str, ...] = ()
    social: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    buyer: str = ""
    county: tuple[str, ...] = ()
    cpv: tuple[str, ...] = ()
    procedure: tuple[str, ...] = ()
    source: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Filters:
        """From stored parameters (a saved search): unknown keys are ignored."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = params.get(field.name)
            if raw in (None, "", []):
                continue
            if field.name in MULTI:
                items = raw if isinstance(raw, list | tuple) else [raw]
                convert = int if field.name == "year" else str
                values[field.name] = tuple(convert(item) for item in items)
            else:
                values[field.name] = str(raw)
        return cls(**values)

    def as_params(self) -> dict[str, Any]:
        """The non-empty parameters, JSON-ready: what a saved search stores."""
        params: dict[str, Any] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if not value:
                continue
            params[field.name] = [str(v) for v in value] if field.name in MULTI else value
        return params

    def querystring(self) -> str:
        return urlencode(self.as_params(), doseq=True)

    @property
    def is_empty(self) -> bool:
        return not self.as_params()

    @property
    def has_filters(self) -> bool:
        """Whether anything besides the words narrows the search."""
        return any(v for k, v in self.as_params().items() if k != "q")

    @property
    def includes_legacy_ted(self) -> bool:
        """Whether the results may hold legacy TED notices (the stratified sample)."""
        return not self.source or Source.TED_LEGACY in self.source
