"""The advisor's answer as the page, the ``advise`` command and ``/api/advice/`` give it.

The rules are in ``advisor.py`` (pure); this module reads a question in a language, translates
the explanations, and puts the catalogue's names on the instruments the rules chose. An ended
instrument is left out: the advice points only to schemes a buyer can use today.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext

from kjopekraft.instruments import advisor
from kjopekraft.instruments.models import Instrument

LANGUAGE_CODES = ("nb", "nn", "en")


def read_question(raw: Mapping[str, object]) -> advisor.Question:
    """Raises :class:`advisor.InvalidQuestion`; the date defaults to today in Oslo."""
    return advisor.parse_question(raw, today=timezone.localdate())


def error_messages(error: advisor.InvalidQuestion, language: str = "nb") -> dict[str, list[str]]:
    with translation.override(language):
        return error.messages(gettext)


def instrument_links(codes: tuple[str, ...]) -> list[dict[str, Any]]:
    found = Instrument.objects.active().in_bulk(list(codes), field_name="code")
    return [
        {
            "code": code,
            "name": found[code].name,
            "owner": found[code].owner,
            "url": found[code].get_absolute_url(),
        }
        for code in codes
        if code in found
    ]


def advice_document(question: advisor.Question, language: str = "nb") -> dict[str, Any]:
    """The answer as JSON-ready data, explanations and instrument names in ``language``."""
    with translation.override(language):
        advice = advisor.advise(question)
        document = advice.as_document(gettext)
        document["instruments"] = instrument_links(advice.instruments)
        document["language"] = language
    return document
